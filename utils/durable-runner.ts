/**
 * Runs a durable bulk job (utils/devices/durable-job.ts): a user's bulk run
 * (utils/devices/service.ts) and an admin remediation (utils/admin/remediation.ts)
 * alike, so it lives outside both areas and each passes its calls. The plan is saved
 * before each call and after each result, every device's history entry is
 * begun before its call and completed with its result, and a job found
 * `running` by a new worker is resumed — in-flight items are checked
 * (GetDevice, or AdminGetDevice in admin mode) first and recorded as what the check found; only a call that did
 * not take effect is sent again. Cancelled items get a "not started" entry.
 */
import { runBulk } from './bulk';
import type { Device } from './cognito';
import { type AppError, type ErrorCode, toAppError } from './errors';
import type { HistoryStore } from './history/store';
import type { EntryId, FoundStatus, HistoryCompletion, HistoryCounts, HistoryDraft } from './history/types';
import { rememberedStatus, toDeviceDto } from './records';
import type { BulkJobItem, BulkJobSnapshot, DeviceAction } from './storage-bulk';

/**
 * What GetDevice (or AdminGetDevice) shows now. ResourceNotFound is `unlisted` with a user token (not remembered, or
 * forgotten: DESIGN.md, "Cognito wire protocol"); with AdminGetDevice, gone; undefined when the answer does not say.
 */
export async function statusNow(
  getDevice: (key: string) => Promise<Device>,
  key: string,
): Promise<FoundStatus | undefined> {
  try {
    return rememberedStatus(toDeviceDto(await getDevice(key)).remembered);
  } catch (error) {
    if (toAppError(error).code === 'ERR_COGNITO_RESOURCE_NOT_FOUND') return 'unlisted';
    throw error;
  }
}

/** One device of a job as its calls and entries need it. */
export interface DeviceTarget {
  key: string;
  name?: string;
  remembered?: boolean;
}

/** What a new worker does with a plan it finds. */
export interface ResumePlan {
  /** Never sent: run them. */
  run: string[];
  /** Sent by the stopped worker, result unknown: check with Cognito before anything is re-sent. */
  check: string[];
}

/** The items left to do, for a plan still `running` (nothing for a settled one). */
export function resumePlan(job: Pick<BulkJobSnapshot, 'state' | 'items'>): ResumePlan {
  if (job.state !== 'running') return { run: [], check: [] };
  const keys = (outcome: BulkJobItem['outcome']) => job.items.filter((i) => i.outcome === outcome).map((i) => i.key);
  return { run: keys('pending'), check: keys('inFlight') };
}

/**
 * How a bulk run settles its parent history entry: ok only when every device
 * was done; otherwise failed, with the cancellation or the first device error.
 */
