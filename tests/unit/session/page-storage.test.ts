import { CookieStorage } from 'aws-amplify/utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PageStorageDump, readSessionStores } from '../../../utils/session/page-reader';
import { parsePageStorage } from '../../../utils/session/page-scan';
import { describePageSession } from '../../../utils/session/page-storage';
import { accessClaims, makeKey, signToken } from '../token/fixtures';

const P = 'CognitoIdentityServiceProvider';
let access: string;
let accessBob: string;
let idToken: string;
beforeAll(async () => {
  const key = await makeKey('k1');
  access = await signToken(key, accessClaims());
  accessBob = await signToken(key, accessClaims({ username: 'bob.smith@example.com', client_id: 'clientB' }));
  idToken = await signToken(key, accessClaims({ token_use: 'id' }));
});

const dump = (entries: [string, string][], origin = 'https://app.example.com'): PageStorageDump => ({
  origin,
  entries,
});

describe('parsePageStorage', () => {
  it('reads an amazon-cognito-identity-js session with LastAuthUser', () => {
    const found = parsePageStorage(
      dump([
        [`${P}.clientA.LastAuthUser`, 'alice'],
        [`${P}.clientA.alice.accessToken`, access],
        [`${P}.clientA.alice.idToken`, idToken],
        [`${P}.clientA.alice.refreshToken`, 'eyJjdHkiOiJKV1QifQ.a.b.c.d'],
        [`${P}.clientA.alice.clockDrift`, '-3'],
        [`${P}.clientA.alice.deviceKey`, 'us-east-1_0a1b2c3d-0000-4000-8000-00000000abcd'],
        [`${P}.clientA.alice.deviceGroupKey`, '-aBcDeF123'],
      ]),
    );
    expect(found).toEqual([
      {
        where: 'localStorage',
        format: 'amplify',
        clientId: 'clientA',
        username: 'alice',
        lastAuthUser: true,
        values: {
          accessToken: access,
          idToken,
          refreshToken: 'eyJjdHkiOiJKV1QifQ.a.b.c.d',
          clockDriftSec: -3,
          deviceKey: 'us-east-1_0a1b2c3d-0000-4000-8000-00000000abcd',
          deviceGroupKey: '-aBcDeF123',
        },
      },
    ]);
  });

  it('finds several clients and users, LastAuthUser first, usernames with dots', () => {
    const found = parsePageStorage(
      dump([
        [`${P}.clientB.bob.smith@example.com.accessToken`, accessBob],
        [`${P}.clientA.carol.accessToken`, access],
        [`${P}.clientA.alice.accessToken`, access],
        [`${P}.clientA.LastAuthUser`, 'alice'],
        [`${P}.clientB.LastAuthUser`, 'bob.smith@example.com'],
      ]),
    );
    expect(found.map((f) => [f.clientId, f.username, f.lastAuthUser])).toEqual([
      ['clientB', 'bob.smith@example.com', true],
      ['clientA', 'alice', true],
      ['clientA', 'carol', false],
    ]);
  });

  it('ignores Amplify v6 extra keys and unrelated keys', () => {
    const found = parsePageStorage(
      dump([
        [`${P}.clientA.LastAuthUser`, 'alice'],
        [`${P}.clientA.alice.accessToken`, access],
        [`${P}.clientA.alice.signInDetails`, '{"loginId":"alice","authFlowType":"USER_SRP_AUTH"}'],
        [`${P}.clientA.alice.randomPasswordKey`, 'secret-ish'],
        [`${P}.clientA.alice.userData`, '{"UserAttributes":[]}'],
        [`${P}.clientA.alice.oauthMetadata`, '{"oauthSignIn":false}'],
        ['amplify-signin-with-hostedUI', 'false'],
        [`${P}.clientA`, 'no field'],
      ]),
    );
    expect(found).toHaveLength(1);
    expect(Object.keys(found[0]?.values ?? {}).sort()).toEqual(['accessToken', 'clockDriftSec']);
  });

  it.each<[string, [string, string][]]>([
    ['junk access token', [[`${P}.c.u.accessToken`, 'not a jwt <script>']]],
    ['junk refresh token', [[`${P}.c.u.refreshToken`, 'spaces are not allowed']]],
    ['junk clock drift', [[`${P}.c.u.clockDrift`, '1e9']]],
    ['non-integer clock drift', [[`${P}.c.u.clockDrift`, '2.5']]],
    ['junk device key', [[`${P}.c.u.deviceKey`, '../../etc']]],
    ['junk device group key', [[`${P}.c.u.deviceGroupKey`, '<img src=x>']]],
  ])('drops a %s', (_name, entries) => {
    const [first] = parsePageStorage(dump(entries));
    expect(first?.values).toEqual({ clockDriftSec: 0 });
  });

  it.each<[string, unknown]>([
    ['no entries', []],
    ['entries not an array', 'oops'],
    ['non-string values', [[`${P}.c.u.accessToken`, 42]]],
    ['bad client id', [[`${P}.bad client.u.accessToken`, 'x.y.z']]],
    ['key without prefix', [['Other.c.u.accessToken', 'x.y.z']]],
    ['garbage tuples', [null, [1], 'x']],
  ])('finds nothing in %s', (_name, entries) => {
    expect(parsePageStorage({ origin: 'https://x', entries } as unknown as PageStorageDump)).toEqual([]);
  });

  it('lists a LastAuthUser without tokens as an incomplete candidate', () => {
    const [only] = parsePageStorage(dump([[`${P}.clientA.LastAuthUser`, 'alice']]));
    expect(only && describePageSession(only)).toMatchObject({ username: 'alice', problem: 'ERR_SESSION_INCOMPLETE' });
  });
});

