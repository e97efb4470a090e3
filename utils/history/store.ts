/**
 * The history log: every action written `pending` before its network call and
 * settled after it (write-ahead), paged queries newest first over indexes,
 * the device memory, retention and clearing. No network call is ever awaited
 * inside an IndexedDB transaction: `recordAction` runs the action between two
 * separate transactions. `now` and the IDBFactory are injected.
 *
 * This module composes the parts: `log.ts` (begin, complete, recordAction,
 * markInterrupted), `reads.ts` (query, list, count), `device-memory.ts`
 * (knownDevices, noteListedDevices) and `retention.ts` (enforceRetention, clear).
 */
import type { IDBPDatabase } from 'idb';
import { AppError } from '../errors';
import type { HistoryChange } from './context';
import type { ListedDevice } from './device-memory';
import { createDeviceMemory } from './device-memory';
import type { DescribeResult } from './log';
import { createLog } from './log';
import { createReads } from './reads';
import { createRetention } from './retention';
import type { HistoryDB } from './schema';
import { openHistoryDb } from './schema';
import type {
  EntryId,
  HistoryCompletion,
  HistoryDraft,
  HistoryEntry,
  HistoryFilters,
  HistoryPage,
  HistoryQuery,
  KnownDevice,
  RetentionPolicy,
  RetentionResult,
} from './types';

export type { DescribeResult, HistoryChange, ListedDevice };

/** The history log. */
export interface HistoryStore {
  /** Write a `pending` entry before the call; returns its id. */
  begin(draft: HistoryDraft): Promise<EntryId>;
  /** Settle a pending entry (sets `finishedAt` and `durationMs`). */
  complete(id: EntryId, completion: HistoryCompletion): Promise<void>;
  /**
   * begin → run (outside any transaction) → complete. Errors of `run` are
   * recorded (AppError → its code; anything else → ERR_INTERNAL) and rethrown.
   * A failure to settle the entry is reported to `onWriteError`, not thrown:
   * the action did happen, and the entry stays pending until `markInterrupted`.
   */
  recordAction<R>(draft: HistoryDraft, run: (id: EntryId) => Promise<R>, describe?: DescribeResult<R>): Promise<R>;
  /** Mark every entry still pending as `interrupted` (call once at extension start). Returns how many. */
  markInterrupted(): Promise<number>;
  /** One page, newest first. */
  query(query: HistoryQuery): Promise<HistoryPage>;
  /** Every matching entry, newest first, up to `max` (for exports). */
  list(filters?: HistoryFilters, max?: number): Promise<HistoryEntry[]>;
  /** How many entries match. */
  count(filters?: HistoryFilters): Promise<number>;
  /** The devices history knows for an account, most recently seen first. */
  knownDevices(account: { readonly pool: string; readonly username?: string }): Promise<KnownDevice[]>;
  /**
   * Remember what a listing showed (name, status), without writing an entry.
   * @param options.listedAt when the listing was asked for (default now): a
   *   device the memory saw later than that (an action that finished while the
   *   listing was under way) keeps what the memory holds.
   * @param options.by whose listing it was: a user's token (default) or an admin's.
   */
  noteListedDevices(
    account: { readonly pool: string; readonly username?: string },
    devices: readonly ListedDevice[],
    options?: { readonly listedAt?: number; readonly by?: 'user' | 'admin' },
  ): Promise<void>;
  /** Delete entries over the age and count limits in small transactions (pending entries are kept). */
  enforceRetention(
    policy: RetentionPolicy & { readonly now?: number; readonly batchSize?: number },
  ): Promise<RetentionResult>;
  /** Delete every entry and the device memory. Ask the person first. */
  clear(): Promise<void>;
  /** Listen to changes made through this store; returns the unsubscribe function. */
  subscribe(listener: (change: HistoryChange) => void): () => void;
  close(): void;
}

/** Options of `openHistory`. */
export interface OpenHistoryOptions {
  /** Defaults to the global `indexedDB`. */
  readonly indexedDB?: IDBFactory;
  readonly name?: string;
  /** Clock (epoch ms). */
  readonly now?: () => number;
  /** Told when an entry could not be settled after its action ran. */
  readonly onWriteError?: (error: AppError) => void;
}

/** Open the history log (creating or migrating the database). Throws ERR_HISTORY_UNAVAILABLE. */
export async function openHistory(options: OpenHistoryOptions = {}): Promise<HistoryStore> {
  const factory = options.indexedDB ?? globalThis.indexedDB;
  if (!factory) throw new AppError('ERR_HISTORY_UNAVAILABLE', 'IndexedDB is not available here.');
  const db = await openHistoryDb(factory, options.name);
  return createHistoryStore(db, options);
}

/** The store over an open database. */
export function createHistoryStore(db: IDBPDatabase<HistoryDB>, options: OpenHistoryOptions = {}): HistoryStore {
  const now = options.now ?? Date.now;
  const onWriteError = options.onWriteError ?? ((error: AppError) => console.warn(`History: ${error.code}`));
  const listeners = new Set<(change: HistoryChange) => void>();
  const emit = (change: HistoryChange) => {
    for (const listener of listeners) listener(change);
  };
  const ctx = { db, now, emit, memoryWrites: { count: 0 } };
  return {
    ...createLog(ctx, onWriteError),
    ...createReads(ctx),
    ...createDeviceMemory(ctx),
    ...createRetention(ctx),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => db.close(),
  };
}
