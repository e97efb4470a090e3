/**
 * The pool audit crawler: every user (ListUsers, pages of 60) and every device
 * of each user (AdminListDevices sees not-remembered devices too), a few users
 * at a time, all reads through the client's shared pacer. Each step is
 * checkpointed in IndexedDB (utils/history/audit-store) before the next one,
 * so a worker killed at any moment resumes where it stopped, with no user
 * skipped or counted twice (results are keyed `[runId, username]`).
 *
 * ListUsers pagination tokens are not meant to live long: after a long pause
 * (or a restarted service) Cognito may refuse one with
 * InvalidParameterException. The runner then restarts the listing from the
 * first page; users already in the results are not queued again (the page
 * checkpoint skips them), so the restart costs one ListUsers read per page.
 *
 * Throttling and transient errors the client could not absorb never fail the
 * run: the user (or page) is tried again after a pause. Only errors a retry
 * cannot fix (credentials, permissions) fail it; resume after fixing them.
 */
import type { CognitoClient, Device, PoolUser, Sleep } from '../cognito';
import { AppError, type ErrorCode, toAppError } from '../errors';
import type { AuditStore } from '../history/audit-store';
import type { AuditDevice, AuditPendingUser, AuditRun, AuditUserResult } from '../history/audit-types';

/** Cognito's largest page (QueryLimitType, max 60). */
export const AUDIT_PAGE_SIZE = 60;

/** Errors worth another try later rather than failing the run. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set([
  'ERR_COGNITO_TOO_MANY_REQUESTS',
  'ERR_COGNITO_INTERNAL',
  'ERR_COGNITO_LIMIT_EXCEEDED',
  'ERR_NETWORK',
  'ERR_TIMEOUT',
  'ERR_BAD_RESPONSE',
]);

/** Why a drive stops early: pause and cancel write their state; `abandon` writes nothing (a killed worker). */
type StopReason = 'pause' | 'cancel' | 'abandon';

/** Options of `createAuditRunner`. */
export interface AuditRunnerOptions {
  readonly store: AuditStore;
  /** The client for a run (its endpoint, the admin credentials, the shared pacer). */
  readonly client: (run: AuditRun) => CognitoClient | Promise<CognitoClient>;
  /**
   * Asked before a stored run is crawled again (`resume`, `resumeInterrupted`); throwing refuses it:
   * `resume` rethrows with the run unchanged, `resumeInterrupted` pauses the run with the error.
   */
  readonly check?: (run: AuditRun) => void | Promise<void>;
  /** Users crawled at once (default 4); the pacer, not this, sets the rate. */
  readonly concurrency?: number;
  readonly now?: () => number;
  readonly sleep?: Sleep;
  /** Pause before trying again a user or page that failed transiently (default 1000 ms). */
  readonly retryDelayMs?: number;
  /** Told after every checkpoint. */
  readonly onChange?: (run: AuditRun) => void;
  /** Told when a transient error deferred a user or page (after the client's own retries). */
  readonly onDeferred?: (code: ErrorCode) => void;
}

/** Speed of the current stretch of a run (since it last started or resumed). */
export interface AuditSpeed {
  readonly usersPerSec: number;
  readonly readsPerSec: number;
  readonly elapsedMs: number;
}

/** The crawler. */
export interface AuditRunner {
  /** Create a run and start crawling it (not awaited: see `whenSettled`). */
  start(input: {
    readonly poolId: string;
    readonly endpoint: string;
    readonly estimatedUsers?: number;
  }): Promise<AuditRun>;
  /** Mark a paused/failed/interrupted run running again and crawl it. */
  resume(id: string): Promise<AuditRun>;
  /** Stop after the requests in flight; the run keeps its checkpoint. */
  pause(id: string): Promise<AuditRun>;
  /** Stop for good; results so far stay readable. */
  cancel(id: string): Promise<AuditRun>;
  /** Resume every run found `running` (the worker died while it ran) that `check` accepts; pause the others. Returns the resumed ids. */
  resumeInterrupted(): Promise<string[]>;
  /** The promise of an active crawl, or undefined. */
  whenSettled(id: string): Promise<AuditRun> | undefined;
  speed(id: string): AuditSpeed | undefined;
  /** Drop every active crawl without writing anything, as a killed worker would (tests, shutdown). */
  abandon(): Promise<void>;
}

function toPending(user: PoolUser): AuditPendingUser {
  return {
    username: user.username,
    ...(user.sub === undefined ? {} : { sub: user.sub }),
    ...(user.status === undefined ? {} : { status: user.status }),
    ...(user.enabled === undefined ? {} : { enabled: user.enabled }),
  };
}

