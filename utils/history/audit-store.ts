/**
 * The pool audit's storage (schema v3 of the history database): the run
 * checkpoint and the per-user results. Every step of a crawl is one atomic
 * transaction, so a run killed at any point resumes from a consistent state:
 * a ListUsers page is checkpointed with its users and the next page token
 * together; a user's result is put (idempotently, key `[runId, username]`)
 * together with the counters and its removal from the pending list. Reports
 * walk the results with a cursor; nothing here holds a whole run in memory.
 */
import type { IDBPDatabase } from 'idb';
import { AppError } from '../errors';
import type { AuditDevice, AuditPendingUser, AuditRun, AuditUserResult } from './audit-types';
import { guarded } from './guarded';
import type { HistoryDB } from './schema';
import { HISTORY_DB_NAME, openHistoryDb } from './schema';

/** A change the remediation made to one device, mirrored into the results. */
export type AuditDeviceChange =
  | { readonly kind: 'forgotten' }
  | { readonly kind: 'remembered'; readonly value: boolean };

/** The audit storage. */
export interface AuditStore {
  /** Write a new run record. */
  createRun(run: AuditRun): Promise<void>;
  getRun(id: string): Promise<AuditRun | undefined>;
  /** Every run, newest first (a handful: one per audit started). */
  listRuns(): Promise<AuditRun[]>;
  /** Read, change and write the run in one transaction; throws ERR_INVALID_INPUT when it does not exist. */
  updateRun(id: string, change: (run: AuditRun) => AuditRun): Promise<AuditRun>;
  /**
   * Checkpoint one ListUsers page: its users not yet in the results (nor pending)
   * join the pending list, and the next page token (or the end of the listing) is kept.
   */
  checkpointPage(
    id: string,
    page: { readonly users: readonly AuditPendingUser[]; readonly nextPageToken?: string; readonly now: number },
  ): Promise<{ readonly run: AuditRun; readonly added: readonly AuditPendingUser[] }>;
  /** Start the listing again from the first page (its token no longer works); results stay. */
  restartListing(id: string, now: number): Promise<AuditRun>;
  /** Put one user's result, count it once, and drop the user from the pending list. */
  recordUser(result: AuditUserResult, step: { readonly reads: number; readonly now: number }): Promise<AuditRun>;
  /** True when the user's result is stored. */
  hasResult(runId: string, username: string): Promise<boolean>;
  /**
   * Visit the results of a run in username order, starting after `after`.
   * `visit` returns false to stop. Resolves with the username of the last result visited.
   */
  walkResults(
    runId: string,
    visit: (result: AuditUserResult) => boolean | undefined,
    after?: string,
  ): Promise<string | undefined>;
  /** Mirror a remediation's change of one device into the results (counters follow). */
  updateDevice(runId: string, username: string, deviceKey: string, change: AuditDeviceChange): Promise<void>;
  /** Delete a run and its results. */
  deleteRun(id: string): Promise<void>;
  close(): void;
}

/** Options of `openAuditStore`. */
export interface OpenAuditStoreOptions {
  /** Defaults to the global `indexedDB`. */
  readonly indexedDB?: IDBFactory;
  readonly name?: string;
}

function missingRun(): AppError {
  return new AppError('ERR_ADMIN_AUDIT_NOT_FOUND', undefined, { details: { field: 'runId' } });
}

/** Results read per request when walking a run's results. */
const WALK_BATCH = 500;

function range(runId: string, after?: string): IDBKeyRange {
  // Arrays sort after strings in IndexedDB key order, so [runId, []] closes every [runId, username].
  return IDBKeyRange.bound([runId, after ?? ''], [runId, []], after !== undefined, false);
}

/** Open the audit storage (creating or migrating the history database). Throws ERR_HISTORY_UNAVAILABLE. */
export async function openAuditStore(options: OpenAuditStoreOptions = {}): Promise<AuditStore> {
  const factory = options.indexedDB ?? globalThis.indexedDB;
  if (!factory) throw new AppError('ERR_HISTORY_UNAVAILABLE', 'IndexedDB is not available here.');
  return createAuditStore(await openHistoryDb(factory, options.name ?? HISTORY_DB_NAME));
}

