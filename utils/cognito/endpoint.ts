/**
 * Where Cognito requests go. The regional endpoint follows from a user pool id
 * (its prefix is the region) or from a token's `iss` (its origin); a custom
 * endpoint must be https, or plain http on loopback (the local sandbox).
 * Nothing else is ever contacted: everything else throws ERR_INVALID_ENDPOINT.
 */
import { AppError } from '../errors';
import { regionOfPoolId } from './pool-id';
import { COGNITO_FIPS_REGIONS, cognitoHost, isCognitoRegion } from './regions';

/** What to resolve an endpoint from; the first given of custom, issuer, userPoolId wins. */
export interface EndpointInput {
  /** A token's `iss` claim, e.g. `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC`. */
  readonly issuer?: string;
  readonly userPoolId?: string;
  /** An explicit endpoint (https, or http on 127.0.0.1 / localhost / [::1]). */
  readonly custom?: string;
  /** Use the FIPS host (US regions only). Ignored for custom and loopback endpoints. */
  readonly fips?: boolean;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const COGNITO_HOST = /^cognito-idp(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/;

function refuse(message: string, field: string): never {
  throw new AppError('ERR_INVALID_ENDPOINT', message, { details: { field } });
}

function parseUrl(value: string, field: string): URL {
  try {
    return new URL(value);
  } catch {
    return refuse('The endpoint is not a URL.', field);
  }
}

/** True for `http://` on a loopback host (the local sandbox). */
export function isLoopbackUrl(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

function regional(region: string | undefined, fips: boolean, field: string): string {
  if (!region || !isCognitoRegion(region)) return refuse('Cognito has no endpoint in that region.', field);
  if (fips && !(COGNITO_FIPS_REGIONS as readonly string[]).includes(region)) {
    return refuse('Cognito has no FIPS endpoint in that region.', field);
  }
  return `https://${cognitoHost(region, fips)}/`;
}

function custom(value: string, field: string): string {
  const url = parseUrl(value, field);
  if (url.username || url.password) refuse('The endpoint must not contain a user name or password.', field);
  if (url.search || url.hash) refuse('The endpoint must not have a query or fragment.', field);
  if (url.protocol !== 'https:' && !isLoopbackUrl(url)) {
    refuse('The endpoint must be https, or http on 127.0.0.1 / localhost.', field);
  }
  return `${url.origin}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}`;
}

function fromIssuer(issuer: string, fips: boolean): string {
  const url = parseUrl(issuer, 'issuer');
  if (isLoopbackUrl(url)) return `${url.origin}/`;
  const match = url.protocol === 'https:' && !url.port ? COGNITO_HOST.exec(url.hostname) : null;
  if (!match) return refuse('The token was not issued by a Cognito endpoint.', 'issuer');
  return regional(match[1], fips || url.hostname.startsWith('cognito-idp-fips.'), 'issuer');
}

/**
 * The base URL (with trailing slash) of the Cognito user-pools API.
 * Throws AppError ERR_INVALID_ENDPOINT for anything not allowed.
 */
export function resolveEndpoint(input: EndpointInput): string {
  const fips = input.fips ?? false;
  if (input.custom !== undefined) return custom(input.custom, 'endpoint');
  if (input.issuer !== undefined) return fromIssuer(input.issuer, fips);
  if (input.userPoolId !== undefined) return regional(regionOfPoolId(input.userPoolId), fips, 'userPoolId');
  return refuse('No endpoint, token issuer or user pool id was given.', 'endpoint');
}

/** Check an already resolved endpoint (the client's `endpoint` option) by the custom rules. */
export function checkEndpoint(endpoint: string): string {
  return custom(endpoint, 'endpoint');
}
