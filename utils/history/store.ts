/**
 * The history log: every action written `pending` before its network call and
 * settled after it (write-ahead), paged queries newest first over indexes,
 * the device memory, retention and clearing. No network call is ever awaited
 * inside an IndexedDB transaction: `recordAction` runs the action between two
 * separate transactions. `now` and the IDBFactory are injected.
 */
import type { IDBPCursorWithValue, IDBPDatabase, IDBPTransaction } from 'idb';
import { describeError } from '../error-text';
import type { ErrorCode } from '../errors';
import { AppError, toAppError } from '../errors';
import { guarded } from './guarded';
import type { CursorPosition, IndexSource, QueryPlan } from './query';
import { checkPaging, decodeCursor, deviceKeysMatching, encodeCursor, indexKey, planQuery } from './query';
import type { CompoundIndex, DeviceMemoryRecord, HistoryDB } from './schema';
import { foldDevice, openHistoryDb, withName } from './schema';
import { maskSecretShapes, secretShapeOf, storableDeviceName } from './secrets';
import type {
  DeviceStatus,
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
import { actorKeyOf, HISTORY_ACTIONS, impliedStatusAfter } from './types';

/** What changed, for listeners (same context only). */
export type HistoryChange =
  | { readonly type: 'begin' | 'complete'; readonly id: EntryId }
  | { readonly type: 'interrupted' | 'retention' | 'clear' | 'devices' };

/** Extra facts `recordAction` takes from a successful result. */
export type DescribeResult<R> = (result: R) => Omit<HistoryCompletion, 'outcome' | 'error'>;

/** A device as a listing shows it, for the device memory. */
export interface ListedDevice {
  readonly deviceKey: string;
  readonly deviceName?: string;
  readonly status?: DeviceStatus;
}

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
   */
  noteListedDevices(
    account: { readonly pool: string; readonly username?: string },
    devices: readonly ListedDevice[],
    options?: { readonly listedAt?: number },
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

const MAX_LIST = 100_000;
const DAY_MS = 24 * 3600 * 1000;

function invalid(field: string, message: string): AppError {
  return new AppError('ERR_INVALID_INPUT', message, { details: { field } });
}

/** Keep only the named fields of a draft, so nothing unexpected is stored. */
function cleanDraft(draft: HistoryDraft): HistoryDraft {
  if (!(HISTORY_ACTIONS as readonly string[]).includes(draft.action)) throw invalid('action', 'Unknown action.');
  if (draft.mode !== 'user' && draft.mode !== 'admin') throw invalid('mode', 'Unknown mode.');
  if (draft.action.startsWith('admin.') && draft.mode !== 'admin')
    throw invalid('mode', 'Admin actions are recorded in admin mode.');
  if (typeof draft.actor?.pool !== 'string' || draft.actor.pool === '')
    throw invalid('actor.pool', 'The pool is missing.');
  if (draft.target?.deviceName !== undefined && !draft.target.deviceKey)
    throw invalid('target.deviceKey', 'A device name needs its device key.');
  const { pool, clientId, username, sub } = draft.actor;
  const clean: HistoryDraft = {
    action: draft.action,
    mode: draft.mode,
    actor: {
      pool,
      ...(clientId === undefined ? {} : { clientId }),
      ...(username === undefined ? {} : { username }),
      ...(sub === undefined ? {} : { sub }),
    },
    ...(draft.target === undefined
      ? {}
      : {
          target: {
            ...(draft.target.deviceKey === undefined ? {} : { deviceKey: draft.target.deviceKey }),
            ...(draft.target.deviceName === undefined
              ? {}
              : { deviceName: storableDeviceName(draft.target.deviceName) }),
          },
        }),
    ...(draft.statusBefore === undefined ? {} : { statusBefore: draft.statusBefore }),
    ...(draft.parentId === undefined ? {} : { parentId: draft.parentId }),
  };
  // Identities (a username, a client id) may merely look like secrets: masked, never a refusal.
  return maskSecretShapes(clean);
}

function cleanCompletion(completion: HistoryCompletion): HistoryCompletion {
  if (completion.outcome !== 'ok' && completion.outcome !== 'failed') throw invalid('outcome', 'Unknown outcome.');
  if (completion.outcome === 'failed' && !completion.error) throw invalid('error', 'A failed action needs its error.');
  const { outcome, error, requestId, attempts, statusAfter, counts } = completion;
  const clean: HistoryCompletion = {
    outcome,
    ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(attempts === undefined ? {} : { attempts }),
    ...(statusAfter === undefined ? {} : { statusAfter }),
    ...(counts === undefined ? {} : { counts: { total: counts.total, ok: counts.ok, failed: counts.failed } }),
  };
  return maskSecretShapes(clean);
}

/** The error part of a failed entry; a message that looks like it carries a secret is replaced by the code's title. */
function errorOf(error: AppError): { code: ErrorCode; message: string } {
  // A message that is only the code, or that looks like a secret, is stored as the code's words.
  const message =
    error.message === error.code || secretShapeOf(error.message) ? describeError(error.code).title : error.message;
  return { code: error.code, message };
}

/** A listing this soon after the last one does not rewrite a device whose facts are unchanged: `lastSeen` is kept to the minute. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** The facts of a device row other than when it was seen. */
function sameDeviceFacts(a: DeviceMemoryRecord, b: DeviceMemoryRecord): boolean {
  return (
    a.deviceName === b.deviceName &&
    a.lastStatus === b.lastStatus &&
    a.pool === b.pool &&
    a.username === b.username &&
    a.names.length === b.names.length &&
    a.names.every((name, i) => name === b.names[i])
  );
}

function deviceRowKey(actorKey: string, deviceKey: string): [string, string] {
  return [actorKey, deviceKey];
}

function toKnownDevice(row: DeviceMemoryRecord): KnownDevice {
  const { actorKey: _actorKey, names: _names, ...device } = row;
  return device;
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

  async function begin(draft: HistoryDraft): Promise<EntryId> {
    const clean = cleanDraft(draft);
    const record = { ...clean, time: now(), outcome: 'pending', actorKey: actorKeyOf(clean.actor) } as HistoryEntry;
    const id = await guarded('ERR_HISTORY_WRITE_FAILED', async () => {
      const tx = db.transaction(['entries', 'devices'], 'readwrite');
      const id = await tx.objectStore('entries').add(record);
      const deviceKey = clean.target?.deviceKey;
      if (deviceKey !== undefined) {
        const devices = tx.objectStore('devices');
        const row = foldDevice(await devices.get(deviceRowKey(record.actorKey, deviceKey)), { ...record, id });
        if (row) await devices.put(row);
      }
      await tx.done;
      return id;
    });
    emit({ type: 'begin', id });
    return id;
  }

  async function complete(id: EntryId, completion: HistoryCompletion): Promise<void> {
    const clean = cleanCompletion(completion);
    await guarded('ERR_HISTORY_WRITE_FAILED', async () => {
      const tx = db.transaction(['entries', 'devices'], 'readwrite');
      const entries = tx.objectStore('entries');
      const entry = await entries.get(id);
      if (!entry) throw new AppError('ERR_HISTORY_WRITE_FAILED', 'The history entry to complete no longer exists.');
      const finishedAt = now();
      const statusAfter = clean.statusAfter ?? (clean.outcome === 'ok' ? impliedStatusAfter(entry.action) : undefined);
      const settled: HistoryEntry = {
        ...entry,
        ...clean,
        ...(statusAfter === undefined ? {} : { statusAfter }),
        finishedAt,
        durationMs: Math.max(0, finishedAt - entry.time),
      };
      await entries.put(settled);
      const deviceKey = settled.target?.deviceKey;
      if (deviceKey !== undefined) {
        const devices = tx.objectStore('devices');
        const row = foldDevice(await devices.get(deviceRowKey(settled.actorKey, deviceKey)), settled);
        if (row) await devices.put(row);
      }
      await tx.done;
    });
    emit({ type: 'complete', id });
  }

  async function settle(id: EntryId, completion: HistoryCompletion): Promise<void> {
    try {
      await complete(id, completion);
    } catch (error) {
      onWriteError(toAppError(error, 'ERR_HISTORY_WRITE_FAILED'));
    }
  }

  async function recordAction<R>(
    draft: HistoryDraft,
    run: (id: EntryId) => Promise<R>,
    describe?: DescribeResult<R>,
  ): Promise<R> {
    const id = await begin(draft);
    let result: R;
    try {
      result = await run(id);
    } catch (error) {
      const appError = toAppError(error);
      const requestId = appError.details.requestId;
      await settle(id, {
        outcome: 'failed',
        error: errorOf(appError),
        ...(requestId === undefined ? {} : { requestId }),
      });
      throw error;
    }
    await settle(id, { ...describe?.(result), outcome: 'ok' });
    return result;
  }

  async function markInterrupted(): Promise<number> {
    const count = await guarded('ERR_HISTORY_WRITE_FAILED', async () => {
      const tx = db.transaction('entries', 'readwrite');
      const range = IDBKeyRange.bound(['pending', Number.NEGATIVE_INFINITY], ['pending', Number.POSITIVE_INFINITY]);
      const pending = await tx.store.index('byOutcome').getAll(range);
      const finishedAt = now();
      for (const entry of pending) await tx.store.put({ ...entry, outcome: 'interrupted', finishedAt });
      await tx.done;
      return pending.length;
    });
    if (count > 0) emit({ type: 'interrupted' });
    return count;
  }

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

  async function knownDevices(account: { readonly pool: string; readonly username?: string }): Promise<KnownDevice[]> {
    const actorKey = actorKeyOf(account);
    const rows = await guarded('ERR_HISTORY_UNAVAILABLE', () =>
      db.getAll('devices', IDBKeyRange.bound([actorKey], [actorKey, []])),
    );
    return rows.map(toKnownDevice).sort((a, b) => b.lastSeen - a.lastSeen);
  }

  async function noteListedDevices(
    account: { readonly pool: string; readonly username?: string },
    devices: readonly ListedDevice[],
    options: { readonly listedAt?: number } = {},
  ): Promise<void> {
    const actorKey = actorKeyOf(account);
    const seen = options.listedAt ?? now();
    const rows: Omit<DeviceMemoryRecord, 'names'>[] = maskSecretShapes(
      devices.map((device) => ({
        actorKey,
        pool: account.pool,
        username: account.username ?? '',
        deviceKey: device.deviceKey,
        ...(device.deviceName === undefined ? {} : { deviceName: storableDeviceName(device.deviceName) }),
        ...(device.status === undefined ? {} : { lastStatus: device.status }),
        lastSeen: seen,
      })),
    );
    const written = await guarded('ERR_HISTORY_WRITE_FAILED', async () => {
      const tx = db.transaction('devices', 'readwrite');
      // One read of the account's rows, then only the writes that change something: every device
      // list (each popup opening) comes here, and a get and a put per device were most of its work.
      const stored = await tx.store.getAll(IDBKeyRange.bound([actorKey], [actorKey, []]));
      const previousOf = new Map(stored.map((row) => [row.deviceKey, row]));
      const writes: Promise<unknown>[] = [];
      for (const row of rows) {
        const previous = previousOf.get(row.deviceKey);
        // Newer than this listing: an action finished while it was under way.
        if (previous && previous.lastSeen > seen) continue;
        const next: DeviceMemoryRecord = {
          ...previous,
          ...row,
          ...(row.deviceName === undefined && previous?.deviceName !== undefined
            ? { deviceName: previous.deviceName }
            : {}),
          names: withName(previous?.names, row.deviceName),
        };
        if (previous && sameDeviceFacts(previous, next) && next.lastSeen - previous.lastSeen < LAST_SEEN_RESOLUTION_MS)
          continue;
        writes.push(tx.store.put(next));
      }
      await Promise.all([...writes, tx.done]);
      return writes.length;
    });
    if (written > 0) emit({ type: 'devices' });
  }

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
      const tx = db.transaction('devices', 'readwrite');
      let devicesForgotten = 0;
      for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
        if (cursor.value.lastSeen < cutoff) {
          await cursor.delete();
          devicesForgotten++;
        }
      }
      await tx.done;
      return { deletedByAge, deletedByCount, devicesForgotten };
    });
    if (result.deletedByAge + result.deletedByCount + result.devicesForgotten > 0) emit({ type: 'retention' });
    return result;
  }

  async function clear(): Promise<void> {
    await guarded('ERR_HISTORY_WRITE_FAILED', async () => {
      const tx = db.transaction(['entries', 'devices'], 'readwrite');
      await Promise.all([tx.objectStore('entries').clear(), tx.objectStore('devices').clear(), tx.done]);
    });
    emit({ type: 'clear' });
  }

  return {
    begin,
    complete,
    recordAction,
    markInterrupted,
    query,
    list,
    count,
    knownDevices,
    noteListedDevices,
    enforceRetention,
    clear,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => db.close(),
  };
}
