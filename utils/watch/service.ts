/**
 * Watch's worker side (issue 18): on each alarm, every watched session's
 * devices are listed again (through the device service: the one pacer, so
 * within the per-user and category quotas) and compared with what the device
 * memory knew before the listing (compare.ts). Each finding becomes a history
 * entry and, when the person allowed notifications, a browser notification;
 * the toolbar badge counts the unseen ones. A session that cannot be used
 * stops its watch once, with the reason; a passing trouble (network,
 * throttling) is kept and tried again next time. Nothing runs while the
 * browser is idle-locked. Dependencies are injected; handlers.ts wires them.
 */
import { toAppError } from '../errors';
import type { KnownDevice } from '../history/types';
import { oneAtATime } from '../one-at-a-time';
import { actorOf } from '../records';
import type { DeviceDto, Session, WatchState } from '../storage';
import { mayPassByItself } from '../transient';
import type { Recorder } from '../worker/context';
import { compareDevices, type WatchFinding } from './compare';
import {
  afterCheck,
  badgeText,
  findingDraft,
  findingNotification,
  keepSessions,
  markSeen,
  NOTIFY_AT_MOST,
  stopWatching,
  watchedSessions,
} from './state';

export interface WatchDeps {
  sessions: { list(): Promise<Session[]> };
  /**
   * Refresh the sessions that are due, as the sessions rules allow (the refresh alarm's pass, shared with it):
   * run before each check, so a watch never stops on an access token its refresh token could renew.
   */
  refreshDue?(): Promise<void>;
  /**
   * The device service's listing with what the memory knew before it (it also notes the listed devices in
   * the memory, after answering).
   */
  list(sessionId: string): Promise<WatchListing>;
  record: Recorder;
  /** Read-modify-write of the stored watch state (one writer: this service). */
  update(change: (state: WatchState) => WatchState): Promise<WatchState>;
  read(): Promise<WatchState>;
  /** The browser's idle state ('locked' skips the check). */
  idleState(): Promise<'active' | 'idle' | 'locked'>;
  setBadge(text: string): Promise<void>;
  /** Show a notification; resolves false when the permission is not granted. */
  notify(id: string, text: { title: string; message: string }): Promise<boolean>;
  now?: () => number;
}

/** What Watch needs of the device service's answer: the devices Cognito listed, and what was known before. */
export interface WatchListing {
  readonly listed: readonly DeviceDto[];
  /** The history's memory of the account before this listing; absent when it could not be read. */
  readonly known?: readonly KnownDevice[];
}

/** What one check of one session did. */
export type CheckResult =
  | { sessionId: string; findings: WatchFinding[] }
  | { sessionId: string; stopped: string }
  | { sessionId: string; failed: string }
  | { sessionId: string; skipped: 'locked' | 'notWatched' };

/** A notification's id: which session and device it is about (the click opens that device). */
export function notificationId(sessionId: string, finding: WatchFinding): string {
  return `watch|${sessionId}|${finding.deviceKey}|${finding.kind}|${finding.at}`;
}

/** The session and device a notification id names, or undefined for another notification. */
export function parseNotificationId(id: string): { sessionId: string; deviceKey: string } | undefined {
  const [tag, sessionId, deviceKey] = id.split('|');
  return tag === 'watch' && sessionId && deviceKey ? { sessionId, deviceKey } : undefined;
}

