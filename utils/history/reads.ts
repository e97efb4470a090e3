/**
 * Reads of the log: paged queries newest first over indexes (merging one walk
 * per matching device when the text searches device names), full lists for
 * exports, and counts.
 */
import type { IDBPCursorWithValue, IDBPTransaction } from 'idb';
import type { StoreContext } from './context';
import { guarded } from './guarded';
import type { CursorPosition, IndexSource, QueryPlan } from './query';
import { checkPaging, decodeCursor, deviceKeysMatching, encodeCursor, indexKey, planQuery } from './query';
import type { CompoundIndex, HistoryDB } from './schema';
import type { HistoryEntry, HistoryFilters, HistoryPage, HistoryQuery } from './types';

const MAX_LIST = 100_000;

/** query, list and count over one database. */
export function createReads(ctx: StoreContext) {
  const { db } = ctx;

  type ReadTx = IDBPTransaction<HistoryDB, ('entries' | 'devices')[], 'readonly'>;
  type EntryCursor = IDBPCursorWithValue<HistoryDB, ('entries' | 'devices')[], 'entries', 'time' | CompoundIndex>;

  /** The index walks of a plan: one, or one per device whose known names match the text. */
  async function sourcesOf(tx: ReadTx, plan: QueryPlan, filters: HistoryFilters): Promise<IndexSource[]> {
    if (!plan.viaDeviceNames) return [plan];
    const rows = await tx.objectStore('devices').getAll();
    return deviceKeysMatching(rows, plan.viaDeviceNames.text, filters.actor).map((prefix) => ({
      index: 'byDevice' as const,
      prefix,
    }));
  }

  /** Open a newest-first walk of one source, strictly after `position` when given. */
  async function openWalk(
    tx: ReadTx,
    source: IndexSource,
    since: number,
    upper: number,
    position: CursorPosition | undefined,
  ): Promise<EntryCursor | null> {
    const range = IDBKeyRange.bound(indexKey(source, since), indexKey(source, upper));
    let cursor: EntryCursor | null = await tx.objectStore('entries').index(source.index).openCursor(range, 'prev');
    if (cursor && position && cursor.value.time === position.time && cursor.primaryKey >= position.id)
      cursor = await cursor.continuePrimaryKey(indexKey(source, position.time), position.id - 1);
    return cursor;
  }

  /** The walk whose current entry is newest (time, then id), or -1 when all are done. */
  function newest(walks: readonly (EntryCursor | null)[]): number {
    let best = -1;
    walks.forEach((walk, i) => {
      const current = best < 0 ? null : walks[best];
      if (
        walk &&
        (!current ||
          walk.value.time > current.value.time ||
          (walk.value.time === current.value.time && walk.value.id > current.value.id))
      )
        best = i;
    });
    return best;
  }

  async function query(request: HistoryQuery): Promise<HistoryPage> {
    const { limit, scanLimit } = checkPaging(request);
    const plan = planQuery(request);
    const position: CursorPosition | undefined =
      request.cursor === undefined ? undefined : decodeCursor(request.cursor);
    const upper = position === undefined ? plan.until : Math.min(plan.until, position.time);
    if (upper < plan.since) return { entries: [], scanned: 0, scanCapped: false };
    return guarded('ERR_HISTORY_UNAVAILABLE', async () => {
      const tx = db.transaction(['entries', 'devices']);
      const sources = await sourcesOf(tx, plan, request);
      const walks = await Promise.all(sources.map((source) => openWalk(tx, source, plan.since, upper, position)));
      const entries: HistoryEntry[] = [];
      let scanned = 0;
      let last: CursorPosition | undefined;
      let full = false;
      // Merge the walks newest first; advancing past each record read also tells whether more follow.
      for (let i = newest(walks); i >= 0 && !full && scanned < scanLimit; i = newest(walks)) {
        const walk = walks[i] as EntryCursor;
        const entry = walk.value;
        scanned++;
        last = { time: entry.time, id: entry.id };
        if (plan.residual(entry)) entries.push(entry);
        full = entries.length >= limit;
        walks[i] = await walk.continue();
      }
      const more = walks.some((walk) => walk !== null);
      await tx.done;
      return {
        entries,
        ...(more && last ? { nextCursor: encodeCursor(last) } : {}),
        scanned,
        scanCapped: more && !full,
      };
    });
  }

  async function list(filters: HistoryFilters = {}, max = MAX_LIST): Promise<HistoryEntry[]> {
    const all: HistoryEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await query({ ...filters, limit: 500, scanLimit: 20_000, ...(cursor ? { cursor } : {}) });
      all.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor && all.length < max);
    return all.slice(0, max);
  }

  async function count(filters: HistoryFilters = {}): Promise<number> {
    const plan = planQuery(filters);
    if (plan.until < plan.since) return 0;
    return guarded('ERR_HISTORY_UNAVAILABLE', async () => {
      const tx = db.transaction(['entries', 'devices']);
      let matches = 0;
      for (const source of await sourcesOf(tx, plan, filters)) {
        const index = tx.objectStore('entries').index(source.index);
        const range = IDBKeyRange.bound(indexKey(source, plan.since), indexKey(source, plan.until));
        if (!plan.hasResidual) matches += await index.count(range);
        else
          for (let cursor = await index.openCursor(range); cursor; cursor = await cursor.continue())
            if (plan.residual(cursor.value)) matches++;
      }
      return matches;
    });
  }
  return { query, list, count };
}
