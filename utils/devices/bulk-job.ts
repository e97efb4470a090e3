/**
 * The snapshot of a bulk device action that the background worker publishes
 * (storage.session) and the pages display. Identifiers and counts only.
 */
import type { BulkJobSnapshot } from '../storage';

export type { BulkJobItem, BulkJobSnapshot } from '../storage';

/** The snapshot of a run whose worker stopped before it finished. */
export function interruptedJob(snapshot: BulkJobSnapshot, now: number): BulkJobSnapshot {
  return { ...snapshot, state: 'interrupted', finishedAt: now };
}

export { bulkCompletion } from '../durable-runner';
