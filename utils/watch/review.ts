/**
 * The dashboard's Review devices view as pure logic: Watch's findings (the
 * `watch.*` history entries) grouped by account, newest first, each with the
 * session that can act on its device, and the device a notification's click
 * asks to show (`#review?session=…&device=…`).
 */
import type { HistoryAction, HistoryEntry } from '../history/types';
import type { PublicSession, WatchState } from '../storage';
import { WATCH_ACTION } from './state';

/** The history actions of Watch's findings. */
export const WATCH_ACTIONS: readonly HistoryAction[] = Object.values(WATCH_ACTION);

/** One account's findings. */
export interface ReviewGroup {
  /** `pool|username`. */
  readonly key: string;
  readonly pool: string;
  readonly username: string;
  /** A session of this account that can act on its devices (the active one first), if any. */
  readonly sessionId?: string;
  /** Newest first. */
  readonly findings: readonly HistoryEntry[];
}

type SessionFacts = Pick<PublicSession, 'id' | 'username' | 'poolId' | 'status'> & {
  claims: Pick<PublicSession['claims'], 'poolId'>;
};

/** Findings by account (the account with the newest finding first), each with a usable session for it. */
export function groupFindings(
  entries: readonly HistoryEntry[],
  sessions: readonly SessionFacts[],
  activeId?: string | null,
): ReviewGroup[] {
  const byAccount = new Map<string, HistoryEntry[]>();
  const newestFirst = [...entries]
    .filter((e) => WATCH_ACTIONS.includes(e.action))
    .sort((a, b) => b.time - a.time || b.id - a.id);
  for (const entry of newestFirst) {
    const key = `${entry.actor.pool}|${entry.actor.username ?? ''}`;
    byAccount.set(key, [...(byAccount.get(key) ?? []), entry]);
  }
  const ordered = [...sessions].sort((a, b) => Number(b.id === activeId) - Number(a.id === activeId));
  return [...byAccount].map(([key, findings]) => {
    const { pool, username = '' } = (findings[0] as HistoryEntry).actor;
    const session = ordered.find(
      (s) => s.status.state === 'active' && s.username === username && (s.poolId ?? s.claims.poolId) === pool,
    );
    return { key, pool, username, findings, ...(session ? { sessionId: session.id } : {}) };
  });
}

/** The dashboard's Review devices view at one device (what a notification's click opens). */
export function reviewPath(sessionId: string, deviceKey: string): string {
  return `/options.html#review?session=${encodeURIComponent(sessionId)}&device=${encodeURIComponent(deviceKey)}`;
}

/** The device a `#review?session=…&device=…` hash points at (a notification's click), if any. */
export function reviewTarget(hash: string): { sessionId?: string; deviceKey: string } | undefined {
  const query = hash.replace(/^#review\??/, '');
  if (query === hash || !query) return undefined;
  const params = new URLSearchParams(query);
  const deviceKey = params.get('device');
  if (!deviceKey) return undefined;
  const sessionId = params.get('session');
  return { deviceKey, ...(sessionId ? { sessionId } : {}) };
}

/** What a finding says changed, in words (the device's name is shown beside it, as untrusted text). */
export function findingWords(entry: Pick<HistoryEntry, 'action' | 'watch'>): string {
  const ip = entry.watch?.ip;
  switch (entry.action) {
    case 'watch.newDevice':
      return ip
        ? `A device this extension had never seen signed in, from ${ip}.`
        : 'A device this extension had never seen signed in.';
    case 'watch.newIp':
      return `Signed in from ${ip ?? 'an IP'}, new for this account.`;
    case 'watch.signedIn':
      return ip ? `Signed in again, from ${ip}.` : 'Signed in again.';
    case 'watch.gone':
      return 'No longer remembered, and not by this extension: it was forgotten or not remembered elsewhere.';
    default:
      return '';
  }
}

/**
 * What the Review view's findings depend on in the watch state: the watched sessions and each check that
 * found something. The view reads History again only when this changes, not at every check's write.
 */
export function findingsVersion(state: WatchState): string {
  const checks = Object.entries(state.sessions)
    .filter(([, w]) => w.on || w.lastFound)
    .map(([id, w]) => `${id}:${w.on ? 1 : 0}:${w.lastFound ? w.lastRunAt : ''}`)
    .sort();
  return `${state.unseen}|${checks.join(',')}`;
}
