/**
 * Build a Session from tokens (page import, paste, sign-in, refresh): decode
 * the access token WITHOUT trusting it, check what can be checked offline,
 * and decide the endpoint. Verification happens afterwards (verify.ts).
 * Pure: id and time are passed in.
 */
import { AppError } from '../errors';
import { isRefreshTokenShaped, isTokenShaped, peekClaims, snapshotAccessClaims } from '../token/claims';
import { endpointForIssuer } from '../token/issuer';
import { isClientId, isDeviceKey } from './page-storage';
import type { Session, SessionSource } from './types';

/** What a new session is made from. Tokens are untrusted input. */
export interface SessionInput {
  readonly source: SessionSource;
  readonly origin?: string;
  readonly accessToken: string;
  readonly idToken?: string;
  readonly refreshToken?: string;
  readonly clientSecret?: string;
  /** When given, it must match the token's `client_id`. */
  readonly clientId?: string;
  readonly deviceKey?: string;
  readonly deviceGroupKey?: string;
  readonly clockDriftSec?: number;
}

/**
 * Make a session (status active, verification unverified).
 * @throws AppError ERR_TOKEN_MALFORMED, ERR_TOKEN_NOT_ACCESS, ERR_TOKEN_CLAIMS_INVALID,
 *   ERR_TOKEN_CLIENT_MISMATCH, ERR_INVALID_REFRESH_TOKEN, ERR_INVALID_CLIENT_ID, ERR_TOKEN_ISSUER_UNTRUSTED
 */
export function createSession(
  input: SessionInput,
  context: { id: string; nowMs: number; endpointOverride?: string },
): Session {
  const accessToken = input.accessToken.trim();
  const claims = snapshotAccessClaims(peekClaims(accessToken));
  const clientId = input.clientId?.trim();
  if (clientId) {
    if (!isClientId(clientId))
      throw new AppError('ERR_INVALID_CLIENT_ID', undefined, { details: { field: 'clientId' } });
    if (clientId !== claims.clientId) throw new AppError('ERR_TOKEN_CLIENT_MISMATCH');
  }
  const refreshToken = input.refreshToken?.trim() || undefined;
  if (refreshToken !== undefined && !isRefreshTokenShaped(refreshToken)) {
    throw new AppError('ERR_INVALID_REFRESH_TOKEN', undefined, { details: { field: 'refreshToken' } });
  }
  const idToken = input.idToken?.trim() || undefined;
  const deviceKey = [input.deviceKey, claims.deviceKey].find((k): k is string => !!k && isDeviceKey(k));
  return {
    id: context.id,
    source: input.source,
    origin: input.origin,
    clientId: claims.clientId,
    username: claims.username,
    poolId: claims.poolId,
    region: claims.region,
    issuer: claims.issuer,
    endpoint: endpointForIssuer(claims.issuer, context.endpointOverride),
    tokens: {
      accessToken,
      ...(idToken && isTokenShaped(idToken) ? { idToken } : {}),
      ...(refreshToken ? { refreshToken } : {}),
      ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
    },
    deviceKey,
    deviceGroupKey: input.deviceGroupKey,
    clockDriftSec: Number.isFinite(input.clockDriftSec) ? (input.clockDriftSec ?? 0) : 0,
    claims,
    verification: { state: 'unverified' },
    status: { state: 'active' },
    importedAt: context.nowMs,
  };
}

/**
 * The stored session a new one repeats: the same account (issuer, `sub` and
 * username) through the same app client, brought in the same way from the
 * same place (page origin). Importing a tab twice replaces the first import
 * instead of adding a second card that reads the same; a sign-in next to a
 * borrowed session, or another app's session of the same user, stays apart.
 */
export function sameSessionAs(stored: readonly Session[], next: Session): Session | undefined {
  return stored.find(
    (s) =>
      s.id !== next.id &&
      s.issuer === next.issuer &&
      s.claims.sub === next.claims.sub &&
      s.username === next.username &&
      s.clientId === next.clientId &&
      s.source === next.source &&
      s.origin === next.origin,
  );
}

/** The session after a successful refresh: new access (and id) token, same identity. */
export function applyRefreshedTokens(
  session: Session,
  tokens: { accessToken: string; idToken?: string; refreshToken?: string },
  nowMs: number,
): Session {
  const claims = snapshotAccessClaims(peekClaims(tokens.accessToken));
  if (claims.clientId !== session.clientId || claims.issuer !== session.issuer) {
    throw new AppError('ERR_TOKEN_ISSUER_MISMATCH');
  }
  return {
    ...session,
    tokens: {
      ...session.tokens,
      accessToken: tokens.accessToken,
      idToken: tokens.idToken ?? session.tokens.idToken,
      refreshToken: tokens.refreshToken ?? session.tokens.refreshToken,
    },
    claims,
    // Fresh tokens: local clock minus issue time is the drift (as amazon-cognito-identity-js computes it).
    clockDriftSec: claims.issuedAt === undefined ? session.clockDriftSec : Math.round(nowMs / 1000 - claims.issuedAt),
    verification: { state: 'unverified' },
    status: { state: 'active' },
    refreshedAt: nowMs,
  };
}
