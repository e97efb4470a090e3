/**
 * Which tab "Import session from this tab" reads, and whether the browser lets
 * an extension read it. Pure: tabs are passed in.
 */

/** The fields of a tab this module looks at. */
export interface TabLike {
  readonly id?: number;
  readonly url?: string;
  readonly active?: boolean;
  readonly lastAccessed?: number;
}

/** True for pages `scripting.executeScript` may run in (http, https). */
export function isReadablePageUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    // The extension stores refuse scripts.
    return (
      u.hostname !== 'chromewebstore.google.com' &&
      !(u.hostname === 'chrome.google.com' && u.pathname.startsWith('/webstore'))
    );
  } catch {
    return false;
  }
}

/**
 * The tab to import from: the active tab of the popup's window, or — when that
 * tab is an extension page (the popup opened as a tab) — the most recently
 * accessed other http(s) tab of the window. Undefined when none qualifies
 * (the caller reports ERR_SESSION_PAGE_UNREADABLE).
 */
export function pickImportTab(tabs: readonly TabLike[], extensionOrigin: string): TabLike | undefined {
  const active = tabs.find((t) => t.active);
  // No URL means the browser hides it (no grant yet): let executeScript decide.
  if (active && active.url === undefined) return active;
  if (active && !active.url?.startsWith(extensionOrigin)) return isReadablePageUrl(active.url) ? active : undefined;
  return [...tabs]
    .filter((t) => t !== active && t.id !== undefined && isReadablePageUrl(t.url))
    .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
}
