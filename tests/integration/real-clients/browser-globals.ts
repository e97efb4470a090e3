/**
 * The browser globals amazon-cognito-identity-js and Amplify v6 read, given to
 * Node from a happy-dom window, so both libraries run unchanged as they would
 * in a page: `window`, `document`, `localStorage` / `sessionStorage` (where
 * both keep their session and device keys) and `navigator` (whose userAgent
 * both send as the device name). Network calls stay on Node's own fetch.
 * Import this module first: identity-js reads `navigator` when it loads.
 */
import { Window } from 'happy-dom';

/** The userAgent the tests' "browser" reports (and the clients send as DeviceName). */
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const browser = new Window({
  url: 'https://app.example.com/',
  settings: { navigator: { userAgent: BROWSER_USER_AGENT } },
});
const g = globalThis as Record<string, unknown>;
g.window = browser;
g.document = browser.document;
g.localStorage = browser.localStorage;
g.sessionStorage = browser.sessionStorage;
Object.defineProperty(globalThis, 'navigator', { configurable: true, value: browser.navigator });

/** Empties localStorage and sessionStorage, as a new browser profile would have them. */
export function resetBrowserStorage(): void {
  browser.localStorage.clear();
  browser.sessionStorage.clear();
}

/** localStorage entries whose key starts with `prefix`. */
export function storedItems(prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < browser.localStorage.length; i++) {
    const key = browser.localStorage.key(i);
    if (key?.startsWith(prefix)) out[key] = browser.localStorage.getItem(key) ?? '';
  }
  return out;
}
