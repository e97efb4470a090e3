/** The device keys of a kept audit, for a filter's `addedSince` (report.ts). */
import { AppError } from '../errors';
import type { AuditStore } from '../history/audit-store';
import { type KeptFor, keptFor } from '../kept-for';

/**
 * The device keys of an earlier finished audit of the run's pool (for `addedSince`). A missing run, one
 * of another pool, or one not finished is refused: otherwise every device would count as added; one
 * that did not start before the run is refused too. The set is shared with the next caller (read only).
 */
export async function deviceKeysOf(store: AuditStore, earlierId: string, runId: string): Promise<ReadonlySet<string>> {
  const [earlier, run] = await Promise.all([store.getRun(earlierId), store.getRun(runId)]);
  if (earlier?.state !== 'done' || earlier.poolId !== run?.poolId)
    throw new AppError('ERR_ADMIN_AUDIT_NOT_FOUND', undefined, { details: { field: 'addedSince' } });
  // "Added since" a later audit (or itself) would name devices that were removed, or none.
  if (earlierId === runId || earlier.startedAt >= run.startedAt)
    throw new AppError('ERR_INVALID_INPUT', 'Pick an audit that started before this one to compare with.', {
      details: { field: 'addedSince' },
    });
  const slot = slotOf(store);
  const held = slot.get();
  if (held?.id === earlierId && held.devices === earlier.devicesFound) return held.keys;
  const keys = new Set<string>();
  await store.walkResults(earlierId, (r) => {
    for (const d of r.devices) keys.add(d.key);
    return true;
  });
  slot.set({ id: earlierId, devices: earlier.devicesFound, keys });
  return keys;
}

/**
 * The last key set read, per store, kept a short while: an export asks for it once per chunk, and a pool
 * of 300,000 devices takes a walk of all its results to read. A finished audit's keys change only when a
 * remediation forgets one of its devices, which lowers its `devicesFound`: a set read at another count is
 * read again. Dropped KEEP_KEYS_MS after its last use, so the worker does not hold it for nothing.
 */
const KEEP_KEYS_MS = 60_000;
const slots = new WeakMap<AuditStore, KeptFor<{ id: string; devices: number; keys: Set<string> }>>();

function slotOf(store: AuditStore) {
  let slot = slots.get(store);
  if (!slot) {
    slot = keptFor(KEEP_KEYS_MS);
    slots.set(store, slot);
  }
  return slot;
}
