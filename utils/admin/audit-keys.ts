/** The device keys of a kept audit, for a filter's `addedSince` (report.ts). */
import { AppError } from '../errors';
import type { AuditStore } from '../history/audit-store';

/**
 * The device keys of an earlier finished audit of the run's pool (for `addedSince`). A missing run, one
 * of another pool, or one not finished is refused: otherwise every device would count as added; one
 * that did not start before the run is refused too.
 */
export async function deviceKeysOf(store: AuditStore, earlierId: string, runId: string): Promise<Set<string>> {
  const [earlier, run] = await Promise.all([store.getRun(earlierId), store.getRun(runId)]);
  if (earlier?.state !== 'done' || earlier.poolId !== run?.poolId)
    throw new AppError('ERR_ADMIN_AUDIT_NOT_FOUND', undefined, { details: { field: 'addedSince' } });
  // "Added since" a later audit (or itself) would name devices that were removed, or none.
  if (earlierId === runId || earlier.startedAt >= run.startedAt)
    throw new AppError('ERR_INVALID_INPUT', 'Pick an audit that started before this one to compare with.', {
      details: { field: 'addedSince' },
    });
  const keys = new Set<string>();
  await store.walkResults(earlierId, (r) => {
    for (const d of r.devices) keys.add(d.key);
    return true;
  });
  return keys;
}
