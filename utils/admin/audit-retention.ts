/**
 * Which kept audits go: the finished runs of a pool beyond the count Settings
 * keep (newest kept first), and any older than the days Settings keep. A run
 * still running or paused is never dropped, nor counted. Pure: runs and the
 * clock are passed in; the caller deletes (utils/history/audit-store.ts).
 */
import type { AuditRun } from '../history/audit-types';
import { type AuditRetention, DEFAULT_AUDIT_RETENTION } from '../settings';

const DAY_MS = 24 * 3600 * 1000;

/** True for a run that will not change any more (done, cancelled, failed). */
export const isFinished = (run: Pick<AuditRun, 'state'>) =>
  run.state === 'done' || run.state === 'cancelled' || run.state === 'failed';

/**
 * The ids of the runs to delete so that `room` more finished runs fit in the retention
 * (`room` 1 when a new audit starts: it will be kept when it finishes).
 */
export function auditsToDrop(
  runs: readonly AuditRun[],
  retention: AuditRetention | undefined,
  now: number,
  room = 0,
): string[] {
  const { keep, maxAgeDays } = retention ?? DEFAULT_AUDIT_RETENTION;
  const finished = runs.filter(isFinished).sort((a, b) => b.startedAt - a.startedAt);
  const cutoff = now - maxAgeDays * DAY_MS;
  const keepCount = Math.max(0, keep - room);
  return finished.filter((run, i) => i >= keepCount || (run.finishedAt ?? run.updatedAt) < cutoff).map((run) => run.id);
}
