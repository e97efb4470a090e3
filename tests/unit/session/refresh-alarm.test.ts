/**
 * The refresh alarm (utils/session/runtime.ts) over WXT's fake browser: each refresh pass asks for it
 * again (every Watch tick runs one), and it is set again only when its time changes.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REFRESH_ALARM } from '../../../utils/session/refresh-plan';
import { scheduleRefresh } from '../../../utils/session/runtime';

describe('the refresh alarm', () => {
  it('is set when its time changes, cleared once when nothing is due, and left alone otherwise', async () => {
    const create = vi.spyOn(fakeBrowser.alarms, 'create');
    const clear = vi.spyOn(fakeBrowser.alarms, 'clear');
    const due = Date.now() + 3_600_000;
    await scheduleRefresh(async () => due);
    await scheduleRefresh(async () => due);
    expect(create).toHaveBeenCalledTimes(1);
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.scheduledTime).toBe(due);

    await scheduleRefresh(async () => due + 60_000);
    expect(create).toHaveBeenCalledTimes(2);
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.scheduledTime).toBe(due + 60_000);

    await scheduleRefresh(async () => undefined);
    await scheduleRefresh(async () => undefined);
    expect(clear).toHaveBeenCalledTimes(1);
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toBeUndefined();

    // Due already: set for no sooner than 30 s from now (the soonest Chrome fires an alarm).
    await scheduleRefresh(async () => Date.now() - 1_000);
    expect(create).toHaveBeenCalledTimes(3);
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.scheduledTime).toBeGreaterThan(Date.now() + 29_000);
  });
});
