/**
 * Watch's rules over its stored state (utils/storage-watch.ts): turning a
 * session's watch on and off, stopping it once with a reason, counting unseen
 * findings for the badge, and the words of a finding. Pure.
 */
import type { ErrorCode } from '../errors';
import type { HistoryAction, HistoryActor, HistoryDraft } from '../history/types';
import type { WatchSession, WatchState } from '../storage-watch';
import { firstCodePoints, visibleText } from '../untrusted-text';
import type { WatchFinding, WatchFindingKind } from './compare';

/** The background alarm's name. */
export const WATCH_ALARM = 'watch.tick';

/** The history action of each kind of finding. */
export const WATCH_ACTION: Record<WatchFindingKind, HistoryAction> = {
  newDevice: 'watch.newDevice',
  newIp: 'watch.newIp',
  signedIn: 'watch.signedIn',
  gone: 'watch.gone',
};

/** The session ids being watched. */
export function watchedSessions(state: WatchState): string[] {
  return Object.entries(state.sessions)
    .filter(([, s]) => s.on)
    .map(([id]) => id);
}

function withSession(state: WatchState, id: string, session: WatchSession | undefined): WatchState {
  const sessions = { ...state.sessions };
  if (session) sessions[id] = session;
  else delete sessions[id];
  return { ...state, sessions };
}

/** Turn a session's watch on (a fresh start: an earlier stop is cleared) or off (forgotten). */
export function setWatching(state: WatchState, id: string, on: boolean, now: number): WatchState {
  return withSession(state, id, on ? { on: true, since: now } : undefined);
}

/**
 * Watch turns itself off for a session that cannot be used, keeping why for the popup to say once. Only the
 * watch the check began under (`since`): one turned off, or off and on again, meanwhile is left as it is.
 */
export function stopWatching(state: WatchState, id: string, code: ErrorCode, now: number, since?: number): WatchState {
  const was = state.sessions[id];
  if (since !== undefined && (!was?.on || was.since !== since)) return state;
  return withSession(state, id, { since: was?.since ?? now, on: false, stopped: { code, at: now, shown: false } });
}

/** The popup showed `shown` findings: they are seen; findings counted since it read the state stay unseen. */
export function markSeen(state: WatchState, shown: number): WatchState {
  const unseen = Math.max(0, state.unseen - Math.max(0, shown));
  return unseen === state.unseen ? state : { ...state, unseen };
}

/** The popup said why: it is not said again (the stop stays visible in the session's watch control). */
export function markStopShown(state: WatchState, id: string): WatchState {
  const was = state.sessions[id];
  if (!was?.stopped || was.stopped.shown) return state;
  return withSession(state, id, { ...was, stopped: { ...was.stopped, shown: true } });
}

/**
 * A check that ran: when, what it found, or the passing trouble it met. `counted` findings are added to the
 * unseen count (all of them unless said: the first check's are recorded but not counted).
 */
export function afterCheck(
  state: WatchState,
  id: string,
  now: number,
  result: { found: number; counted?: number } | { error: ErrorCode },
  since?: number,
): WatchState {
  const was = state.sessions[id];
  if (!was?.on || (since !== undefined && was.since !== since)) return state;
  const { lastError: _, ...rest } = was;
  const next: WatchSession =
    'error' in result ? { ...was, lastError: result.error } : { ...rest, lastRunAt: now, lastFound: result.found };
  const unseen = 'found' in result ? state.unseen + (result.counted ?? result.found) : state.unseen;
  return { ...withSession(state, id, next), unseen };
}

/**
 * A watched session that no longer exists (signed out, or not kept across a browser restart) stops its
 * watch with ERR_SESSION_NONE, said once; a stop already recorded for one is dropped.
 */
export function keepSessions(state: WatchState, existing: ReadonlySet<string>, now: number): WatchState {
  let next = state;
  for (const [id, watch] of Object.entries(state.sessions)) {
    if (existing.has(id)) continue;
    next = watch.on
      ? stopWatching(next, id, 'ERR_SESSION_NONE', now)
      : watch.stopped?.shown
        ? withSession(next, id, undefined)
        : next;
  }
  return next;
}

/** The most notifications one check shows; the rest are summed up in one more. */
export const NOTIFY_AT_MOST = 3;

/** The toolbar badge's text: the unseen count, '' for none, "99+" past 99. */
export function badgeText(unseen: number): string {
  if (unseen <= 0) return '';
  return unseen > 99 ? '99+' : String(unseen);
}

/** A finding's history entry: identifiers and device facts only. */
export function findingDraft(finding: WatchFinding, actor: HistoryActor): HistoryDraft {
  return {
    action: WATCH_ACTION[finding.kind],
    mode: 'user',
    actor,
    target: { deviceKey: finding.deviceKey, ...(finding.deviceName ? { deviceName: finding.deviceName } : {}) },
    watch: { at: finding.at, ...(finding.ip ? { ip: finding.ip } : {}) },
  };
}

const HEADLINE: Record<WatchFindingKind, string> = {
  newDevice: 'New device signed in',
  newIp: 'Sign-in from a new IP',
  signedIn: 'Known device signed in',
  gone: 'Device removed elsewhere',
};

/** How long ago, in words a notification can carry ("just now", "2 minutes ago", "3 hours ago", "4 days ago"). */
export function agoWords(at: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return 'just now';
  const [n, unit] =
    minutes < 60
      ? [minutes, 'minute']
      : minutes < 2880
        ? [Math.floor(minutes / 60), 'hour']
        : [Math.floor(minutes / 1440), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/** A device name as a notification shows it: controls as markers (never reordering text), at most 60 characters. */
export function plainName(name: string | undefined, deviceKey: string): string {
  if (!name) return `device …${deviceKey.slice(-8)}`;
  const shown = visibleText(name);
  const cut = firstCodePoints(shown, 60);
  return cut === shown ? shown : `${cut}…`;
}

/**
 * A finding's notification: "New device signed in to carol's account" / "Pixel 9 — 203.0.113.7, 2 minutes ago".
 * Plain text (notifications render no markup); the device name is untrusted and shown through `plainName`.
 */
export function findingNotification(
  finding: WatchFinding,
  username: string,
  now: number,
): { title: string; message: string } {
  const account = `${username}’s account`;
  const title = `${HEADLINE[finding.kind]} ${finding.kind === 'gone' ? 'from' : 'to'} ${account}`;
  const name = plainName(finding.deviceName, finding.deviceKey);
  const facts = [finding.ip, finding.kind === 'gone' ? undefined : agoWords(finding.at, now)].filter(Boolean);
  return { title, message: facts.length ? `${name} — ${facts.join(', ')}` : name };
}