describe('describePageSession', () => {
  it('summarizes without any token', () => {
    const [s] = parsePageStorage(dump([[`${P}.democlient1234567890abcdef.alice.accessToken`, access]]));
    const candidate = s && describePageSession(s);
    expect(candidate).toMatchObject({ username: 'alice', poolId: 'us-east-1_Demo1', hasRefreshToken: false });
    expect(JSON.stringify(candidate)).not.toContain(access.split('.')[2]);
  });

  it('flags an ID token stored as the access token', () => {
    const [s] = parsePageStorage(dump([[`${P}.c.alice.accessToken`, idToken]]));
    expect(s && describePageSession(s).problem).toBe('ERR_TOKEN_NOT_ACCESS');
  });
});

describe('readSessionStores (runs in the page)', () => {
  it('returns only the Cognito and oidc-client-ts keys of both storages and the cookies, capped in size', async () => {
    localStorage.clear();
    sessionStorage.clear();
    localStorage.setItem(`${P}.c.LastAuthUser`, 'alice');
    localStorage.setItem(`${P}.c.alice.accessToken`, 'a.b.c');
    localStorage.setItem(`${P}.c.alice.userData`, 'x'.repeat(30_000));
    localStorage.setItem('theme', 'dark');
    sessionStorage.setItem('oidc.user:https://issuer/pool:client1', '{"access_token":"a.b.c"}');
    sessionStorage.setItem('other', 'x');
    // As Amplify's CookieStorage writes it.
    await new CookieStorage({ secure: false }).setItem(`${P}.c.bob.idToken`, 'a.b.c');
    const result = readSessionStores();
    expect(result.origin).toBe(location.origin);
    expect(Object.fromEntries(result.entries)).toEqual({
      [`${P}.c.LastAuthUser`]: 'alice',
      [`${P}.c.alice.accessToken`]: 'a.b.c',
    });
    // Too large: left out, its key and the reason kept (never the value).
    expect(result.skipped).toEqual([{ where: 'localStorage', key: `${P}.c.alice.userData`, reason: 'too-large' }]);
    expect(result.sessionEntries).toEqual([['oidc.user:https://issuer/pool:client1', '{"access_token":"a.b.c"}']]);
    expect(result.cookie).toContain(`${P}.c.bob.idToken=a.b.c`);
    expect(result.unreadable).toBe(false);
    localStorage.clear();
    sessionStorage.clear();
    await new CookieStorage({ secure: false }).removeItem(`${P}.c.bob.idToken`);
  });

  it('is self-contained (no references to module scope), so executeScript can serialize it', () => {
    // Rebuilding the function from its source alone proves it closes over nothing.
    const rebuilt = new Function(`return (${readSessionStores.toString()})`)() as typeof readSessionStores;
    expect(rebuilt().entries).toEqual([]);
  });
});
