/**
 * Host access for a session's endpoint. Every host is an optional permission
 * that must be requested from a user gesture (call `requestHostAccess`
 * synchronously in the click handler, before any await): a loopback endpoint
 * when Settings names it, a Cognito regional host when a session or the admin
 * first needs it. Pure except for the browser calls.
 */
import { browser } from 'wxt/browser';
import { LOOPBACK_HOST_PATTERNS } from './host-patterns';

/** The match pattern to request for an endpoint (any port), or undefined when it is not a URL. */
export function hostPatternFor(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  return `${url.protocol}//${url.hostname}/*`;
}

/** True when the extension may contact `endpoint` now. */
export async function hasHostAccess(endpoint: string): Promise<boolean> {
  const pattern = hostPatternFor(endpoint);
  return pattern !== undefined && browser.permissions.contains({ origins: [pattern] });
}

/**
 * Ask for access to `endpoint`; false when refused or not a URL. Must be the
 * first call of a click handler's synchronous part (Chrome keeps the user
 * gesture only until the first await).
 */
export function requestHostAccess(endpoint: string): Promise<boolean> {
  const pattern = hostPatternFor(endpoint);
  return pattern === undefined ? Promise.resolve(false) : browser.permissions.request({ origins: [pattern] });
}

/** Give back the loopback access (Settings no longer names a loopback endpoint). */
export function releaseLoopbackAccess(): Promise<boolean> {
  return browser.permissions.remove({ origins: [...LOOPBACK_HOST_PATTERNS] });
}

/**
 * Ask for the optional `notifications` permission (Watch's alerts). Call it synchronously in the click
 * handler: the browser asks only from a user gesture. Resolves true when granted (at once if it already was).
 */
export function requestNotifications(): Promise<boolean> {
  return browser.permissions.request({ permissions: ['notifications'] });
}
