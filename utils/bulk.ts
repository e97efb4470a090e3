/**
 * Run one action over many devices: a few at a time (the client's pacer keeps
 * the rate under Cognito's quota), with progress after every item, a result
 * per item, and cancellation that stops starting new items. Pure: the action
 * itself is injected.
 */
import { AppError, type SerializedError, toAppError } from './errors';
import type { BulkProgress } from './storage';

export type { BulkProgress } from './storage';

/** The outcome of one item of a bulk run. */
export type BulkItemResult<T> =
  | { key: string; outcome: 'ok'; value: T }
  | { key: string; outcome: 'failed'; error: SerializedError }
  | { key: string; outcome: 'cancelled' };

export interface BulkOptions {
  /** How many items run at once (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: BulkProgress) => void;
  now?: () => number;
}

/** Run `perform` over `keys`; resolves with one result per key, in input order. */
export async function runBulk<T>(
  keys: readonly string[],
  perform: (key: string, signal?: AbortSignal) => Promise<T>,
  options: BulkOptions = {},
): Promise<BulkItemResult<T>[]> {
  const { concurrency = 4, signal, onProgress, now = Date.now } = options;
  const results: BulkItemResult<T>[] = keys.map((key) => ({ key, outcome: 'cancelled' }));
  const started = now();
  let next = 0;
  let done = 0;
  let ok = 0;
  let failed = 0;
  const report = () => {
    const elapsed = Math.max(1, now() - started);
    const rate = (done * 1000) / elapsed;
    onProgress?.({
      total: keys.length,
      done,
      ok,
      failed,
      rate,
      etaMs: done > 0 ? ((keys.length - done) * elapsed) / done : undefined,
    });
  };
  const worker = async () => {
    while (next < keys.length && !signal?.aborted) {
      const index = next++;
      const key = keys[index] as string;
      try {
        results[index] = { key, outcome: 'ok', value: await perform(key, signal) };
        ok++;
      } catch (error) {
        const appError = toAppError(error);
        if (appError.code === 'ERR_ABORTED' && signal?.aborted) {
          results[index] = { key, outcome: 'cancelled' };
          continue;
        }
        results[index] = { key, outcome: 'failed', error: appError.toJSON() };
        failed++;
      }
      done++;
      report();
    }
  };
  report();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, keys.length)) }, worker));
  return results;
}

/** Counts of a finished run, for the summary line. */
export function summarizeBulk(results: readonly BulkItemResult<unknown>[]): {
  ok: number;
  failed: number;
  cancelled: number;
} {
  const count = (o: BulkItemResult<unknown>['outcome']) => results.filter((r) => r.outcome === o).length;
  return { ok: count('ok'), failed: count('failed'), cancelled: count('cancelled') };
}

/** Refuse an empty selection before anything starts. */
export function assertSelection(keys: readonly string[]): void {
  if (keys.length === 0)
    throw new AppError('ERR_INVALID_INPUT', 'Select at least one device.', { details: { field: 'selection' } });
}

/** One line for people: "12 ok · 1 failed · 4.8/s · about 3 s left". */
export function describeProgress(progress: BulkProgress): string {
  const parts = [`${progress.ok} ok`];
  if (progress.failed) parts.push(`${progress.failed} failed`);
  if (progress.done > 0) parts.push(`${progress.rate.toFixed(1)}/s`);
  if (progress.etaMs !== undefined && progress.done < progress.total) {
    parts.push(`about ${Math.max(1, Math.round(progress.etaMs / 1000))} s left`);
  }
  return parts.join(' · ');
}
