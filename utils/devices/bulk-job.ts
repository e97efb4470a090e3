/**
 * The snapshot of a bulk device action that the background worker publishes
 * (storage.session) and the pages display. Identifiers and counts only.
 */
import type { ErrorCode } from '../errors';
import type { HistoryCompletion, HistoryCounts } from '../history/types';
import type { DeviceAction } from './actions';
import type { BulkProgress } from './bulk';

/** One device of a bulk run and how it went. */
export interface BulkJobItem {
  key: string;
  name?: string;
  outcome: 'pending' | 'ok' | 'failed' | 'cancelled';
  errorCode?: ErrorCode;
  /** Forget only: an earlier attempt had already removed it. */
  alreadyForgotten?: boolean;
}

export interface BulkJobSnapshot {
  id: string;
  sessionId: string;
  action: DeviceAction;
  /** `interrupted`: the worker stopped during the run; devices still `pending` have no known outcome. */
  state: 'running' | 'done' | 'cancelled' | 'interrupted';
  progress: BulkProgress;
  items: BulkJobItem[];
  startedAt: number;
  finishedAt?: number;
}

/** The snapshot of a run whose worker stopped before it finished. */
export function interruptedJob(snapshot: BulkJobSnapshot, now: number): BulkJobSnapshot {
  return { ...snapshot, state: 'interrupted', finishedAt: now };
}

/**
 * How a bulk run settles its parent history entry: ok only when every device
 * was done; otherwise failed, with the cancellation or the first device error.
 */
export function bulkCompletion(counts: HistoryCounts, notStarted: number, firstError?: ErrorCode): HistoryCompletion {
  if (counts.failed === 0 && notStarted === 0) return { outcome: 'ok', counts };
  const parts = [`${counts.ok} of ${counts.total} done`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (notStarted) parts.push(`${notStarted} not started (cancelled)`);
  return {
    outcome: 'failed',
    counts,
    error: { code: notStarted ? 'ERR_ABORTED' : (firstError ?? 'ERR_INTERNAL'), message: `${parts.join(', ')}.` },
  };
}
