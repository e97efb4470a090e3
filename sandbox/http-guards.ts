/**
 * Who may reach what on the sandbox, beyond the socket address:
 *
 * - The Cognito routes (`POST /`, the JWKS) answer any origin with CORS, as the
 *   public Cognito endpoint does for the browser SDKs (see sandbox/README.md,
 *   "CORS").
 * - The test routes (`/_sandbox/*`) are for local programs (tests, the demo,
 *   benchmarks), never for a web page: no CORS headers; a request that carries
 *   an `Origin` (every browser POST / PUT / DELETE and cross-origin read does) is
 *   refused; the Host must be a loopback name (a page on a name that resolves to
 *   127.0.0.1, DNS rebinding, is same-origin with the sandbox, so CORS alone would
 *   not stop it); POST and PUT need `Content-Type: application/json` (a page's
 *   form or `no-cors` fetch cannot send that without a preflight, which fails).
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/**
 * The request headers a browser client of Cognito sends: the JSON 1.1 protocol's
 * `content-type` and `x-amz-target`; `x-amz-user-agent`, `amz-sdk-invocation-id`
 * and `amz-sdk-request` (AWS SDK v3); `cache-control` (Amplify v6 sends `no-store`);
 * and the SigV4 headers of the signed (Admin) operations.
 */
export const COGNITO_CORS_ALLOWED_HEADERS = [
  'content-type',
  'x-amz-target',
  'x-amz-user-agent',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'cache-control',
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
] as const;

/** CORS headers of every Cognito-route answer. */
export const COGNITO_CORS_HEADERS: OutgoingHttpHeaders = { 'access-control-allow-origin': '*' };

/** The extra headers of the answer to a preflight (`OPTIONS /`). */
export const COGNITO_PREFLIGHT_HEADERS: OutgoingHttpHeaders = {
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': COGNITO_CORS_ALLOWED_HEADERS.join(', '),
  'access-control-max-age': '600',
};

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The hostname of a Host header (`127.0.0.1:9329` → `127.0.0.1`, `[::1]:80` → `[::1]`), lower-cased. */
function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/**
 * Why a `/_sandbox/*` request is refused (status and message), or undefined when it may proceed.
 * `route` is `METHOD /path`; `routes` the test routes (any other gets 404 once the caller is let in).
 */
export function testRouteRefusal(
  route: string,
  headers: IncomingHttpHeaders,
  routes: ReadonlySet<string>,
): { status: number; message: string } | undefined {
  if (headers.origin !== undefined) {
    return { status: 403, message: 'The /_sandbox routes do not answer web pages (the request has an Origin header).' };
  }
  if (!LOOPBACK_HOSTNAMES.has(hostnameOf(headers.host ?? ''))) {
    return { status: 403, message: 'The /_sandbox routes answer requests addressed to 127.0.0.1 or localhost only.' };
  }
  if (!routes.has(route)) return { status: 404, message: `No sandbox route ${route}.` };
  if (route.startsWith('POST ') || route.startsWith('PUT ')) {
    const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return { status: 415, message: `Content-Type must be application/json (got "${type || '(none)'}").` };
    }
  }
  return undefined;
}
