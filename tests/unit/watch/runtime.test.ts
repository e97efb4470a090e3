/**
 * Watch's adapter (utils/watch/handlers.ts) over WXT's fake browser: the alarm is set when a session is
 * first watched, left alone by a check's own writes of the state, set again when Settings' period
 * changes (through the worker context's one settings watch), and cleared when nothing is watched.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, type Settings, watchItem } from '../../../utils/storage';
import { createWatchRuntime } from '../../../utils/watch/handlers';
import { WATCH_ALARM } from '../../../utils/watch/state';
import { createWorkerContext } from '../../../utils/worker/context';
import { deviceSession } from '../devices/fixtures';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('Watch’s alarm follows what is watched and the period, not every write', () => {
  let notify: (next: Settings) => void;
  let settings: Settings;
  let listings: number;

  function runtime() {
    const session = deviceSession();
    const context = createWorkerContext({
      readSettings: async () => settings,
      watchSettings: (listener) => {
        notify = listener;
      },
      sessions: { get: async () => session },
    });
    return createWatchRuntime(
      context,
      { list: async () => [session] },
      Promise.resolve(),
      {
        listWithMemory: async () => {
          listings++;
          return { listed: [] };
        },
      },
      async () => undefined,
    );
  }

  beforeEach(() => {
    settings = DEFAULT_SETTINGS;
    listings = 0;
    vi.spyOn(fakeBrowser.idle, 'queryState').mockResolvedValue('active' as never);
    vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.notifications.onClicked, 'addListener').mockImplementation(() => undefined);
  });

  it('sets it once for the watch, keeps it through checks, follows Settings, and clears it', async () => {
    const watch = runtime();
    const create = vi.spyOn(fakeBrowser.alarms, 'create');
    const get = vi.spyOn(fakeBrowser.alarms, 'get');
    await watch.start();
    expect(create).not.toHaveBeenCalled();

    await watch.handlers['watch.set']?.({ type: 'watch.set', sessionId: 's1', on: true });
    expect(listings).toBe(1); // the baseline check
    expect((await fakeBrowser.alarms.get(WATCH_ALARM))?.periodInMinutes).toBe(15);
    expect(create).toHaveBeenCalledTimes(1);

    // Checks write the state (last run, found): the alarm is not looked at again for those writes.
    const looked = get.mock.calls.length;
    await watch.handlers['watch.checkNow']?.({ type: 'watch.checkNow', sessionId: 's1' });
    expect(get.mock.calls.length).toBe(looked);
    // The alarm's own check looks once, and finds it right.
    await watch.tick();
    expect(listings).toBe(3);
    expect(get.mock.calls.length).toBe(looked + 1);
    expect(create).toHaveBeenCalledTimes(1);
    // An alarm that went missing (replaced by a one-shot, or lost) is set again by the next check.
    await fakeBrowser.alarms.clear(WATCH_ALARM);
    await watch.tick();
    expect((await fakeBrowser.alarms.get(WATCH_ALARM))?.periodInMinutes).toBe(15);
    expect(create).toHaveBeenCalledTimes(2);

    // Settings' period changes: the alarm follows; other settings leave it alone.
    settings = { ...settings, watch: { periodMinutes: 30 } };
    notify(settings);
    await flush();
    await flush();
    expect((await fakeBrowser.alarms.get(WATCH_ALARM))?.periodInMinutes).toBe(30);
    expect(create).toHaveBeenCalledTimes(3);
    notify({ ...settings, history: { ...settings.history } });
    await flush();
    expect(create).toHaveBeenCalledTimes(3);

    await watch.handlers['watch.set']?.({ type: 'watch.set', sessionId: 's1', on: false });
    expect(await fakeBrowser.alarms.get(WATCH_ALARM)).toBeUndefined();
  });

  it('a check writes the state once (what it found), and sets the badge only when its text changes', async () => {
    const watch = runtime();
    await watch.start();
    await watch.handlers['watch.set']?.({ type: 'watch.set', sessionId: 's1', on: true });
    const writes = vi.spyOn(fakeBrowser.storage.local, 'set');
    const badge = vi.spyOn(fakeBrowser.action, 'setBadgeText');
    await watch.tick();
    await watch.handlers['watch.checkNow']?.({ type: 'watch.checkNow', sessionId: 's1' });
    expect(listings).toBe(3);
    // Each check's one write is its result (last run, found); the sessions kept, all there, wrote nothing.
    expect(writes.mock.calls.filter(([items]) => 'watch' in items)).toHaveLength(2);
    // The badge read '' from the start (no finding): not set again.
    expect(badge).not.toHaveBeenCalled();
  });

  it('reads the stored state once a check, and never hides a value written elsewhere', async () => {
    const watch = runtime();
    await watch.start();
    await watch.handlers['watch.set']?.({ type: 'watch.set', sessionId: 's1', on: true });
    await flush();
    const reads = vi.spyOn(fakeBrowser.storage.local, 'get');
    const readsOfWatch = () =>
      reads.mock.calls.filter(([keys]) => JSON.stringify(keys ?? null).includes('"watch"')).length;
    await watch.tick();
    expect(listings).toBe(2);
    expect(readsOfWatch()).toBeLessThanOrEqual(1);
    // Another writer (a test, a future page): the next step reads what it wrote.
    await watchItem.setValue({ ...(await watchItem.getValue()), unseen: 4 });
    await flush();
    const answer = await watch.handlers['watch.seen']?.({ type: 'watch.seen', shown: 1 });
    expect(answer).toEqual({ unseen: 3 });
  });
});
