/**
 * Every session a page's own script can see, from what `readSessionStores`
 * returned: the Amplify key format in localStorage, sessionStorage and
 * cookies, and oidc-client-ts users in either storage. Entries that cannot be
 * used are skipped with a reason the chooser shows. Pure.
 */
import { parseCookieString } from './page-cookies';
import { parseOidcEntries } from './page-oidc';
import type { PageStorageDump, PageStoreName } from './page-reader';
import { type PageSession, parseAmplifyEntries } from './page-storage';

/** Why an entry was left out. */
export type SkipReason =
  | 'too-large'
  | 'too-many'
  | 'key-too-long'
  | 'not-json'
  | 'no-access-token'
  | 'bad-key'
  | 'bad-encoding'
  | 'truncated-cookie'
  | 'split-incomplete';

/** An entry left out (never its value). */
export interface SkippedEntry {
  readonly where: PageStoreName;
  /** The key, cut to 120 characters; untrusted text. */
  readonly key: string;
  readonly reason: SkipReason;
}

/** What a page holds. */
export interface PageScan {
  readonly sessions: PageSession[];
  readonly skipped: SkippedEntry[];
}

/** Words for each reason, shown beside the key in the chooser. */
export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  'too-large': 'the value is far larger than a session (over 20,000 characters)',
  'too-many': 'the page holds more than 400 such keys; the rest were not read',
  'key-too-long': 'the key is longer than 600 characters',
  'not-json': 'not the JSON an oidc-client-ts user is stored as',
  'no-access-token': 'no access token in it',
  'bad-key': 'the key does not name an authority URL and an app client id',
  'bad-encoding': 'the cookie is not validly percent-encoded',
  'truncated-cookie': 'the page’s cookies were cut at 200,000 characters here',
  'split-incomplete': 'a cookie split into parts is missing a part',
};

const ORDER: Record<PageStoreName, number> = { localStorage: 0, sessionStorage: 1, cookie: 2 };
const MAX_SKIPPED = 50;

/** Sessions in every store: LastAuthUser first, then localStorage, sessionStorage, cookies; Amplify before oidc. */
export function scanPage(dump: PageStorageDump): PageScan {
  const sessions: PageSession[] = [];
  const skipped: SkippedEntry[] = [];
  const note = (list: readonly SkippedEntry[] | undefined) => {
    for (const s of Array.isArray(list) ? list : []) {
      if (skipped.length < MAX_SKIPPED && s && typeof s.key === 'string') skipped.push(s);
    }
  };
  note(dump.skipped as SkippedEntry[] | undefined);
  const cookies = parseCookieString(dump.cookie, dump.cookieTruncated === true);
  note(cookies.skipped);
  const stores: [PageStoreName, unknown][] = [
    ['localStorage', dump.entries],
    ['sessionStorage', dump.sessionEntries],
    ['cookie', cookies.entries],
  ];
  for (const [where, entries] of stores) {
    sessions.push(...parseAmplifyEntries(entries, where));
    const oidc = parseOidcEntries(entries, where);
    sessions.push(...oidc.sessions);
    note(oidc.skipped);
  }
  const rank = (s: PageSession) => (s.lastAuthUser ? 0 : 10) + ORDER[s.where] * 2 + (s.format === 'oidc' ? 1 : 0);
  return { sessions: sessions.sort((a, b) => rank(a) - rank(b)), skipped };
}

/** The sessions of {@link scanPage} only. */
export function parsePageStorage(dump: PageStorageDump): PageSession[] {
  return scanPage(dump).sessions;
}
