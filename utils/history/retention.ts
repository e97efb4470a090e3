/**
 * Retention and clearing: entries over the age and count limits deleted in
 * small transactions (pending entries are kept), devices not seen since the
 * age limit forgotten, and everything cleared on request.
 */
import { invalid, memoryWriteTx, type StoreContext } from './context';
import { seenThrough } from './device-memory';
import { guarded } from './guarded';
import type { CursorPosition } from './query';
import type { RetentionPolicy, RetentionResult } from './types';

const DAY_MS = 24 * 3600 * 1000;

/** enforceRetention and clear over one database. */
export function createRetention(ctx: StoreContext) {
  const { db, now, emit } = ctx;

  /** Delete up to `batchSize` settled entries, oldest first, below `cutoff` (exclusive); returns [deleted, exhausted]. */
  async function deleteBatch(cutoff: number, budget: number, batchSize: number, after?: CursorPosition) {
    const tx = db.transaction('entries', 'readwrite');
    const lower = after === undefined ? Number.NEGATIVE_INFINITY : after.time;
    const range = IDBKeyRange.bound(lower, cutoff, false, true);
    let cursor = await tx.store.index('time').openCursor(range);
    if (cursor && after && cursor.value.time === after.time && cursor.primaryKey <= after.id)
      cursor = await cursor.continuePrimaryKey(after.time, after.id + 1);
    let deleted = 0;
    let visited = 0;
    let last = after;
    while (cursor && deleted < budget && visited < batchSize) {
      visited++;
      last = { time: cursor.value.time, id: cursor.primaryKey };
      if (cursor.value.outcome !== 'pending') {
        await cursor.delete();
        deleted++;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return { deleted, exhausted: cursor === null, last };
  }

  async function deleteOldest(cutoff: number, budget: number, batchSize: number): Promise<number> {
    let total = 0;
    let after: CursorPosition | undefined;
    while (total < budget) {
      const batch = await deleteBatch(cutoff, budget - total, batchSize, after);
      total += batch.deleted;
      after = batch.last;
      if (batch.exhausted) break;
    }
    return total;
  }

  async function enforceRetention(
    policy: RetentionPolicy & { readonly now?: number; readonly batchSize?: number },
  ): Promise<RetentionResult> {
    const { maxEntries, maxAgeDays, batchSize = 200 } = policy;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw invalid('maxEntries', 'Keep at least one entry.');
    if (!(maxAgeDays > 0)) throw invalid('maxAgeDays', 'The maximum age must be positive.');
    if (!Number.isInteger(batchSize) || batchSize < 1) throw invalid('batchSize', 'The batch size must be positive.');
    const cutoff = (policy.now ?? now()) - maxAgeDays * DAY_MS;
    const result = await guarded('ERR_HISTORY_WRITE_FAILED', async () => {
      // Each batch is its own short transaction, so pages and writes interleave with the cleanup.
      const deletedByAge = await deleteOldest(cutoff, Number.POSITIVE_INFINITY, batchSize);
      const excess = (await db.count('entries')) - maxEntries;
      const deletedByCount = excess > 0 ? await deleteOldest(Number.POSITIVE_INFINITY, excess, batchSize) : 0;
      const tx = memoryWriteTx(ctx, ['devices', 'listings']);
      // A device is as old as its row, or as the account's last listing that showed it unchanged.
      const listings = tx.objectStore('listings');
      const lastListing = new Map(
        (await listings.getAll()).map((l) => [l.actorKey, [l, new Set(l.unchanged)] as const]),
      );
      let devicesForgotten = 0;
      const devices = tx.objectStore('devices');
      for (let cursor = await devices.openCursor(); cursor; cursor = await cursor.continue()) {
        const [listing, unchanged] = lastListing.get(cursor.value.actorKey) ?? [];
        if (seenThrough(cursor.value, listing, unchanged).lastSeen < cutoff) {
          await cursor.delete();
          devicesForgotten++;
        }
      }
      for (const [listing] of lastListing.values())
        if (listing.listedAt < cutoff) await listings.delete(listing.actorKey);
      await tx.done;
      return { deletedByAge, deletedByCount, devicesForgotten };
    });
    if (result.deletedByAge + result.deletedByCount + result.devicesForgotten > 0) emit({ type: 'retention' });
    return result;
  }

  async function clear(): Promise<void> {
    await guarded('ERR_HISTORY_WRITE_FAILED', async () => {
      const tx = memoryWriteTx(ctx, ['entries', 'devices', 'listings']);
      await Promise.all([
        tx.objectStore('entries').clear(),
        tx.objectStore('devices').clear(),
        tx.objectStore('listings').clear(),
        tx.done,
      ]);
    });
    emit({ type: 'clear' });
  }
  return { enforceRetention, clear };
}
