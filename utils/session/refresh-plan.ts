/**
 * When to refresh: a few minutes before the access token expires, on the
 * local clock (server time + the session's clock drift). Pure.
 */
import { refreshPlan } from './rotation';
import type { PublicSession, Session } from './types';

/** Refresh this long before expiry. */
export const REFRESH_LEAD_MS = 5 * 60_000;
/** Name of the background alarm. */
export const REFRESH_ALARM = 'session.refresh';

type Timed = Pick<Session | PublicSession, 'claims' | 'clockDriftSec'>;

/** Local-clock epoch ms at which the access token expires. */
export function expiresAtLocalMs(session: Timed): number {
  return (session.claims.expiresAt + session.clockDriftSec) * 1000;
}

/** Milliseconds left before expiry (negative once expired). */
export function msUntilExpiry(session: Timed, nowMs: number): number {
  return expiresAtLocalMs(session) - nowMs;
}

/**
 * When an active session with a refresh token should be refreshed; undefined otherwise. A borrowed session
 * of a rotating client is never refreshed unasked: it is due at its expiry, to be marked expired then.
 */
export function refreshDueAt(session: Session): number | undefined {
  if (session.status.state !== 'active' || !session.tokens.refreshToken) return undefined;
  if (refreshPlan(session) === 'refuse') return expiresAtLocalMs(session);
  return expiresAtLocalMs(session) - REFRESH_LEAD_MS;
}

/** The latest time an alarm is given: a time no Date can hold makes `alarms.create` reject. */
const MAX_ALARM_MS = 8.64e15;

/** The earliest refresh time over all sessions (for the alarm), or undefined; never an invalid time. */
export function nextRefreshAt(sessions: readonly Session[]): number | undefined {
  const times = sessions
    .map(refreshDueAt)
    .filter((t): t is number => t !== undefined && Number.isFinite(t) && t >= 0 && t <= MAX_ALARM_MS);
  return times.length ? Math.min(...times) : undefined;
}

/** Sessions to refresh now. */
export function dueForRefresh(sessions: readonly Session[], nowMs: number): Session[] {
  return sessions.filter((s) => {
    const due = refreshDueAt(s);
    return due !== undefined && due <= nowMs;
  });
}

/** Active sessions past expiry that cannot be refreshed. */
export function expiredWithoutRefresh(sessions: readonly Session[], nowMs: number): Session[] {
  return sessions.filter((s) => s.status.state === 'active' && !s.tokens.refreshToken && msUntilExpiry(s, nowMs) <= 0);
}
