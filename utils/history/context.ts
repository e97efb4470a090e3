/**
 * What the parts of the history store share: the open database, the clock,
 * the change listeners, and the error for bad input.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { AppError } from '../errors';
import type { HistoryDB } from './schema';
import type { EntryId } from './types';

/** What changed, for listeners (same context only). */
export type HistoryChange =
  | { readonly type: 'begin' | 'complete'; readonly id: EntryId }
  | { readonly type: 'interrupted' | 'retention' | 'clear' | 'devices' };

/** The open database, the clock and the change signal every part of the store works with. */
export interface StoreContext {
  readonly db: IDBPDatabase<HistoryDB>;
  /** Clock (epoch ms). */
  readonly now: () => number;
  readonly emit: (change: HistoryChange) => void;
  /**
   * Counts the writes this store starts on the device memory (each counted before its transaction
   * opens): a read of the memory kept for the listing that follows is used only while none started.
   */
  readonly memoryWrites: { count: number };
}

export function invalid(field: string, message: string): AppError {
  return new AppError('ERR_INVALID_INPUT', message, { details: { field } });
}

/**
 * A read-write transaction on the device memory (`devices`, `listings`), counted in `memoryWrites`
 * in the same step that opens it: every write of the memory opens its transaction here.
 */
export function memoryWriteTx<Name extends StoreNames<HistoryDB>>(
  ctx: StoreContext,
  stores: Name[],
): IDBPTransaction<HistoryDB, Name[], 'readwrite'> {
  ctx.memoryWrites.count++;
  return ctx.db.transaction(stores, 'readwrite');
}