/** The audit storage over an open history database (v3 or later). */
export function createAuditStore(db: IDBPDatabase<HistoryDB>): AuditStore {
  const write = <T>(operation: () => Promise<T>) => guarded('ERR_HISTORY_WRITE_FAILED', operation);
  const read = <T>(operation: () => Promise<T>) => guarded('ERR_HISTORY_UNAVAILABLE', operation);

  async function updateRun(id: string, change: (run: AuditRun) => AuditRun): Promise<AuditRun> {
    return write(async () => {
      const tx = db.transaction('auditRuns', 'readwrite');
      const run = await tx.store.get(id);
      if (!run) throw missingRun();
      const next = change(run);
      await tx.store.put(next);
      await tx.done;
      return next;
    });
  }

  return {
    createRun: (run) =>
      write(async () => {
        await db.add('auditRuns', run);
      }),
    getRun: (id) => read(() => db.get('auditRuns', id)),
    listRuns: () => read(async () => (await db.getAll('auditRuns')).sort((a, b) => b.startedAt - a.startedAt)),
    updateRun,

    checkpointPage: (id, page) =>
      write(async () => {
        const tx = db.transaction(['auditRuns', 'auditResults'], 'readwrite');
        const runs = tx.objectStore('auditRuns');
        const results = tx.objectStore('auditResults');
        const run = await runs.get(id);
        if (!run) throw missingRun();
        const pending = new Set(run.pendingUsers.map((u) => u.username));
        const fresh: AuditPendingUser[] = [];
        for (const user of page.users) {
          if (pending.has(user.username)) continue;
          if ((await results.count([id, user.username])) > 0) continue;
          pending.add(user.username);
          fresh.push(user);
        }
        const { nextPageToken: _old, ...rest } = run;
        const next: AuditRun = {
          ...rest,
          ...(page.nextPageToken === undefined ? {} : { nextPageToken: page.nextPageToken }),
          listingDone: page.nextPageToken === undefined,
          pendingUsers: [...run.pendingUsers, ...fresh],
          pagesRead: run.pagesRead + 1,
          reads: run.reads + 1,
          updatedAt: page.now,
        };
        await runs.put(next);
        await tx.done;
        return { run: next, added: fresh };
      }),

    restartListing: (id, now) =>
      updateRun(id, ({ nextPageToken: _dropped, ...run }) => ({
        ...run,
        listingDone: false,
        listingRestarts: run.listingRestarts + 1,
        updatedAt: now,
      })),

    recordUser: (result, step) =>
      write(async () => {
        const tx = db.transaction(['auditRuns', 'auditResults'], 'readwrite');
        const runs = tx.objectStore('auditRuns');
        const results = tx.objectStore('auditResults');
        const run = await runs.get(result.runId);
        if (!run) throw missingRun();
        const old = await results.get([result.runId, result.username]);
        await results.put(result);
        const next: AuditRun = {
          ...run,
          pendingUsers: run.pendingUsers.filter((u) => u.username !== result.username),
          usersDone: run.usersDone + (old ? 0 : 1),
          devicesFound: run.devicesFound + result.devices.length - (old?.devices.length ?? 0),
          reads: run.reads + step.reads,
          updatedAt: step.now,
        };
        await runs.put(next);
        await tx.done;
        return next;
      }),

    hasResult: (runId, username) => read(async () => (await db.count('auditResults', [runId, username])) > 0),

    walkResults: (runId, visit, after) =>
      read(async () => {
        // Read in batches (getAll over the key range from the last user seen), not a cursor step per user:
        // one request per WALK_BATCH results, in one transaction; memory stays one batch.
        let last: string | undefined;
        const tx = db.transaction('auditResults');
        for (;;) {
          const batch = await tx.store.getAll(range(runId, last ?? after), WALK_BATCH);
          for (const result of batch) {
            last = result.username;
            if (visit(result) === false) return last;
          }
          if (batch.length < WALK_BATCH) return last;
        }
      }),

    updateDevice: (runId, username, deviceKey, change) =>
      write(async () => {
        const tx = db.transaction(['auditRuns', 'auditResults'], 'readwrite');
        const results = tx.objectStore('auditResults');
        const result = await results.get([runId, username]);
        if (!result) {
          await tx.done;
          return;
        }
        const devices: AuditDevice[] =
          change.kind === 'forgotten'
            ? result.devices.filter((d) => d.key !== deviceKey)
            : result.devices.map((d) => (d.key === deviceKey ? { ...d, remembered: change.value } : d));
        await results.put({ ...result, devices });
        const runs = tx.objectStore('auditRuns');
        const run = await runs.get(runId);
        if (run && devices.length !== result.devices.length) {
          await runs.put({ ...run, devicesFound: run.devicesFound - (result.devices.length - devices.length) });
        }
        await tx.done;
      }),

    deleteRun: (id) =>
      write(async () => {
        const tx = db.transaction(['auditRuns', 'auditResults'], 'readwrite');
        await tx.objectStore('auditRuns').delete(id);
        await tx.objectStore('auditResults').delete(range(id));
        await tx.done;
      }),

    close: () => db.close(),
  };
}
