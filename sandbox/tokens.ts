/**
 * Token minting and verification. One RS256 key pair per pool, generated at
 * startup and kept in memory; its public half is served as the pool's JWKS.
 * Access and ID tokens carry real Cognito's claims (`iss` = `<endpoint>/<poolId>`);
 * refresh tokens are opaque random strings kept server-side (real ones are JWE).
 *
 * Messages follow real Cognito. Verified in public reports: "Access Token has
 * been revoked", "Invalid Refresh Token." (with the period, as AWS sends it),
 * "Refresh Token has been revoked". Taken from the brief, not verified:
 * "Invalid Access Token", "Access Token has expired",
 * "Access Token does not have required scopes".
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  type CryptoKey,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
  SignJWT,
} from 'jose';
import type { PoolRecord, SandboxState, SessionRecord, UserRecord } from './state';
import { CognitoError, errors } from './wire';

/** The scope every SDK sign-in carries and the self-service operations need. */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';
/** Lifetime of access and ID tokens minted by sign-ins, in seconds (Cognito's default: one hour). */
export const TOKEN_LIFETIME = 3600;

interface PoolKey {
  poolId: string;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

/** The signing keys of every pool. */
export interface Keyring {
  jwks(poolId: string): { keys: JWK[] } | undefined;
  sign(poolId: string, claims: Record<string, unknown>): Promise<string>;
  byKid(kid: string): PoolKey | undefined;
}

/** Generates one RS256 key pair per pool id. */
export async function createKeyring(poolIds: Iterable<string>): Promise<Keyring> {
  const byPool = new Map<string, PoolKey>();
  const byKid = new Map<string, PoolKey>();
  await Promise.all(
    [...poolIds].map(async (poolId) => {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const kid = randomBytes(32).toString('base64');
      const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
      const key = { poolId, kid, privateKey, publicKey, jwk };
      byPool.set(poolId, key);
      byKid.set(kid, key);
    }),
  );
  return {
    jwks: (poolId) => {
      const k = byPool.get(poolId);
      return k ? { keys: [k.jwk] } : undefined;
    },
    sign: async (poolId, claims) => {
      const k = byPool.get(poolId);
      if (!k) throw new Error(`no key for pool ${poolId}`);
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: k.kid }).sign(k.privateKey);
    },
    byKid: (kid) => byKid.get(kid),
  };
}

/** The tokens of one sign-in or refresh. */
export interface TokenSet {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
}

/** Mints access + ID tokens for a session; `expiresIn` may be negative (already expired). */
export async function mintTokens(
  keyring: Keyring,
  issuerBase: string,
  pool: PoolRecord,
  user: UserRecord,
  session: SessionRecord,
  nowSeconds: number,
  expiresIn = TOKEN_LIFETIME,
): Promise<TokenSet> {
  const iss = `${issuerBase}/${pool.id}`;
  const exp = nowSeconds + expiresIn;
  const eventId = randomUUID();
  const groups = user.groups.length ? { 'cognito:groups': user.groups } : {};
  const access = {
    sub: user.sub,
    ...groups,
    iss,
    client_id: session.clientId,
    origin_jti: session.originJti,
    event_id: eventId,
    token_use: 'access',
    scope: session.scope,
    auth_time: session.authTime,
    exp,
    iat: nowSeconds,
    jti: randomUUID(),
    username: user.username,
    ...(session.deviceKey ? { device_key: session.deviceKey } : {}),
  };
  const { email, email_verified, phone_number, phone_number_verified, ...rest } = user.attributes;
  const id = {
    sub: user.sub,
    ...groups,
    ...(email_verified !== undefined ? { email_verified: email_verified === 'true' } : {}),
    ...(phone_number_verified !== undefined ? { phone_number_verified: phone_number_verified === 'true' } : {}),
    iss,
    'cognito:username': user.username,
    origin_jti: session.originJti,
    aud: session.clientId,
    event_id: eventId,
    token_use: 'id',
    auth_time: session.authTime,
    ...(phone_number !== undefined ? { phone_number } : {}),
    ...rest,
    exp,
    iat: nowSeconds,
    jti: randomUUID(),
    ...(email !== undefined ? { email } : {}),
  };
  const [AccessToken, IdToken] = await Promise.all([keyring.sign(pool.id, access), keyring.sign(pool.id, id)]);
  return { AccessToken, IdToken };
}

/** A new opaque refresh token (never a JWT, so it can never pass as an access token). */
export function newRefreshToken(): string {
  return randomBytes(96).toString('base64url');
}

/** What a verified access token stands for. */
export interface AccessContext {
  pool: PoolRecord;
  user: UserRecord;
  claims: Record<string, unknown>;
  session: SessionRecord | undefined;
}

/**
 * Verifies an access token as Cognito does: signature by a known `kid`, issuer
 * of this endpoint, `token_use` access, not expired, not revoked, scope, then
 * the user's state. Throws CognitoError.
 */
export async function verifyAccessToken(
  token: string,
  keyring: Keyring,
  state: SandboxState,
  issuerBase: string,
  nowSeconds: number,
): Promise<AccessContext> {
  const invalid = () => errors.notAuthorized('Invalid Access Token');
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw invalid();
  }
  const key = kid ? keyring.byKid(kid) : undefined;
  if (!key) throw invalid();
  let claims: Record<string, unknown>;
  try {
    const { payload, protectedHeader } = await compactVerify(token, key.publicKey, { algorithms: ['RS256'] });
    if (protectedHeader.alg !== 'RS256') throw invalid();
    claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  } catch {
    throw invalid();
  }
  if (claims.iss !== `${issuerBase}/${key.poolId}`) throw invalid();
  if (claims.token_use !== 'access') throw invalid();
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
    throw errors.notAuthorized('Access Token has expired');
  }
  const session = typeof claims.origin_jti === 'string' ? state.sessions.get(claims.origin_jti) : undefined;
  if (session?.revoked) throw errors.notAuthorized('Access Token has been revoked');
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(ADMIN_SCOPE)) throw errors.notAuthorized('Access Token does not have required scopes');
  const pool = state.pools.get(key.poolId);
  if (!pool) throw invalid();
  const user = typeof claims.username === 'string' ? pool.users.get(claims.username) : undefined;
  if (!user) throw errors.userNotFound();
  if (!session && user.signedOutAt !== null && typeof claims.iat === 'number' && claims.iat <= user.signedOutAt) {
    throw errors.notAuthorized('Access Token has been revoked');
  }
  assertUserUsable(user);
  return { pool, user, claims, session };
}

/** Cognito's answers for users that exist but cannot act. */
export function assertUserUsable(user: UserRecord): void {
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') {
    throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
  }
}
