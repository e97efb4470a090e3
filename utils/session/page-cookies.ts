/**
 * `document.cookie` as a list of entries. Amplify v6's `CookieStorage` writes
 * each key as its own cookie through js-cookie (name and value
 * percent-encoded), so the keys are those of localStorage. A server adapter
 * may split a large value across `<name>.0`, `<name>.1`, … (the chunking
 * convention of NextAuth-style adapters): those are joined in order when the
 * run is complete. Pure; cookies are untrusted text.
 */
import type { PageStoreName } from './page-reader';

/** A cookie left out, and why. */
export interface CookieSkip {
  readonly where: PageStoreName;
  readonly key: string;
  readonly reason: 'bad-encoding' | 'truncated-cookie' | 'split-incomplete' | 'too-large';
}

const PREFIXES = ['CognitoIdentityServiceProvider.', 'oidc.user:'];
/** More than any real session: a JWT cookie is at most ~4 KB, a joined one a few of those. */
const MAX_VALUE = 20_000;
const MAX_COOKIES = 2_000;
const CHUNK = /^(.*)\.(\d{1,2})$/;

const isSessionKey = (name: string) => PREFIXES.some((p) => name.startsWith(p));

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * The page's session cookies as `[name, value]`, decoded, chunks joined;
 * `truncated` says the string was cut at the reader's cap (its last cookie is
 * then dropped: it may be cut).
 */
export function parseCookieString(
  cookie: unknown,
  truncated = false,
): { entries: [string, string][]; skipped: CookieSkip[] } {
  const entries: [string, string][] = [];
  const skipped: CookieSkip[] = [];
  const skip = (key: string, reason: CookieSkip['reason']) => {
    if (skipped.length < 50) skipped.push({ where: 'cookie', key: key.slice(0, 120), reason });
  };
  if (typeof cookie !== 'string' || cookie === '') return { entries, skipped };
  const pairs = cookie.split(';').slice(0, MAX_COOKIES);
  if (truncated) {
    const last = pairs.pop() ?? '';
    skip(last.split('=')[0]?.trim() ?? '', 'truncated-cookie');
  }
  const whole = new Map<string, string>();
  const chunks = new Map<string, Map<number, string>>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const rawName = pair.slice(0, eq).trim();
    let rawValue = pair.slice(eq + 1).trim();
    if (rawValue.length > MAX_VALUE * 3) {
      const name = decode(rawName) ?? rawName;
      if (isSessionKey(name)) skip(name, 'too-large');
      continue;
    }
    if (rawValue.length >= 2 && rawValue.startsWith('"') && rawValue.endsWith('"')) rawValue = rawValue.slice(1, -1);
    const name = decode(rawName);
    if (name === undefined || !isSessionKey(name)) {
      if (name === undefined && isSessionKey(rawName)) skip(rawName, 'bad-encoding');
      continue;
    }
    const value = decode(rawValue);
    if (value === undefined) {
      skip(name, 'bad-encoding');
      continue;
    }
    const chunk = CHUNK.exec(name);
    if (chunk?.[1] && isSessionKey(chunk[1]) && /\.(accessToken|idToken|refreshToken|userData)$/.test(chunk[1])) {
      const parts = chunks.get(chunk[1]) ?? new Map<number, string>();
      parts.set(Number(chunk[2]), value);
      chunks.set(chunk[1], parts);
      continue;
    }
    whole.set(name, value);
  }
  for (const [name, parts] of chunks) {
    if (whole.has(name)) continue;
    const joined: string[] = [];
    for (let i = 0; i < parts.size; i++) {
      const part = parts.get(i);
      if (part === undefined) break;
      joined.push(part);
    }
    const value = joined.join('');
    if (joined.length !== parts.size) skip(name, 'split-incomplete');
    else if (value.length > MAX_VALUE) skip(name, 'too-large');
    else whole.set(name, value);
  }
  for (const [name, value] of whole) {
    if (value.length > MAX_VALUE) skip(name, 'too-large');
    else entries.push([name, value]);
  }
  return { entries, skipped };
}