/** A client device as the audit stores it (epoch ms, no raw attribute list). */
export function toAuditDevice(device: Device): AuditDevice {
  const d: Record<string, unknown> = { key: device.key };
  if (device.name !== undefined) d.name = device.name;
  if (device.remembered !== undefined) d.remembered = device.remembered;
  if (device.lastIp !== undefined) d.lastIp = device.lastIp;
  if (device.createdAt) d.createdAt = device.createdAt.getTime();
  if (device.lastModifiedAt) d.lastModifiedAt = device.lastModifiedAt.getTime();
  if (device.lastAuthenticatedAt) d.lastAuthenticatedAt = device.lastAuthenticatedAt.getTime();
  return d as unknown as AuditDevice;
}

function serialized(error: AppError): { code: ErrorCode; message: string } {
  return { code: error.code, message: error.message };
}

/** A fresh run record. */
export function newAuditRun(input: {
  id: string;
  poolId: string;
  endpoint: string;
  now: number;
  estimatedUsers?: number;
}): AuditRun {
  return {
    id: input.id,
    poolId: input.poolId,
    endpoint: input.endpoint,
    state: 'running',
    listingDone: false,
    pendingUsers: [],
    usersDone: 0,
    devicesFound: 0,
    pagesRead: 0,
    reads: 0,
    listingRestarts: 0,
    ...(input.estimatedUsers === undefined ? {} : { estimatedUsers: input.estimatedUsers }),
    startedAt: input.now,
    updatedAt: input.now,
  };
}

interface Active {
  readonly controller: AbortController;
  readonly done: Promise<AuditRun>;
  readonly startedAt: number;
  readonly users0: number;
  readonly reads0: number;
  /** The latest checkpoint seen by the crawl. */
  readonly entry: { last: AuditRun };
}

