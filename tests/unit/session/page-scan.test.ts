/**
 * Every place and format a page keeps a Cognito session in, and every kind of
 * bad input, table-driven. Cookies are written by Amplify's own CookieStorage
 * (js-cookie's encoding) and oidc-client-ts users by its own `User` class, so
 * the formats are the libraries', not ours.
 */
import { CookieStorage } from 'aws-amplify/utils';
import { User } from 'oidc-client-ts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCookieString } from '../../../utils/session/page-cookies';
import type { PageStorageDump } from '../../../utils/session/page-reader';
import { scanPage } from '../../../utils/session/page-scan';
import { describePageSession } from '../../../utils/session/page-storage';
import { accessClaims, CLIENT_ID, LOOPBACK_ISS, makeKey, signToken } from '../token/fixtures';

const P = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
const OIDC_KEY = `oidc.user:${LOOPBACK_ISS}:${CLIENT_ID}`;
let access: string;
let accessNoAdmin: string;
let accessOtherClient: string;
let accessOtherPool: string;
let idToken: string;
beforeAll(async () => {
  const key = await makeKey('k1');
  access = await signToken(key, accessClaims());
  accessNoAdmin = await signToken(key, accessClaims({ scope: 'openid email' }));
  accessOtherClient = await signToken(key, accessClaims({ client_id: 'someotherclient0000000001' }));
  accessOtherPool = await signToken(key, accessClaims({ iss: 'http://127.0.0.1:4599/us-east-1_Other' }));
  idToken = await signToken(key, accessClaims({ token_use: 'id' }));
});

const dump = (patch: Partial<PageStorageDump>): PageStorageDump => ({
  origin: 'https://app.example',
  entries: [],
  ...patch,
});
const amplify = (token = access, user = 'alice'): [string, string][] => [
  [`${P}.LastAuthUser`, user],
  [`${P}.${user}.accessToken`, token],
  [`${P}.${user}.idToken`, idToken],
  [`${P}.${user}.refreshToken`, 'eyJjdHkiOiJKV1QifQ.a.b.c.d'],
  [`${P}.${user}.deviceKey`, 'us-east-1_0a1b2c3d-0000-4000-8000-00000000abcd'],
];
const oidcUser = (token: string, scope = 'openid email') =>
  new User({
    access_token: token,
    id_token: idToken,
    refresh_token: 'eyJjdHkiOiJKV1QifQ.a.b.c.d',
    token_type: 'Bearer',
    scope,
    profile: { sub: 's', iss: LOOPBACK_ISS, aud: CLIENT_ID, exp: 0, iat: 0, 'cognito:username': 'alice' },
    expires_at: 2_000_000_000,
  }).toStorageString();

/** The page's cookie string after Amplify's CookieStorage wrote `entries`. */
async function amplifyCookies(entries: [string, string][]): Promise<string> {
  const store = new CookieStorage({ secure: false, sameSite: 'lax' });
  for (const [k, v] of entries) await store.setItem(k, v);
  return document.cookie;
}
afterEach(async () => {
  await new CookieStorage({ secure: false }).clear();
});

