/**
 * Interrupted single device actions: a popup or dashboard action whose worker
 * stopped during the call is marked `interrupted` when the history next opens
 * (utils/history/lazy.ts). At the account's next listing each one is checked
 * with GetDevice and settled as what Cognito shows now (issue 17): done when
 * the change is in place; failed, in words, when it is not, once the call can
 * no longer land (a call the stopped worker sent may still be on its way, or
 * held by the service: until then the entry waits). A single action is
 * never sent again without the person (a bulk run's steps are its own:
 * utils/durable-runner.ts resumes them). A check that fails leaves the entry for the
 * next listing.
 */
import { type Device, longestCallMs } from '../cognito';
import { statusNow } from '../durable-runner';
import { toAppError } from '../errors';
import type { HistoryStore } from '../history/store';
import type { FoundStatus, HistoryAction, HistoryEntry } from '../history/types';
import type { DeviceAction } from './actions';
import { tookEffect } from './durable-job';
import { HISTORY_ACTION } from './session-use';

/** At most this many interrupted entries are checked at one listing (the newest first). */
export const RECONCILE_PER_LISTING = 20;
/**
 * How long after its entry began a call may still change Cognito: twice the longest its attempts and their
 * backoff can last (utils/cognito/transport.ts, 30.3 s: about 61 s), the margin for the pacer's waits
 * before its attempts (a call held that long by throttling could still land later: a bound, not a
 * proof). A check before then that finds the change not in place proves nothing yet.
 */
export const IN_FLIGHT_WINDOW_MS = 2 * longestCallMs();
/**
 * Pages of the account's interrupted entries read to find them, and their size: its newest 2,500 of every
 * kind (those that never settle, a refresh's or a check that keeps failing, stay until retention).
 */
const MAX_PAGES = 5;
const PAGE_SIZE = 500;

const ACTION_OF = new Map<HistoryAction, DeviceAction>(
  (Object.entries(HISTORY_ACTION) as [DeviceAction, HistoryAction][]).map(([action, logged]) => [logged, action]),
);

export { statusNow };

/** Why a checked action is not in place, in words (a forget a user token cannot confirm says so). */
export function notInPlaceWords(action: DeviceAction, found: FoundStatus | undefined): string {
  if (action === 'forget' && found === 'unlisted')
    return 'The extension stopped during this call. Cognito no longer lists the device as remembered, but a user’s sign-in cannot tell whether it was forgotten: forget it again to be sure.';
  return 'The extension stopped during this call, and Cognito shows the change is not in place. Nothing was sent again: do it again if you still want it.';
}

/** The single actions of `entries` still waiting for a check. */
export function awaitingCheck(
  entries: readonly HistoryEntry[],
): { entry: HistoryEntry; action: DeviceAction; key: string }[] {
  const waiting: { entry: HistoryEntry; action: DeviceAction; key: string }[] = [];
  for (const entry of entries) {
    const action = ACTION_OF.get(entry.action);
    const key = entry.target?.deviceKey;
    if (action && key && entry.outcome === 'interrupted' && entry.parentId === undefined && !entry.reconciled)
      waiting.push({ entry, action, key });
  }
  return waiting;
}

/** Check and settle an account's interrupted single actions; returns how many were settled. */
export async function reconcileInterrupted(ctx: {
  history: HistoryStore;
  account: { readonly pool: string; readonly username?: string };
  getDevice: (key: string) => Promise<Device>;
  now: () => number;
}): Promise<number> {
  // One walk of the account's interrupted entries, newest first and paged (the `byActorOutcome` index:
  // they are few however long the log is; a walk of the account's entries would read its whole log at
  // every listing), keeping its single device actions, up to RECONCILE_PER_LISTING of them.
  const waiting: ReturnType<typeof awaitingCheck> = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES && waiting.length < RECONCILE_PER_LISTING; page += 1) {
    const found = await ctx.history.query({
      outcome: 'interrupted',
      actor: ctx.account,
      mode: 'user',
      limit: PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    waiting.push(...awaitingCheck(found.entries));
    cursor = found.nextCursor;
    if (cursor === undefined) break;
  }
  let settled = 0;
  for (const { entry, action, key } of waiting.slice(0, RECONCILE_PER_LISTING)) {
    let found: FoundStatus | undefined;
    try {
      found = await statusNow(ctx.getDevice, key);
    } catch (error) {
      console.warn(`Check of an interrupted action failed: ${toAppError(error).code}`);
      continue;
    }
    if (found === undefined) continue;
    const reconciled = { found, at: ctx.now() };
    const statusAfter = found === 'unlisted' ? {} : { statusAfter: found };
    if (tookEffect(action, found)) await ctx.history.complete(entry.id, { outcome: 'ok', reconciled, ...statusAfter });
    else if (ctx.now() - entry.time < IN_FLIGHT_WINDOW_MS) continue;
    else
      await ctx.history.complete(entry.id, {
        outcome: 'failed',
        reconciled,
        ...statusAfter,
        error: { code: 'ERR_ACTION_INTERRUPTED', message: notInPlaceWords(action, found) },
      });
    settled += 1;
  }
  return settled;
}
