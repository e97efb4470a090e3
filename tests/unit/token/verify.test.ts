import { beforeAll, describe, expect, it } from 'vitest';
import { createJwksResolver, verifyAccessToken } from '../../../utils/token/verify';
import {
  accessClaims,
  CLIENT_ID,
  COGNITO_ISS,
  jwksFetch,
  LOOPBACK_ISS,
  makeKey,
  NOW_MS,
  NOW_SEC,
  SANDBOX_ENDPOINT,
  signToken,
  type TestKey,
  unsignedToken,
} from './fixtures';

let poolKey: TestKey;
let otherKey: TestKey;
beforeAll(async () => {
  poolKey = await makeKey('pool-key-1');
  otherKey = await makeKey('other-key');
});

const setup = () => {
  const served = jwksFetch({ [LOOPBACK_ISS]: [poolKey], [COGNITO_ISS]: [poolKey] });
  const jwks = createJwksResolver({ fetch: served.fetch });
  const verify = (
    token: string,
    extra: Parameters<typeof verifyAccessToken>[1] extends infer O ? Partial<O> : never = {},
  ) =>
    verifyAccessToken(token, {
      jwks,
      now: () => NOW_MS,
      expectedClientId: CLIENT_ID,
      // The sandbox's issuer is trusted only when Settings' override names it.
      endpointOverride: SANDBOX_ENDPOINT,
      ...extra,
    });
  return { verify, calls: served.calls };
};

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'resolved';
};

describe('verifyAccessToken', () => {
  it('verifies a token signed by the pool key and returns its claims', async () => {
    const { verify, calls } = setup();
    const result = await verify(await signToken(poolKey, accessClaims()));
    expect(result.claims.username).toBe('alice');
    expect(calls).toEqual([`${LOOPBACK_ISS}/.well-known/jwks.json`]);
  });

  it('verifies a token of a Cognito regional issuer', async () => {
    const { verify } = setup();
    const result = await verify(await signToken(poolKey, accessClaims({ iss: COGNITO_ISS })));
    expect(result.claims.region).toBe('us-east-1');
  });

  it('fetches the key set once per issuer', async () => {
    const { verify, calls } = setup();
    await verify(await signToken(poolKey, accessClaims()));
    await verify(await signToken(poolKey, accessClaims({ jti: 'j-2' })));
    expect(calls).toHaveLength(1);
  });

  it('honours the page clock drift (local clock ahead of the server)', async () => {
    const { verify } = setup();
    // Expired by 10 min on the local clock, valid on the server clock that is 20 min behind.
    const token = await signToken(poolKey, accessClaims({ exp: NOW_SEC - 600, iat: NOW_SEC - 4200 }));
    expect(await codeOf(verify(token))).toBe('ERR_TOKEN_EXPIRED');
    expect((await verify(token, { clockDriftSec: 1200 })).claims.username).toBe('alice');
  });

  it('accepts a token expired less than the clock tolerance ago', async () => {
    const { verify } = setup();
    const token = await signToken(poolKey, accessClaims({ exp: NOW_SEC - 10 }));
    expect((await verify(token)).claims.username).toBe('alice');
  });

  it.each<[string, () => Promise<string>, Record<string, unknown>, string]>([
    [
      'bad signature (other key, same kid)',
      async () => signToken(otherKey, accessClaims(), { kid: 'pool-key-1' }),
      {},
      'ERR_TOKEN_SIGNATURE_INVALID',
    ],
    [
      'tampered payload',
      async () => {
        const [h, , s] = (await signToken(poolKey, accessClaims())).split('.');
        const p = Buffer.from(JSON.stringify(accessClaims({ username: 'mallory' }))).toString('base64url');
        return `${h}.${p}.${s}`;
      },
      {},
      'ERR_TOKEN_SIGNATURE_INVALID',
    ],
    ['unknown kid', async () => signToken(otherKey, accessClaims()), {}, 'ERR_TOKEN_KID_UNKNOWN'],
    ['expired', async () => signToken(poolKey, accessClaims({ exp: NOW_SEC - 3600 })), {}, 'ERR_TOKEN_EXPIRED'],
    [
      'ID token instead of access token',
      async () => signToken(poolKey, accessClaims({ token_use: 'id' })),
      {},
      'ERR_TOKEN_NOT_ACCESS',
    ],
    [
      'alg none',
      async () => `${unsignedToken({ alg: 'none', kid: 'pool-key-1' }, accessClaims())}x`,
      {},
      'ERR_TOKEN_ALG_UNSUPPORTED',
    ],
    [
      'alg HS256',
      async () => `${unsignedToken({ alg: 'HS256', kid: 'pool-key-1' }, accessClaims())}x`,
      {},
      'ERR_TOKEN_ALG_UNSUPPORTED',
    ],
    [
      'wrong issuer (expected another pool)',
      async () => signToken(poolKey, accessClaims()),
      { expectedIssuer: 'http://127.0.0.1:4599/us-east-1_Other' },
      'ERR_TOKEN_ISSUER_MISMATCH',
    ],
    [
      'another app client',
      async () => signToken(poolKey, accessClaims({ client_id: 'someoneelse' })),
      {},
      'ERR_TOKEN_CLIENT_MISMATCH',
    ],
    [
      'not yet valid',
      async () => signToken(poolKey, accessClaims({ nbf: NOW_SEC + 3600 })),
      {},
      'ERR_TOKEN_NOT_YET_VALID',
    ],
    [
      'issuer with no JWKS (404)',
      async () => signToken(poolKey, accessClaims({ iss: 'http://127.0.0.1:4599/us-east-1_Gone' })),
      {},
      'ERR_TOKEN_JWKS_UNAVAILABLE',
    ],
    ['garbage', async () => 'not-a-token', {}, 'ERR_TOKEN_MALFORMED'],
  ])('%s → %s', async (_name, make, extra, code) => {
    const { verify } = setup();
    expect(await codeOf(verify(await make(), extra))).toBe(code);
  });

  it('never fetches keys of an untrusted issuer', async () => {
    const { verify, calls } = setup();
    const token = await signToken(poolKey, accessClaims({ iss: 'https://evil.example.com/us-east-1_Demo1' }));
    expect(await codeOf(verify(token))).toBe('ERR_TOKEN_ISSUER_UNTRUSTED');
    expect(calls).toEqual([]);
  });

  it.each([
    ['no override', ''],
    ['an override on another port', 'http://127.0.0.1:4600'],
  ])('never fetches keys of a loopback issuer with %s', async (_name, endpointOverride) => {
    const { verify, calls } = setup();
    const token = await signToken(poolKey, accessClaims());
    expect(await codeOf(verify(token, { endpointOverride }))).toBe('ERR_TOKEN_ISSUER_UNTRUSTED');
    expect(calls).toEqual([]);
  });

  it('reports an unreachable key set as ERR_TOKEN_JWKS_UNAVAILABLE', async () => {
    const jwks = createJwksResolver({
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    });
    const token = await signToken(poolKey, accessClaims());
    expect(
      await codeOf(verifyAccessToken(token, { jwks, now: () => NOW_MS, endpointOverride: SANDBOX_ENDPOINT })),
    ).toBe('ERR_TOKEN_JWKS_UNAVAILABLE');
  });
});
