/**
 * The watch area's adapter: the service wired to the worker context, the
 * device service's listing, the `local:watch` item (written here only, one
 * change at a time), the alarm, badge and notifications. background.ts wires
 * `createWatchRuntime()` and forwards the alarm to `tick()`.
 */
import { browser } from 'wxt/browser';
import { toAppError } from '../errors';
import { keptItem } from '../kept-item';
import type { MessageHandlers } from '../messages';
import { oneAtATime } from '../one-at-a-time';
import { DEFAULT_SETTINGS, WATCH_PERIOD } from '../settings';
import { type Session, type WatchState, watchItem } from '../storage';
import type { WorkerContext } from '../worker/context';
import { reviewPath } from './review';
import { idleState, notify, onNotificationClick, scheduleWatch, setBadge } from './runtime';
import { createWatchService, parseNotificationId, type WatchListing } from './service';
import { badgeText, markStopShown, setWatching, watchedSessions } from './state';

export function createWatchRuntime(
  context: WorkerContext,
  /** The session store; `ready` settles once it has restored the kept sessions (a tick waits for it). */
  sessions: { list(): Promise<Session[]> },
  ready: Promise<unknown>,
  devices: { listWithMemory(input: { sessionId: string }): Promise<WatchListing> },
  /** The sessions area's refresh pass (refreshes only where its rules allow). */
  refreshDue: () => Promise<void>,
) {
  // This worker is the state's one writer: it keeps the value it last read or wrote (kept-item.ts), so a
  // check reads storage once, not at each step, and a value written elsewhere is never hidden.
  const kept = keptItem(watchItem);
  const state = kept.get;
  const writes = oneAtATime();
  const update = (change: (state: WatchState) => WatchState): Promise<WatchState> =>
    writes(async () => {
      const current = await state();
      const next = change(current);
      // A change that changes nothing (the rules return the same state) writes nothing: no storage write,
      // no page told of a change (most checks' first step, keepSessions, is one).
      if (next !== current) await kept.set(next);
      return next;
    });
  // The period as Settings say, within its bounds (a stored value without it, or out of them, is the default).
  const period = async () => {
    const wanted = (await context.settings()).watch?.periodMinutes;
    return typeof wanted === 'number' &&
      Number.isInteger(wanted) &&
      wanted >= WATCH_PERIOD.min &&
      wanted <= WATCH_PERIOD.max
      ? wanted
      : DEFAULT_SETTINGS.watch.periodMinutes;
  };
  // The alarm follows the state: set again only when whether anything is watched, or the period, changed
  // (a check's own writes leave it alone). A failure to set it is logged, never the state's write undone,
  // and forgotten, so the next write tries again.
  let applied: string | undefined;
  const reschedule = async (state: WatchState) => {
    const watching = watchedSessions(state).length > 0;
    const minutes = await period();
    const key = `${watching}:${minutes}`;
    if (key === applied) return;
    applied = key;
    await scheduleWatch(watching, minutes).catch((error: unknown) => {
      applied = undefined;
      console.warn(`Watch alarm: ${toAppError(error).code}`);
    });
  };

  // The badge is set when its text changes, not at every check (a new worker sets it once at start).
  let badge: string | undefined;
  const showBadge = async (text: string) => {
    if (text === badge) return;
    await setBadge(text);
    badge = text;
  };

  const service = createWatchService({
    sessions,
    refreshDue,
    list: (sessionId) => devices.listWithMemory({ sessionId }),
    record: context.record,
    update: async (change) => {
      const next = await update(change);
      await reschedule(next);
      return next;
    },
    read: state,
    idleState,
    setBadge: showBadge,
    notify,
  });

  const handlers: MessageHandlers = {
    'watch.set': async ({ sessionId, on }) => {
      if (on) await context.sessions.get(sessionId); // ERR_SESSION_NONE for a session that is gone
      const next = await update((s) => setWatching(s, sessionId, on, Date.now()));
      await reschedule(next);
      // The first check is the baseline (nothing to compare with yet, or what changed since the memory's last look).
      if (on) await service.checkNow(sessionId);
      return state();
    },
    'watch.alerts': async ({ on }) => update((s) => ({ ...s, alerts: on })),
    'watch.checkNow': async ({ sessionId }) => {
      const result = await service.checkNow(sessionId);
      return {
        found: 'findings' in result ? result.findings.length : 0,
        ...('stopped' in result ? { stopped: result.stopped } : {}),
        ...('failed' in result ? { failed: result.failed } : {}),
        ...('skipped' in result ? { skipped: result.skipped } : {}),
      };
    },
    'watch.seen': async ({ shown }) => ({ unseen: await service.markSeen(shown) }),
    'watch.stopShown': async ({ sessionId }) => update((s) => markStopShown(s, sessionId)),
  };

  return {
    handlers,
    /** The alarm fired: check, then make sure the alarm is still as it should be (looked at once a period). */
    tick: async () => {
      await ready.catch(() => undefined);
      const results = await service.tick();
      applied = undefined;
      await reschedule(await state());
      return results;
    },
    /** At worker start: the alarm as the state and Settings say, the badge, and notification clicks. */
    async start() {
      onNotificationClick((id) => {
        const target = parseNotificationId(id);
        if (!target) return;
        const path = reviewPath(target.sessionId, target.deviceKey) as '/options.html';
        void browser.tabs.create({ url: browser.runtime.getURL(path) });
      });
      // Settings changed: the period may have.
      context.onSettingsChanged(() => void state().then(reschedule));
      const now = await state();
      await reschedule(now);
      await showBadge(badgeText(now.unseen));
    },
  };
}
