/**
 * Test fixtures: real RS256 keys and Cognito-shaped access tokens signed with
 * jose, and a fetch that serves a JWKS, so verification runs for real.
 */
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export const POOL_ID = 'us-east-1_Demo1';
export const CLIENT_ID = 'democlient1234567890abcdef';
/** The sandbox's endpoint: the Settings override that makes {@link LOOPBACK_ISS} trusted. */
export const SANDBOX_ENDPOINT = 'http://127.0.0.1:4599';
export const LOOPBACK_ISS = `http://127.0.0.1:4599/${POOL_ID}`;
export const COGNITO_ISS = `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`;
export const NOW_MS = Date.UTC(2026, 2, 1, 12, 0, 0);
export const NOW_SEC = NOW_MS / 1000;

export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function makeKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, jwk };
}

export function accessClaims(overrides: Record<string, unknown> = {}): JWTPayload {
  return {
    sub: '8f1e2d3c-0000-4000-8000-000000000001',
    'cognito:groups': ['admins'],
    iss: LOOPBACK_ISS,
    client_id: CLIENT_ID,
    origin_jti: 'o-1',
    event_id: 'e-1',
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: NOW_SEC - 60,
    exp: NOW_SEC + 3600,
    iat: NOW_SEC - 60,
    jti: 'j-1',
    username: 'alice',
    ...overrides,
  };
}

export async function signToken(
  key: TestKey,
  claims: JWTPayload,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header }).sign(key.privateKey);
}

/** An unsigned token with any header (e.g. alg none), built by hand. */
export function unsignedToken(header: Record<string, unknown>, claims: JWTPayload): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64(header)}.${b64(claims)}.`;
}

/** A fetch serving `{iss}/.well-known/jwks.json` for the given issuers and keys; records the URLs asked. */
export function jwksFetch(keysByIssuer: Record<string, TestKey[]>) {
  const calls: string[] = [];
  const fetchImpl = async (input: string | URL | Request): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input);
    calls.push(url);
    for (const [iss, keys] of Object.entries(keysByIssuer)) {
      if (url === `${iss}/.well-known/jwks.json`) {
        return new Response(JSON.stringify({ keys: keys.map((k) => k.jwk) }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      }
    }
    return new Response('not found', { status: 404 });
  };
  return { fetch: fetchImpl as typeof fetch, calls };
}