export function createWatchService(deps: WatchDeps) {
  const now = deps.now ?? Date.now;
  // One check at a time: a tick and a "Check now" never list the same account twice at once.
  const serial = oneAtATime();

  async function checkOne(session: Session, since: number, first: boolean): Promise<CheckResult> {
    const sessionId = session.id;
    let listed: WatchListing;
    try {
      listed = await deps.list(sessionId);
    } catch (error) {
      const code = toAppError(error).toJSON();
      // Still active but expired after the refresh pass: its refresh met a passing trouble (anything else
      // would have marked the session expired), so the next check tries again.
      const refreshFailed = code.code === 'ERR_TOKEN_EXPIRED' && deps.refreshDue && session.tokens.refreshToken;
      if (mayPassByItself(code) || refreshFailed) {
        await deps.update((s) => afterCheck(s, sessionId, now(), { error: code.code }, since));
        return { sessionId, failed: code.code };
      }
      await deps.update((s) => stopWatching(s, sessionId, code.code, now(), since));
      return { sessionId, stopped: code.code };
    }
    // Without the memory (IndexedDB unavailable) nothing can be compared: no findings rather than false ones.
    const ownKey = session.deviceKey ?? session.claims.deviceKey;
    // What was known *before* this listing (read once, by the listing): it updates the memory after answering.
    const known = listed.known;
    const findings = known ? compareDevices(known, listed.listed, now(), ownKey ? { ownDeviceKey: ownKey } : {}) : [];
    const actor = actorOf(session);
    for (const finding of findings)
      await deps.record(findingDraft(finding, actor), async () => undefined).catch(() => undefined);
    // The first check after Watch is turned on compares with a memory of any age: its findings are in
    // History, but neither notified nor counted (no burst of old changes).
    const state = await deps.read();
    if (state.alerts && !first && state.sessions[sessionId]?.since === since) await notifyAll(session, findings);
    const counted = first ? 0 : findings.length;
    const next = await deps.update((s) => afterCheck(s, sessionId, now(), { found: findings.length, counted }, since));
    await deps.setBadge(badgeText(next.unseen)).catch(() => undefined);
    return { sessionId, findings };
  }

  /** At most NOTIFY_AT_MOST notifications, then one that sums up the rest. */
  async function notifyAll(session: Session, findings: readonly WatchFinding[]) {
    const shown = findings.slice(0, NOTIFY_AT_MOST);
    for (const finding of shown)
      await deps
        .notify(notificationId(session.id, finding), findingNotification(finding, session.username, now()))
        .catch(() => false);
    const rest = findings.length - shown.length;
    const last = findings[findings.length - 1];
    if (rest > 0 && last)
      await deps
        .notify(`${notificationId(session.id, last)}|more`, {
          title: `${rest} more changes on ${session.username}’s account`,
          message: 'Open Review devices to see them all.',
        })
        .catch(() => false);
  }

  async function checkIds(ids: readonly string[]): Promise<CheckResult[]> {
    if ((await deps.idleState()) === 'locked') return ids.map((sessionId) => ({ sessionId, skipped: 'locked' }));
    await deps.refreshDue?.().catch(() => undefined);
    const sessions = await deps.sessions.list();
    await deps.update((s) => keepSessions(s, new Set(sessions.map((x) => x.id)), now()));
    const results: CheckResult[] = [];
    for (const id of ids) {
      // Read again before each: a watch turned off (or on again) meanwhile is what counts.
      const watch = (await deps.read()).sessions[id];
      const session = sessions.find((s) => s.id === id);
      results.push(
        session && watch?.on
          ? await checkOne(session, watch.since, watch.lastRunAt === undefined)
          : { sessionId: id, skipped: 'notWatched' },
      );
    }
    return results;
  }

  return {
    /** The alarm: every watched session, one after the other. */
    tick: () => serial(async () => checkIds(watchedSessions(await deps.read()))),
    /** "Check now" for one watched session. */
    checkNow: (sessionId: string) =>
      serial(async () => {
        const state = await deps.read();
        if (!state.sessions[sessionId]?.on) return { sessionId, skipped: 'notWatched' } as CheckResult;
        const [result] = await checkIds([sessionId]);
        return result as CheckResult;
      }),
    /** The popup opened and showed `shown` findings: those are seen; the badge shows what is left. */
    async markSeen(shown: number): Promise<number> {
      const next = await deps.update((s) => markSeen(s, shown));
      await deps.setBadge(badgeText(next.unseen)).catch(() => undefined);
      return next.unseen;
    },
  };
}

export type WatchService = ReturnType<typeof createWatchService>;