/** Create the crawler over a store. */
export function createAuditRunner(options: AuditRunnerOptions): AuditRunner {
  const { store } = options;
  const now = options.now ?? Date.now;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const sleep: Sleep =
    options.sleep ??
    ((ms, signal) =>
      new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      }));
  const active = new Map<string, Active>();

  async function mustGet(id: string): Promise<AuditRun> {
    const run = await store.getRun(id);
    if (!run) throw new AppError('ERR_ADMIN_AUDIT_NOT_FOUND', undefined, { details: { field: 'runId' } });
    return run;
  }

  /** Crawl until the run is done, stopped, or fails; then write its final state (except when abandoned). */
  async function drive(id: string, signal: AbortSignal, entry: { last: AuditRun }): Promise<AuditRun> {
    const initial = await mustGet(id);
    const poolId = initial.poolId;
    const seen = (run: AuditRun) => {
      entry.last = run;
      options.onChange?.(run);
    };
    let fatal: AppError | undefined;
    const stopped = () => signal.aborted || fatal !== undefined;
    const transient = async (error: AppError): Promise<boolean> => {
      if (!TRANSIENT.has(error.code)) return false;
      options.onDeferred?.(error.code);
      await sleep(retryDelayMs, signal);
      return true;
    };
    const fail = (error: unknown) => {
      const appError = toAppError(error);
      if (signal.aborted && appError.code === 'ERR_ABORTED') return;
      fatal ??= appError;
    };

    try {
      const client = await options.client(initial);
      const queue: AuditPendingUser[] = [...initial.pendingUsers];
      const lowWater = concurrency * 2;
      let listing: Promise<void> | undefined;
      let listingDone = initial.listingDone;

      const readPage = async () => {
        const current = await mustGet(id);
        if (current.listingDone) {
          listingDone = true;
          return;
        }
        let page: Awaited<ReturnType<CognitoClient['listUsers']>>;
        try {
          page = await client.listUsers({
            userPoolId: poolId,
            limit: AUDIT_PAGE_SIZE,
            paginationToken: current.nextPageToken,
            signal,
          });
        } catch (error) {
          const appError = toAppError(error);
          const staleToken =
            current.nextPageToken !== undefined &&
            (appError.code === 'ERR_COGNITO_INVALID_PARAMETER' || appError.code === 'ERR_INVALID_PAGINATION_TOKEN');
          if (staleToken) {
            seen(await store.restartListing(id, now()));
            return;
          }
          if (signal.aborted || (await transient(appError))) return;
          throw appError;
        }
        const { run, added } = await store.checkpointPage(id, {
          users: page.users.map(toPending),
          nextPageToken: page.paginationToken,
          now: now(),
        });
        listingDone = run.listingDone;
        queue.push(...added);
        seen(run);
      };
      const refill = (): Promise<void> => {
        listing ??= readPage()
          .catch(fail)
          .finally(() => {
            listing = undefined;
          });
        return listing;
      };

      const crawl = async (user: AuditPendingUser) => {
        const devices: AuditDevice[] = [];
        let reads = 0;
        let gone = false;
        try {
          let token: string | undefined;
          do {
            const page = await client.adminListDevices({
              userPoolId: poolId,
              username: user.username,
              limit: AUDIT_PAGE_SIZE,
              paginationToken: token,
              signal,
            });
            reads++;
            for (const device of page.devices) devices.push(toAuditDevice(device));
            token = page.paginationToken;
          } while (token !== undefined);
        } catch (error) {
          const appError = toAppError(error);
          if (appError.code === 'ERR_COGNITO_USER_NOT_FOUND') {
            gone = true;
            devices.length = 0;
          } else if (signal.aborted) {
            return;
          } else if (await transient(appError)) {
            queue.push(user);
            return;
          } else {
            throw appError;
          }
        }
        const result: AuditUserResult = {
          runId: id,
          ...user,
          ...(gone ? { gone: true } : {}),
          devices,
        };
        seen(await store.recordUser(result, { reads, now: now() }));
      };

      const worker = async () => {
        while (!stopped()) {
          if (queue.length < lowWater && !listingDone) void refill();
          const user = queue.shift();
          if (user) {
            await crawl(user).catch(fail);
            continue;
          }
          if (listing) {
            await listing;
            continue;
          }
          if (listingDone) return;
          await refill();
        }
      };

      // Until the checkpoint says everything is crawled; a few passes at most (a deferred user may come back late).
      for (let pass = 0; ; pass++) {
        await Promise.all(Array.from({ length: concurrency }, worker));
        if (stopped()) break;
        const run = await mustGet(id);
        if (run.listingDone && run.pendingUsers.length === 0) break;
        if (pass >= 3) throw new AppError('ERR_INTERNAL', 'The audit stopped making progress.');
        queue.splice(0, queue.length, ...run.pendingUsers);
        listingDone = run.listingDone;
      }
    } catch (error) {
      fail(error);
    }

    const reason = signal.reason as StopReason | undefined;
    if (signal.aborted && reason === 'abandon') return entry.last;
    const at = now();
    const final = await store.updateRun(id, (run) => {
      const { error: _previous, ...rest } = run;
      if (signal.aborted) return { ...rest, state: reason === 'cancel' ? 'cancelled' : 'paused', updatedAt: at };
      if (fatal) return { ...rest, state: 'failed', error: serialized(fatal), updatedAt: at };
      return { ...rest, state: 'done', updatedAt: at, finishedAt: at };
    });
    seen(final);
    return final;
  }

  function launch(run: AuditRun): Promise<AuditRun> {
    const existing = active.get(run.id);
    if (existing) return existing.done;
    const controller = new AbortController();
    const entry = { last: run };
    const done = drive(run.id, controller.signal, entry).finally(() => active.delete(run.id));
    active.set(run.id, { controller, done, startedAt: now(), users0: run.usersDone, reads0: run.reads, entry });
    return done;
  }

  async function stop(id: string, reason: 'pause' | 'cancel'): Promise<AuditRun> {
    const running = active.get(id);
    if (running) {
      running.controller.abort(reason);
      return running.done;
    }
    const run = await mustGet(id);
    if (run.state === 'done' || run.state === 'cancelled') return run;
    if (reason === 'pause' && run.state !== 'running') return run;
    return store.updateRun(id, (r) => ({
      ...r,
      state: reason === 'cancel' ? 'cancelled' : 'paused',
      updatedAt: now(),
    }));
  }

  async function resume(id: string): Promise<AuditRun> {
    const run = await mustGet(id);
    if (run.state === 'done' || run.state === 'cancelled') return run;
    if (active.has(id)) return active.get(id)?.entry.last ?? run;
    await options.check?.(run);
    if (active.has(id)) return active.get(id)?.entry.last ?? run;
    const { error: _error, ...rest } = run;
    const running = await store.updateRun(id, () => ({ ...rest, state: 'running', updatedAt: now() }));
    void launch(running);
    return running;
  }

  return {
    async start(input) {
      const run = newAuditRun({ ...input, id: crypto.randomUUID(), now: now() });
      await store.createRun(run);
      void launch(run);
      return run;
    },
    resume,
    pause: (id) => stop(id, 'pause'),
    cancel: (id) => stop(id, 'cancel'),
    async resumeInterrupted() {
      const ids: string[] = [];
      for (const run of await store.listRuns()) {
        if (run.state !== 'running' || active.has(run.id)) continue;
        try {
          await options.check?.(run);
        } catch (error) {
          const refused = serialized(toAppError(error));
          const paused = await store.updateRun(run.id, (r) =>
            r.state === 'running' ? { ...r, state: 'paused', error: refused, updatedAt: now() } : r,
          );
          options.onChange?.(paused);
          continue;
        }
        if (active.has(run.id)) continue;
        void launch(run);
        ids.push(run.id);
      }
      return ids;
    },
    whenSettled: (id) => active.get(id)?.done,
    speed(id) {
      const a = active.get(id);
      if (!a) return undefined;
      const elapsedMs = Math.max(1, now() - a.startedAt);
      return {
        elapsedMs,
        usersPerSec: ((a.entry.last.usersDone - a.users0) * 1000) / elapsedMs,
        readsPerSec: ((a.entry.last.reads - a.reads0) * 1000) / elapsedMs,
      };
    },
    async abandon() {
      const all = [...active.values()];
      for (const a of all) a.controller.abort('abandon');
      await Promise.allSettled(all.map((a) => a.done));
    },
  };
}