describe('scanPage: every store and format', () => {
  it.each([
    ['localStorage', () => dump({ entries: amplify() }), 'localStorage', 'amplify'],
    ['sessionStorage', () => dump({ sessionEntries: amplify() }), 'sessionStorage', 'amplify'],
    [
      'oidc in sessionStorage',
      () => dump({ sessionEntries: [[OIDC_KEY, oidcUser(access)]] }),
      'sessionStorage',
      'oidc',
    ],
    ['oidc in localStorage', () => dump({ entries: [[OIDC_KEY, oidcUser(access)]] }), 'localStorage', 'oidc'],
  ] as const)('%s', (_name, make, where, format) => {
    const { sessions, skipped } = scanPage(make());
    expect(skipped).toEqual([]);
    expect(sessions).toHaveLength(1);
    const [s] = sessions;
    expect(s).toMatchObject({ where, format, clientId: CLIENT_ID, username: 'alice' });
    expect(s?.values.accessToken).toBe(access);
    expect(s?.values.refreshToken).toBe('eyJjdHkiOiJKV1QifQ.a.b.c.d');
    const seen = s && describePageSession(s);
    expect(seen).toMatchObject({ where, format, adminScope: true });
    expect(seen?.problem).toBeUndefined();
  });

  it('cookies written by Amplify’s CookieStorage (URL-encoded values) are read back as written', async () => {
    const cookie = await amplifyCookies([...amplify(), [`${P}.alice.signInDetails`, '{"loginId":"a@b c"}']]);
    expect(cookie).toContain('%22'); // js-cookie percent-encoded the JSON
    const { sessions } = scanPage(dump({ cookie }));
    expect(sessions).toMatchObject([{ where: 'cookie', format: 'amplify', username: 'alice', lastAuthUser: true }]);
    expect(sessions[0]?.values.deviceKey).toBe('us-east-1_0a1b2c3d-0000-4000-8000-00000000abcd');
  });

  it('a username js-cookie had to percent-encode (in the names and the LastAuthUser value) reads back as written', async () => {
    const cookie = await amplifyCookies(amplify(access, 'zoë'));
    expect(cookie).toContain('zo%C3%AB');
    const { sessions } = scanPage(dump({ cookie }));
    expect(sessions).toMatchObject([{ where: 'cookie', username: 'zoë', lastAuthUser: true }]);
    expect(sessions[0]?.values.accessToken).toBe(access);
  });

  it('one chooser list for a page holding several stores, LastAuthUser first, each named by where it is', async () => {
    const cookie = await amplifyCookies(amplify(access, 'bob'));
    const { sessions } = scanPage(
      dump({ entries: amplify(), sessionEntries: [[OIDC_KEY, oidcUser(accessNoAdmin)]], cookie }),
    );
    expect(sessions.map((s) => [s.where, s.format, s.username])).toEqual([
      ['localStorage', 'amplify', 'alice'],
      ['cookie', 'amplify', 'bob'],
      ['sessionStorage', 'oidc', 'alice'],
    ]);
    expect(sessions.map((s) => describePageSession(s).adminScope)).toEqual([true, true, false]);
  });

  it('a cookie split across <name>.0, <name>.1 is joined in order', () => {
    const half = Math.floor(access.length / 2);
    const cookie = [
      `${P}.LastAuthUser=alice`,
      `${P}.alice.accessToken.1=${encodeURIComponent(access.slice(half))}`,
      `${P}.alice.accessToken.0=${encodeURIComponent(access.slice(0, half))}`,
    ].join('; ');
    expect(scanPage(dump({ cookie })).sessions[0]?.values.accessToken).toBe(access);
  });

  it('tokens visible only through LastAuthUser in cookies: said to be httpOnly', () => {
    const [s] = scanPage(dump({ cookie: `${P}.LastAuthUser=alice` })).sessions;
    expect(s && describePageSession(s).problem).toBe('ERR_SESSION_HTTPONLY');
  });
});

