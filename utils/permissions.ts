/**
 * Host access for a session's endpoint. Loopback is granted by the manifest;
 * a Cognito regional host is an optional permission that must be requested
 * from a user gesture (call `requestHostAccess` synchronously in the click
 * handler, before any await). Pure except for the two browser calls.
 */
import { browser } from 'wxt/browser';

/** The match pattern to request for an endpoint, or undefined when none is needed (loopback). */
export function hostPatternFor(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return undefined;
  return `${url.protocol}//${url.hostname}/*`;
}

/** True when the extension may contact `endpoint` now. */
export async function hasHostAccess(endpoint: string): Promise<boolean> {
  const pattern = hostPatternFor(endpoint);
  return pattern === undefined || browser.permissions.contains({ origins: [pattern] });
}

/**
 * Ask for access to `endpoint`. Must be the first call of a click handler's
 * synchronous part (Chrome keeps the user gesture only until the first await).
 */
export function requestHostAccess(endpoint: string): Promise<boolean> {
  const pattern = hostPatternFor(endpoint);
  return pattern === undefined ? Promise.resolve(true) : browser.permissions.request({ origins: [pattern] });
}
