/**
 * Decode a Cognito access token WITHOUT verifying it (`peekClaims`), check that
 * it is an access token carrying the scope device calls need, and reduce its
 * claims to a non-secret snapshot for the UI. Pure; jose's decoders only.
 * Claims: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html
 */
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { AppError } from '../errors';
import { classifyIssuer } from './issuer';
import { parseScopes } from './scope';

/** TokenModelType of the service model: `[A-Za-z0-9-_=.]+`. */
const TOKEN_PATTERN = /^[A-Za-z0-9\-_=.]+$/;
/** Longest token accepted; real Cognito tokens are a few KB. */
export const MAX_TOKEN_LENGTH = 16_384;

/** A decoded, UNVERIFIED token. */
export interface PeekedToken {
  readonly header: { readonly alg?: string; readonly kid?: string; readonly typ?: string };
  readonly claims: JWTPayload & Record<string, unknown>;
}

/** Non-secret facts of an access token, safe for the UI, messages and history. */
export interface ClaimsSnapshot {
  readonly sub: string;
  readonly username: string;
  readonly clientId: string;
  readonly issuer: string;
  readonly poolId?: string;
  readonly region?: string;
  readonly groups: readonly string[];
  readonly scopes: readonly string[];
  /** Epoch seconds. */
  readonly authTime?: number;
  readonly issuedAt?: number;
  readonly expiresAt: number;
  readonly deviceKey?: string;
  readonly kid?: string;
  readonly alg?: string;
}

/** True when `value` looks like a JWT by the model's TokenModelType and has three parts. */
export function isTokenShaped(value: string): boolean {
  return value.length <= MAX_TOKEN_LENGTH && TOKEN_PATTERN.test(value) && value.split('.').length === 3;
}

/** True when `value` matches TokenModelType; refresh tokens are opaque (Cognito's are 5-part JWEs). */
export function isRefreshTokenShaped(value: string): boolean {
  return value.length > 0 && value.length <= MAX_TOKEN_LENGTH && TOKEN_PATTERN.test(value);
}

/**
 * Decode header and claims without checking the signature. The name says it:
 * nothing read here may be trusted until {@link verifyAccessToken} agrees.
 * @throws AppError ERR_TOKEN_MALFORMED
 */
export function peekClaims(token: string): PeekedToken {
  if (typeof token !== 'string' || !isTokenShaped(token.trim())) throw new AppError('ERR_TOKEN_MALFORMED');
  try {
    const header = decodeProtectedHeader(token.trim());
    const claims = decodeJwt(token.trim()) as PeekedToken['claims'];
    return {
      header: {
        alg: typeof header.alg === 'string' ? header.alg : undefined,
        kid: typeof header.kid === 'string' ? header.kid : undefined,
        typ: typeof header.typ === 'string' ? header.typ : undefined,
      },
      claims,
    };
  } catch (cause) {
    throw new AppError('ERR_TOKEN_MALFORMED', undefined, { cause });
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The latest time a claim may carry: 9999-12-31T23:59:59Z, in epoch seconds (a date can show it). */
export const MAX_CLAIM_TIME_SEC = 253_402_300_799;

/** A NumericDate claim (`exp`, `iat`, `auth_time`): absent, or 0..MAX_CLAIM_TIME_SEC. @throws AppError ERR_TOKEN_CLAIMS_INVALID */
function claimTime(v: unknown, field: string): number | undefined {
  const n = num(v);
  if (v !== undefined && (n === undefined || n < 0 || n > MAX_CLAIM_TIME_SEC)) {
    throw new AppError('ERR_TOKEN_CLAIMS_INVALID', `The token's ${field} is not a valid time.`, {
      details: { field },
    });
  }
  return n;
}

/**
 * Check that peeked claims are those of a Cognito access token and snapshot them.
 * The scope is not required here (a token without it is still shown, with the
 * reason); use {@link hasRequiredScope} on `scopes`.
 * @throws AppError ERR_TOKEN_NOT_ACCESS when `token_use` is not `access` (e.g. an ID token),
 *   ERR_TOKEN_CLAIMS_INVALID when a required claim is missing, or a time claim is outside 0..MAX_CLAIM_TIME_SEC.
 */
export function snapshotAccessClaims(peeked: PeekedToken): ClaimsSnapshot {
  const c = peeked.claims;
  if (c.token_use !== 'access') throw new AppError('ERR_TOKEN_NOT_ACCESS');
  const sub = str(c.sub);
  const clientId = str(c.client_id);
  const issuer = str(c.iss);
  const expiresAt = claimTime(c.exp, 'exp');
  const authTime = claimTime(c.auth_time, 'auth_time');
  const issuedAt = claimTime(c.iat, 'iat');
  const username = str(c.username) ?? str(c['cognito:username']) ?? sub;
  if (!sub || !clientId || !issuer || expiresAt === undefined || !username) {
    throw new AppError('ERR_TOKEN_CLAIMS_INVALID');
  }
  const iss = classifyIssuer(issuer);
  const groups = Array.isArray(c['cognito:groups'])
    ? c['cognito:groups'].filter((g): g is string => typeof g === 'string')
    : [];
  return {
    sub,
    username,
    clientId,
    issuer,
    poolId: iss.poolId,
    region: iss.region,
    groups,
    scopes: parseScopes(c.scope),
    authTime,
    issuedAt,
    expiresAt,
    deviceKey: str(c.device_key),
    kid: peeked.header.kid,
    alg: peeked.header.alg,
  };
}