describe('scanPage: bad input is skipped with a reason, never a crash', () => {
  it.each<[string, () => PageStorageDump, { reason?: string; problem?: string; sessions?: number }]>([
    ['non-JSON oidc entry', () => dump({ sessionEntries: [[OIDC_KEY, '{not json']] }), { reason: 'not-json' }],
    ['oidc JSON that is a string', () => dump({ sessionEntries: [[OIDC_KEY, '"x"']] }), { reason: 'not-json' }],
    [
      'oidc user without a token',
      () => dump({ sessionEntries: [[OIDC_KEY, '{"scope":"openid"}']] }),
      { reason: 'no-access-token' },
    ],
    [
      'oidc key without an authority',
      () => dump({ sessionEntries: [[`oidc.user:${CLIENT_ID}`, oidcUser(access)]] }),
      { reason: 'bad-key' },
    ],
    [
      'oidc key with a bad client id',
      () => dump({ sessionEntries: [[`oidc.user:${LOOPBACK_ISS}:a/b`, oidcUser(access)]] }),
      { reason: 'bad-key' },
    ],
    [
      'truncated cookie string',
      () =>
        dump({
          cookie: `${P}.LastAuthUser=alice; ${P}.alice.accessToken=${access.slice(0, 40)}`,
          cookieTruncated: true,
        }),
      { reason: 'truncated-cookie', problem: 'ERR_SESSION_HTTPONLY' },
    ],
    [
      'a cookie cut short (truncated JWT)',
      () => dump({ cookie: `${P}.alice.accessToken=${access.slice(0, 60)}.x.y` }),
      { problem: 'ERR_SESSION_INCOMPLETE' },
    ],
    ['bad percent-encoding', () => dump({ cookie: `${P}.alice.accessToken=%E0%A4%A` }), { reason: 'bad-encoding' }],
    [
      'a split cookie missing a part',
      () => dump({ cookie: `${P}.alice.accessToken.0=a; ${P}.alice.accessToken.2=b` }),
      { reason: 'split-incomplete' },
    ],
    [
      'a 5 MB cookie value',
      () => dump({ cookie: `${P}.alice.accessToken=${'a'.repeat(5_000_000)}` }),
      { reason: 'too-large' },
    ],
    [
      'a 5 MB oidc value (not JSON)',
      () => dump({ sessionEntries: [[OIDC_KEY, `{${'x'.repeat(5_000_000)}`]] }),
      { reason: 'not-json' },
    ],
    [
      'tokens of another app client under this client’s keys',
      () => dump({ entries: amplify(accessOtherClient) }),
      { problem: 'ERR_SESSION_OTHER_CLIENT' },
    ],
    [
      'oidc tokens of another pool than the key’s authority',
      () => dump({ entries: [[OIDC_KEY, oidcUser(accessOtherPool)]] }),
      { problem: 'ERR_SESSION_OTHER_CLIENT' },
    ],
    [
      'an ID token where the access token belongs',
      () => dump({ entries: amplify(idToken) }),
      { problem: 'ERR_TOKEN_NOT_ACCESS' },
    ],
    [
      'the reader’s own skips pass through',
      () => dump({ skipped: [{ where: 'localStorage', key: `${P}.x`, reason: 'too-many' }] }),
      { reason: 'too-many', sessions: 0 },
    ],
  ])('%s', (_name, make, expected) => {
    const scan = scanPage(make());
    if (expected.reason) expect(scan.skipped.map((s) => s.reason)).toContain(expected.reason);
    if (expected.problem) expect(scan.sessions.map((s) => describePageSession(s).problem)).toContain(expected.problem);
    if (expected.sessions !== undefined) expect(scan.sessions).toHaveLength(expected.sessions);
    // No secret in what the chooser may show.
    expect(JSON.stringify(scan.skipped)).not.toContain('eyJ');
  });

  it('__proto__ keys neither pollute nor crash', () => {
    const scan = scanPage(
      dump({
        entries: [
          [`${P}.__proto__.accessToken`, access],
          [`CognitoIdentityServiceProvider.__proto__.LastAuthUser`, 'alice'],
          [OIDC_KEY, `{"__proto__":{"polluted":true},"access_token":"${access}"}`],
        ],
        cookie: `__proto__=x; ${P}.__proto__.idToken=${idToken}`,
      }),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(scan.sessions.map((s) => s.username).sort()).toEqual(['__proto__', '__proto__', 'alice', 'alice']);
  });

  it('thousands of keys and a hostile shape finish quickly and stay capped', () => {
    const many: [string, string][] = Array.from({ length: 5000 }, (_, i) => [`${P}.user${i}.accessToken`, access]);
    const scan = scanPage(dump({ entries: many, sessionEntries: 'nope' as never, cookie: 42 as never }));
    expect(scan.sessions).toHaveLength(5000);
    expect(parseCookieString(Array.from({ length: 10_000 }, (_, i) => `c${i}=v`).join('; ')).entries).toEqual([]);
    expect(scanPage({ origin: 1, entries: [[1, 2], 'x', null] } as never).sessions).toEqual([]);
  });
});
