/**
 * Verify a Cognito access token's signature and claims with jose against the
 * pool's JWKS (`{iss}/.well-known/jwks.json`). Only trusted issuers (see
 * issuer.ts) are ever fetched. jose's error `code`s are translated into
 * AppError codes here and nowhere else. `fetch` and `now` are injected.
 * Import this module lazily from pages: it pulls in jose's verification.
 */
import { createRemoteJWKSet, customFetch, type JWTPayload, jwtVerify } from 'jose';
import { AppError, type ErrorCode } from '../errors';
import { type ClaimsSnapshot, peekClaims, snapshotAccessClaims } from './claims';
import { classifyIssuer } from './issuer';

/** Default allowance for clock differences, in seconds. */
export const DEFAULT_CLOCK_TOLERANCE_SEC = 30;

/** Resolves the key set of an issuer; cached per issuer so keys are fetched once per pool. */
export type JwksResolver = (issuer: string) => ReturnType<typeof createRemoteJWKSet>;

/** A JWKS resolver that keeps one remote key set per issuer (jose caches and rate-limits refetches). */
export function createJwksResolver(options: { fetch?: typeof fetch; timeoutMs?: number } = {}): JwksResolver {
  const sets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  return (issuer) => {
    let set = sets.get(issuer);
    if (!set) {
      const fetchImpl = options.fetch;
      set = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), {
        timeoutDuration: options.timeoutMs ?? 5000,
        ...(fetchImpl ? { [customFetch]: (url: string, init: RequestInit) => fetchImpl(url, init) } : {}),
      });
      sets.set(issuer, set);
    }
    return set;
  };
}

export interface VerifyAccessTokenOptions {
  /** Where keys come from; one per background worker (see {@link createJwksResolver}). */
  readonly jwks: JwksResolver;
  /** Epoch milliseconds; defaults to Date.now. */
  readonly now?: () => number;
  /** Local clock minus server clock, seconds (the page's `clockDrift`). */
  readonly clockDriftSec?: number;
  readonly clockToleranceSec?: number;
  /** The issuer the session expects (e.g. when re-verifying a stored session). */
  readonly expectedIssuer?: string;
  /** The app client the session belongs to. */
  readonly expectedClientId?: string;
  /** Settings' endpoint override: the only loopback origin whose keys may be fetched (see classifyIssuer). */
  readonly endpointOverride?: string;
}

/** The result of a successful verification. */
export interface VerifiedAccessToken {
  readonly claims: ClaimsSnapshot;
  readonly payload: JWTPayload;
}

const JOSE_TO_APP: Record<string, ErrorCode> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'ERR_TOKEN_SIGNATURE_INVALID',
  ERR_JWKS_NO_MATCHING_KEY: 'ERR_TOKEN_KID_UNKNOWN',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'ERR_TOKEN_KID_UNKNOWN',
  ERR_JWT_EXPIRED: 'ERR_TOKEN_EXPIRED',
  ERR_JOSE_ALG_NOT_ALLOWED: 'ERR_TOKEN_ALG_UNSUPPORTED',
  ERR_JOSE_NOT_SUPPORTED: 'ERR_TOKEN_ALG_UNSUPPORTED',
  ERR_JWKS_TIMEOUT: 'ERR_TOKEN_JWKS_UNAVAILABLE',
  ERR_JWKS_INVALID: 'ERR_TOKEN_JWKS_UNAVAILABLE',
  ERR_JWK_INVALID: 'ERR_TOKEN_JWKS_UNAVAILABLE',
  ERR_JWT_INVALID: 'ERR_TOKEN_MALFORMED',
  ERR_JWS_INVALID: 'ERR_TOKEN_MALFORMED',
};

/** Translate an error thrown by jose (or by fetching keys) into an AppError. */
export function fromJoseError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const claim = (error as { claim?: unknown }).claim;
    const mapped: ErrorCode =
      claim === 'iss'
        ? 'ERR_TOKEN_ISSUER_MISMATCH'
        : claim === 'nbf'
          ? 'ERR_TOKEN_NOT_YET_VALID'
          : 'ERR_TOKEN_CLAIMS_INVALID';
    return new AppError(mapped, undefined, { cause: error });
  }
  if (typeof code === 'string' && JOSE_TO_APP[code])
    return new AppError(JOSE_TO_APP[code], undefined, { cause: error });
  // jose's generic error covers a non-200 JWKS response; a TypeError is a failed fetch.
  return new AppError('ERR_TOKEN_JWKS_UNAVAILABLE', undefined, { cause: error });
}

/**
 * Verify an access token: trusted issuer, RS256 signature by a key of the
 * pool's JWKS, issuer, expiry (with tolerance and the page's clock drift),
 * `token_use` = access, and the expected client id.
 * @throws AppError ERR_TOKEN_* (ERR_TOKEN_ISSUER_UNTRUSTED without any fetch)
 */
export async function verifyAccessToken(
  token: string,
  options: VerifyAccessTokenOptions,
): Promise<VerifiedAccessToken> {
  const peeked = peekClaims(token);
  if (peeked.header.alg !== 'RS256') throw new AppError('ERR_TOKEN_ALG_UNSUPPORTED');
  const issuer = classifyIssuer(peeked.claims.iss, options.endpointOverride);
  if (issuer.trust === 'untrusted') {
    throw new AppError('ERR_TOKEN_ISSUER_UNTRUSTED', `The token’s issuer cannot be verified: ${issuer.reason}`);
  }
  if (options.expectedIssuer !== undefined && options.expectedIssuer !== issuer.issuer) {
    throw new AppError('ERR_TOKEN_ISSUER_MISMATCH');
  }
  const nowMs = (options.now ?? Date.now)() - (options.clockDriftSec ?? 0) * 1000;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token.trim(), options.jwks(issuer.issuer), {
      issuer: issuer.issuer,
      algorithms: ['RS256'],
      clockTolerance: options.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE_SEC,
      currentDate: new Date(nowMs),
      requiredClaims: ['exp', 'iat', 'sub', 'client_id', 'token_use'],
    }));
  } catch (error) {
    throw fromJoseError(error);
  }
  const claims = snapshotAccessClaims({ header: peeked.header, claims: payload as PeekedClaims });
  if (options.expectedClientId !== undefined && claims.clientId !== options.expectedClientId) {
    throw new AppError('ERR_TOKEN_CLIENT_MISMATCH');
  }
  return { claims, payload };
}

type PeekedClaims = ReturnType<typeof peekClaims>['claims'];
