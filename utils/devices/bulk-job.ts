/**
 * The snapshot of a bulk device action that the background worker publishes
 * (storage.session) and the pages display. Identifiers and counts only.
 */
import type { ErrorCode } from '../errors';
import type { HistoryCompletion, HistoryCounts } from '../history/types';
import type { BulkJobSnapshot } from '../storage';

export type { BulkJobItem, BulkJobSnapshot } from '../storage';

/** The snapshot of a run whose worker stopped before it finished. */
export function interruptedJob(snapshot: BulkJobSnapshot, now: number): BulkJobSnapshot {
  return { ...snapshot, state: 'interrupted', finishedAt: now };
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