export function bulkCompletion(
  counts: HistoryCounts,
  notStarted: number,
  firstError?: ErrorCode,
  why = 'cancelled',
): HistoryCompletion {
  if (counts.failed === 0 && notStarted === 0) return { outcome: 'ok', counts };
  const parts = [`${counts.ok} of ${counts.total} done`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (notStarted) parts.push(`${notStarted} not started (${why})`);
  return {
    outcome: 'failed',
    counts,
    error: { code: notStarted ? 'ERR_ABORTED' : (firstError ?? 'ERR_INTERNAL'), message: `${parts.join(', ')}.` },
  };
}

export interface JobContext {
  history: HistoryStore | undefined;
  /** The item's entry, without parent. */
  draftOf: (device: DeviceTarget, parentId?: number) => HistoryDraft;
  parentDraft: () => HistoryDraft;
  /** Send the action's call. */
  call: (device: DeviceTarget) => Promise<{ alreadyForgotten: boolean }>;
  /** What Cognito shows of a device now (`unlisted`: not found). */
  check: (deviceKey: string) => Promise<FoundStatus | undefined>;
  /** After a success: keep the worker's listing current (awaited). */
  onDone: (device: DeviceTarget) => void | Promise<void>;
  save: (snapshot: BulkJobSnapshot) => Promise<void>;
  signal: AbortSignal;
  now: () => number;
  /** Whether what the check found shows an in-flight call took effect (then it is not re-sent). */
  tookEffect: (action: DeviceAction, found: FoundStatus | undefined) => boolean;
  /** Items at once (default: runBulk's). */
  concurrency?: number;
  /** Set when resuming is impossible (the run's session has ended): every open item is settled with it. */
  ended?: AppError;
}

const warn = (error: unknown): undefined => {
  console.warn(`History: ${toAppError(error, 'ERR_HISTORY_WRITE_FAILED').code}`);
  return undefined;
};

export async function runDurableJob(job: BulkJobSnapshot, ctx: JobContext): Promise<void> {
  const { history } = ctx;
  const action: DeviceAction = job.action;
  const items = new Map<string, BulkJobItem>(job.items.map((i) => [i.key, i]));
  const setItem = (key: string, patch: Partial<BulkJobItem>) =>
    items.set(key, { ...(items.get(key) as BulkJobItem), ...patch });
  const targetOf = (key: string): DeviceTarget => {
    const item = items.get(key) as BulkJobItem;
    return {
      key,
      ...(item.name ? { name: item.name } : {}),
      ...(item.remembered !== undefined ? { remembered: item.remembered } : {}),
    };
  };
  // Writes are chained so a later state never lands before an earlier one.
  let chain = Promise.resolve();
  /** The items as they stand, counted one way for the plan's progress and the run's entry. */
  const tally = () => {
    const all = [...items.values()];
    const count = (...o: BulkJobItem['outcome'][]) => all.filter((i) => o.includes(i.outcome)).length;
    return { all, ok: count('ok', 'reconciled'), failed: count('failed'), skipped: count('cancelled') };
  };
  const save = (patch: Partial<BulkJobSnapshot> = {}) => {
    Object.assign(job, patch);
    const { all, ok, failed } = tally();
    job.items = all;
    job.progress = { ...job.progress, total: all.length, done: ok + failed, ok, failed };
    const snapshot = { ...job };
    chain = chain.then(() => ctx.save(snapshot)).then(() => undefined, warn);
    return chain;
  };
  const complete = (id: EntryId | undefined, completion: Parameters<HistoryStore['complete']>[1]) =>
    id === undefined ? Promise.resolve() : history?.complete(id, completion).catch(warn);
  const begin = async (key: string): Promise<EntryId | undefined> =>
    history?.begin(ctx.draftOf(targetOf(key), job.parentId)).catch(warn);

  // A plan that already has its run's entry was begun by a worker that stopped.
  const resumed = job.parentId !== undefined;
  if (job.parentId === undefined && history) {
    const parentId = await history.begin(ctx.parentDraft()).catch(warn);
    if (parentId !== undefined) await save({ parentId });
  }

  const send = async (key: string, entryId?: EntryId) => {
    const id = entryId ?? items.get(key)?.entryId ?? (await begin(key));
    setItem(key, { outcome: 'inFlight', ...(id !== undefined ? { entryId: id as number } : {}) });
    await save();
    try {
      const { alreadyForgotten } = await ctx.call(targetOf(key));
      await ctx.onDone(targetOf(key));
      await complete(id as EntryId | undefined, { outcome: 'ok' });
      setItem(key, { outcome: 'ok', alreadyForgotten });
    } catch (error) {
      const appError = toAppError(error);
      await complete(id as EntryId | undefined, { outcome: 'failed', error: errorOf(appError) });
      setItem(key, { outcome: 'failed', errorCode: appError.code });
    }
    await save();
  };

  if (resumed) await adoptOrphans();
  if (ctx.ended) await settleOpenItems(ctx.ended);
  else await checkAndRun();
  await finish();

  /**
   * A stopped worker may have begun an item's entry and stopped before the plan kept its id (the call is
   * sent only after the plan is saved, so it was never sent): that entry is the item's, not a second one.
   */
  async function adoptOrphans() {
    if (!history || job.parentId === undefined) return;
    const kept = new Set([...items.values()].map((i) => i.entryId));
    let cursor: string | undefined;
    do {
      const page = await history
        .query({ parentId: job.parentId, limit: 500, ...(cursor ? { cursor } : {}) })
        .catch(warn);
      for (const entry of page?.entries ?? []) {
        const key = entry.target?.deviceKey;
        const item = key ? items.get(key) : undefined;
        const open = entry.outcome === 'pending' || entry.outcome === 'interrupted';
        if (key && item && item.entryId === undefined && open && !kept.has(entry.id))
          setItem(key, { entryId: entry.id });
      }
      cursor = page?.nextCursor;
    } while (cursor);
  }

  /** A run that cannot go on: each open item's entry says why, and what to do. */
  async function settleOpenItems(ended: AppError) {
    const why = ended.message.replace(/\.?$/, '');
    const { check, run } = resumePlan(job);
    for (const key of check) {
      const message = `The extension stopped during this call, and the session it used has ended (${why}), so the device could not be checked. Sign in again and open Devices to see its status.`;
      await complete(items.get(key)?.entryId ?? (await begin(key)), {
        outcome: 'failed',
        error: { code: ended.code, message },
      });
      setItem(key, { outcome: 'failed', errorCode: ended.code });
    }
    for (const key of run)
      await notStarted(key, ended.code, `Not started: the session this run used has ended (${why}).`);
    await save();
  }

  async function notStarted(key: string, code: ErrorCode, message: string) {
    const id = items.get(key)?.entryId ?? (await begin(key));
    await complete(id, { outcome: 'failed', error: { code, message } });
    setItem(key, { outcome: 'cancelled', ...(id !== undefined ? { entryId: id } : {}) });
  }

  async function checkAndRun() {
    // The stopped worker's in-flight calls: checked before anything is re-sent.
    const { check } = resumePlan(job);
    for (const key of check) {
      const entryId = items.get(key)?.entryId;
      let found: FoundStatus | undefined;
      try {
        found = await ctx.check(key);
      } catch (error) {
        const appError = toAppError(error);
        const words = `The extension stopped during this call and the check of the device failed: ${appError.message}`;
        await complete(entryId ?? (await begin(key)), {
          outcome: 'failed',
          error: { code: appError.code, message: words },
        });
        setItem(key, { outcome: 'failed', errorCode: appError.code });
        await save();
        continue;
      }
      if (!ctx.tookEffect(action, found)) {
        await send(key, entryId);
        continue;
      }
      const id = entryId ?? (await begin(key));
      const reconciled = { found: found as FoundStatus, at: ctx.now() };
      await complete(id, { outcome: 'ok', reconciled, ...(found !== 'unlisted' ? { statusAfter: found } : {}) });
      setItem(key, { outcome: 'reconciled', ...(id !== undefined ? { entryId: id as number } : {}) });
      await save();
    }

    const { run } = resumePlan({ state: 'running', items: [...items.values()] });
    await runBulk(run, (key) => send(key), {
      ...(ctx.concurrency ? { concurrency: ctx.concurrency } : {}),
      signal: ctx.signal,
      now: ctx.now,
      onProgress: ({ rate, etaMs }) => void save({ progress: { ...job.progress, rate, ...(etaMs ? { etaMs } : {}) } }),
    });

    // Not started because the user cancelled: each still gets its entry.
    for (const item of [...items.values()]) {
      if (item.outcome === 'pending') await notStarted(item.key, 'ERR_ABORTED', 'Not started (cancelled).');
    }
  }

  async function finish() {
    const { all, ok, failed, skipped } = tally();
    const firstError: ErrorCode | undefined = all.find((i) => i.outcome === 'failed')?.errorCode;
    await complete(
      job.parentId,
      bulkCompletion(
        { total: all.length, ok, failed },
        skipped,
        firstError,
        ctx.ended ? 'the session ended' : 'cancelled',
      ),
    );
    const state = ctx.ended ? 'interrupted' : ctx.signal.aborted ? 'cancelled' : 'done';
    await save({ state, finishedAt: ctx.now() });
  }
}

function errorOf(error: AppError): { code: ErrorCode; message: string } {
  return { code: error.code, message: error.message };
}
