/**
 * Which token issuers this extension trusts enough to fetch signing keys from:
 * the Cognito regional hosts (`https://cognito-idp[-fips].<region>.amazonaws.com/<poolId>`),
 * and a loopback sandbox (`http://127.0.0.1:<port>/<poolId>`) only when Settings'
 * endpoint override names that very origin: any page could mint a token whose
 * `iss` points at some local service. Anything else is untrusted and never
 * fetched. Pure: the override is passed in.
 */

// The two pure leaves, not the barrel: through the barrel the bundler moves its runtime helpers into the
// lazy error-text chunk, which the popup then loads up front (+3.3 KB gzip). See tests/unit/structure.test.ts.
import { isUserPoolId, regionOfPoolId } from '../cognito/pool-id';
import { COGNITO_FIPS_REGIONS, COGNITO_REGIONS, cognitoHost, isCognitoRegion } from '../cognito/regions';
import { AppError } from '../errors';

const COGNITO_HOST = /^cognito-idp(-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** What an issuer URL says about the pool, and whether its keys may be fetched. */
export interface IssuerInfo {
  readonly issuer: string;
  readonly trust: 'cognito' | 'loopback' | 'untrusted';
  /** Pool id (last path segment) when it matches the model's pattern. */
  readonly poolId?: string;
  /** Region: the pool id's prefix. */
  readonly region?: string;
  /** Origin of the issuer: the Cognito API endpoint of the pool (for real Cognito and the sandbox alike). */
  readonly origin?: string;
  /** Why the issuer is untrusted. */
  readonly reason?: string;
}

/** Why a loopback issuer is untrusted when the override does not name it. */
export const LOOPBACK_UNTRUSTED_REASON =
  'Loopback issuers are trusted only when Settings → Endpoint override names them.';

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/** Answers already given (a pure function of its two strings), a few: every device list and Watch check asks. */
const classified = new Map<string, IssuerInfo>();
const CLASSIFIED_AT_MOST = 32;
const CLASSIFIED_LONGEST = 512;

/**
 * Classify a token's `iss`. A loopback issuer is trusted only when
 * `endpointOverride` (Settings) has the same origin. Never throws. The answer
 * is frozen and may be shared with the next caller asking the same.
 */
export function classifyIssuer(issuer: unknown, endpointOverride = ''): IssuerInfo {
  const iss = typeof issuer === 'string' ? issuer : '';
  // Only short strings are kept: an untrusted token's issuer may be anything.
  if (iss.length + endpointOverride.length > CLASSIFIED_LONGEST) return Object.freeze(classify(iss, endpointOverride));
  const key = JSON.stringify([endpointOverride, iss]);
  let info = classified.get(key);
  if (!info) {
    info = Object.freeze(classify(iss, endpointOverride));
    if (classified.size >= CLASSIFIED_AT_MOST) classified.clear();
    classified.set(key, info);
  }
  return info;
}

function classify(iss: string, endpointOverride: string): IssuerInfo {
  const untrusted = (reason: string, extra: Partial<IssuerInfo> = {}): IssuerInfo => ({
    issuer: iss,
    trust: 'untrusted',
    reason,
    ...extra,
  });
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    return untrusted('The issuer is not a URL.');
  }
  const segments = url.pathname.split('/').filter(Boolean);
  const poolId = segments.length === 1 && segments[0] && isUserPoolId(segments[0]) ? segments[0] : undefined;
  const region = poolId ? regionOfPoolId(poolId) : undefined;
  const facts = { poolId, region, origin: url.origin };
  if (!poolId || url.pathname !== `/${poolId}` || url.search || url.hash || url.username || url.password) {
    return untrusted('The issuer path is not a single user pool id.', facts);
  }
  if (LOOPBACK_HOSTS.has(url.hostname)) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return untrusted('Unsupported scheme.', facts);
    if (!endpointOverride || originOf(endpointOverride) !== url.origin)
      return untrusted(LOOPBACK_UNTRUSTED_REASON, facts);
    return { issuer: iss, trust: 'loopback', ...facts };
  }
  const host = COGNITO_HOST.exec(url.hostname);
  if (url.protocol !== 'https:' || url.port !== '' || !host) {
    return untrusted('The issuer is not a Cognito regional endpoint or a loopback sandbox.', facts);
  }
  const [, fips, hostRegion = ''] = host;
  if (!isCognitoRegion(hostRegion)) return untrusted(`Unknown Cognito region "${hostRegion}".`, facts);
  if (fips && !(COGNITO_FIPS_REGIONS as readonly string[]).includes(hostRegion)) {
    return untrusted(`Region ${hostRegion} has no FIPS endpoint.`, facts);
  }
  if (region !== hostRegion) return untrusted('The pool id’s region does not match the issuer host.', facts);
  return { issuer: iss, trust: 'cognito', ...facts };
}

/**
 * The endpoint of a session: a Cognito issuer's own origin (the override never
 * applies to it: a production token must not go to a local port); Settings'
 * override for the loopback issuer it names; else the Cognito regional host of
 * the pool's region (never an untrusted issuer's host: a refresh token must not go there).
 * @throws AppError ERR_TOKEN_ISSUER_UNTRUSTED when no endpoint can be trusted.
 */
export function endpointForIssuer(issuer: string, endpointOverride = ''): string {
  const info = classifyIssuer(issuer, endpointOverride);
  if (info.trust === 'cognito' && info.origin) return info.origin;
  if (info.trust === 'loopback') return endpointOverride.replace(/\/+$/, '');
  const region = COGNITO_REGIONS.find((r) => r === info.region);
  if (region) return `https://${cognitoHost(region)}`;
  throw new AppError('ERR_TOKEN_ISSUER_UNTRUSTED');
}
