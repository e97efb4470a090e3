/**
 * The write-ahead log: every action written `pending` before its network call
 * (`begin`) and settled after it (`complete`); drafts and completions keep only
 * their named fields and are masked through `maskSecretShapes`. No network call
 * is ever awaited inside an IndexedDB transaction: `recordAction` runs the
 * action between two separate transactions.
 */
import type { IDBPTransaction } from 'idb';
import type { ErrorCode } from '../errors';
import { AppError, toAppError } from '../errors';
import { invalid, memoryWriteTx, type StoreContext } from './context';
import { deviceRowKey, seenThrough } from './device-memory';
import { guarded } from './guarded';
import { foldDevice, type HistoryDB } from './schema';
import { maskSecretShapes, secretShapeOf, storableDeviceName } from './secrets';
import type { EntryId, HistoryCompletion, HistoryDraft, HistoryEntry, WatchFact } from './types';
import { actorKeyOf, HISTORY_ACTIONS, impliedStatusAfter } from './types';

type LogTx = IDBPTransaction<HistoryDB, ('entries' | 'devices' | 'listings')[], 'readwrite'>;

/** Extra facts `recordAction` takes from a successful result. */
export type DescribeResult<R> = (result: R) => Omit<HistoryCompletion, 'outcome' | 'error'>;

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
    ...(draft.watch === undefined ? {} : { watch: cleanWatchFact(draft.watch) }),
  };
  // Identities (a username, a client id) may merely look like secrets: masked, never a refusal.
  return maskSecretShapes(clean);
}

/** A finding's facts: an IP-shaped string and a time, nothing else. */
function cleanWatchFact(fact: WatchFact): WatchFact {
  if (typeof fact.at !== 'number' || !Number.isFinite(fact.at)) throw invalid('watch.at', 'A finding needs its time.');
  if (fact.ip !== undefined && !(typeof fact.ip === 'string' && /^[0-9a-fA-F.:]{2,45}$/.test(fact.ip)))
    throw invalid('watch.ip', 'Not an IP address.');
  return { at: fact.at, ...(fact.ip === undefined ? {} : { ip: fact.ip }) };
}

function cleanCompletion(completion: HistoryCompletion): HistoryCompletion {
  if (completion.outcome !== 'ok' && completion.outcome !== 'failed') throw invalid('outcome', 'Unknown outcome.');
  if (completion.outcome === 'failed' && !completion.error) throw invalid('error', 'A failed action needs its error.');
  const { outcome, error, requestId, attempts, statusAfter, counts, reconciled } = completion;
  const clean: HistoryCompletion = {
    outcome,
    ...(error === undefined ? {} : { error: { code: error.code, message: ownMessage(error.code, error.message) } }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(attempts === undefined ? {} : { attempts }),
    ...(statusAfter === undefined ? {} : { statusAfter }),
    ...(counts === undefined ? {} : { counts: { total: counts.total, ok: counts.ok, failed: counts.failed } }),
    ...(reconciled === undefined ? {} : { reconciled: { found: reconciled.found, at: reconciled.at } }),
  };
  return maskSecretShapes(clean);
}

/**
 * The store keeps codes and facts, not words: a message that is only its code is kept empty, and the
 * pages (the History table, its exports) say the code's words (utils/error-text.ts) in its place.
 */
function ownMessage(code: ErrorCode, message: string): string {
  return message === code ? '' : message;
}

/** The error part of a failed entry: its own message (ownMessage), kept empty too when it looks like a secret. */
function errorOf(error: AppError): { code: ErrorCode; message: string } {
  return { code: error.code, message: secretShapeOf(error.message) ? '' : ownMessage(error.code, error.message) };
}

/** begin, complete, recordAction and markInterrupted over one database. */
export function createLog(ctx: StoreContext, onWriteError: (error: AppError) => void) {
  const { db, now, emit } = ctx;

  /** Fold an entry into its device's row, as the account's last listing left it. */
  async function foldInto(tx: LogTx, actorKey: string, deviceKey: string, entry: HistoryEntry): Promise<void> {
    const devices = tx.objectStore('devices');
    const [stored, listing] = await Promise.all([
      devices.get(deviceRowKey(actorKey, deviceKey)),
      tx.objectStore('listings').get(actorKey),
    ]);
    const row = foldDevice(stored && seenThrough(stored, listing), entry);
    if (row) await devices.put(row);
  }

  async function begin(draft: HistoryDraft): Promise<EntryId> {
    const clean = cleanDraft(draft);
    const record = { ...clean, time: now(), outcome: 'pending', actorKey: actorKeyOf(clean.actor) } as HistoryEntry;
    const id = await guarded('ERR_HISTORY_WRITE_FAILED', async () => {
      const tx = memoryWriteTx(ctx, ['entries', 'devices', 'listings']);
      const id = await tx.objectStore('entries').add(record);
      const deviceKey = clean.target?.deviceKey;
      if (deviceKey !== undefined) await foldInto(tx, record.actorKey, deviceKey, { ...record, id });
      await tx.done;
      return id;
    });
    emit({ type: 'begin', id });
    return id;
  }

  async function complete(id: EntryId, completion: HistoryCompletion): Promise<void> {
    const clean = cleanCompletion(completion);
    await guarded('ERR_HISTORY_WRITE_FAILED', async () => {
      const tx = memoryWriteTx(ctx, ['entries', 'devices', 'listings']);
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
      if (deviceKey !== undefined) await foldInto(tx, settled.actorKey, deviceKey, settled);
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
  return { begin, complete, recordAction, markInterrupted };
}
