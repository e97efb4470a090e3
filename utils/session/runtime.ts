/**
 * The session area's browser-only adapters: reading a tab's storage
 * (scripting) and the refresh alarm (alarms). The wiring is in handlers.ts.
 */
import { browser } from 'wxt/browser';
import { AppError } from '../errors';
import { oneAtATime } from '../one-at-a-time';
import { type PageStorageDump, readSessionStores } from './page-reader';
import { REFRESH_ALARM } from './refresh-plan';

/** Run readSessionStores in a tab; the browser refusing (chrome://, store, file://) → ERR_SESSION_PAGE_UNREADABLE. */
export async function readTab(tabId: number): Promise<PageStorageDump> {
  let results: { result?: unknown }[];
  try {
    results = await browser.scripting.executeScript({ target: { tabId }, func: readSessionStores });
  } catch (cause) {
    throw new AppError('ERR_SESSION_PAGE_UNREADABLE', undefined, { cause });
  }
  const result = results[0]?.result as PageStorageDump | undefined;
  if (!result || typeof result !== 'object') throw new AppError('ERR_SESSION_PAGE_UNREADABLE');
  return result;
}

/** The refresh alarm as this worker last set it: its time, or `cleared` (unknown until it sets it once). */
let lastSet: number | 'cleared' | undefined;
/** Passes run one after another, so `lastSet` is always the alarm the last one left. */
const passes = oneAtATime();

/**
 * Schedule the refresh alarm at the earliest due time (or clear it). Each refresh pass (every Watch
 * tick runs one) asks again; an alarm already set for that time by this worker is left as it is.
 */
export function scheduleRefresh(service: () => Promise<number | undefined>): Promise<void> {
  return passes(async () => {
    const when = await service();
    if (when === undefined) {
      if (lastSet === 'cleared') return;
      lastSet = undefined;
      await browser.alarms.clear(REFRESH_ALARM);
      lastSet = 'cleared';
      return;
    }
    // Chrome fires alarms no sooner than 30 s from now.
    const at = Math.max(when, Date.now() + 30_000);
    if (at === lastSet) return;
    lastSet = undefined;
    await browser.alarms.create(REFRESH_ALARM, { when: at });
    lastSet = at;
  });
}
