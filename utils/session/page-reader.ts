/**
 * The one function that runs IN the page (`scripting.executeScript({ func })`)
 * when the person clicks "Import session from this tab": it reads every place
 * a page's own script can keep a Cognito session — localStorage,
 * sessionStorage and `document.cookie` — and returns plain data. It must stay
 * self-contained (no imports, no outer variables). Everything it returns is
 * untrusted text, parsed by the pure code in page-scan.ts.
 */

/** Where a page keeps an entry. */
export type PageStoreName = 'localStorage' | 'sessionStorage' | 'cookie';

/** An entry the reader left out, and why (its value never travels). */
export interface DumpSkip {
  readonly where: PageStoreName;
  /** The key, cut to 120 characters. */
  readonly key: string;
  readonly reason: 'too-large' | 'too-many' | 'key-too-long';
}

/** What the injected function returns. */
export interface PageStorageDump {
  readonly origin: string;
  /** `[key, value]` of localStorage's Cognito / oidc-client-ts keys only. */
  readonly entries: readonly (readonly [string, string])[];
  /** The same, of sessionStorage. */
  readonly sessionEntries?: readonly (readonly [string, string])[];
  /** `document.cookie` as the page sees it (httpOnly cookies are not in it), capped. */
  readonly cookie?: string;
  /** True when `cookie` was cut at the cap. */
  readonly cookieTruncated?: boolean;
  /** Entries left out, with the reason (capped in number). */
  readonly skipped?: readonly DumpSkip[];
  /** True when there were more keys than the cap. */
  readonly truncated?: boolean;
  /** Set when neither storage could be read at all. */
  readonly unreadable?: boolean;
}

/**
 * Reads the keys that amazon-cognito-identity-js / Amplify v6
 * (`CognitoIdentityServiceProvider.*`) and oidc-client-ts (`oidc.user:*`) write,
 * from both storages, and the page's cookie string. Caps: 400 entries per
 * storage, keys of 600 characters, values of 20,000 characters (a session's
 * values are a few KB), 200,000 characters of cookies.
 */
export function readSessionStores(): PageStorageDump {
  const prefixes = ['CognitoIdentityServiceProvider.', 'oidc.user:'];
  const maxEntries = 400;
  const maxKey = 600;
  const maxValue = 20_000;
  const maxCookie = 200_000;
  const maxSkips = 50;
  const skipped: DumpSkip[] = [];
  let truncated = false;
  const skip = (where: 'localStorage' | 'sessionStorage', key: string, reason: DumpSkip['reason']) => {
    if (skipped.length < maxSkips) skipped.push({ where, key: key.slice(0, 120), reason });
  };
  const read = (where: 'localStorage' | 'sessionStorage'): [string, string][] | undefined => {
    const entries: [string, string][] = [];
    let store: Storage;
    try {
      store = window[where];
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i);
        if (key === null || !prefixes.some((p) => key.startsWith(p))) continue;
        if (key.length > maxKey) {
          skip(where, key, 'key-too-long');
          continue;
        }
        if (entries.length >= maxEntries) {
          truncated = true;
          skip(where, key, 'too-many');
          continue;
        }
        const value = store.getItem(key) ?? '';
        if (value.length > maxValue) {
          skip(where, key, 'too-large');
          continue;
        }
        entries.push([key, value]);
      }
    } catch {
      return undefined;
    }
    return entries;
  };
  const local = read('localStorage');
  const session = read('sessionStorage');
  let cookie = '';
  let cookieTruncated = false;
  try {
    cookie = typeof document.cookie === 'string' ? document.cookie : '';
    if (cookie.length > maxCookie) {
      cookie = cookie.slice(0, maxCookie);
      cookieTruncated = true;
    }
  } catch {
    cookie = '';
  }
  return {
    origin: location.origin,
    entries: local ?? [],
    sessionEntries: session ?? [],
    cookie,
    cookieTruncated,
    skipped,
    truncated,
    unreadable: local === undefined && session === undefined && cookie === '',
  };
}
