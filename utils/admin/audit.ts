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
import type { Sleep } from '../cognito';
import { AppError, toAppError } from '../errors';
import type { AuditRun } from '../history/audit-types';
import { crawlRun } from './audit-crawl';
import { type AuditRunnerOptions, newAuditRun, serialized } from './audit-records';

export { AUDIT_PAGE_SIZE, type AuditRunnerOptions, newAuditRun, toAuditDevice } from './audit-records';

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
  const env = { options, store, now, concurrency, sleep, retryDelayMs, mustGet };

  async function mustGet(id: string): Promise<AuditRun> {
    const run = await store.getRun(id);
    if (!run) throw new AppError('ERR_ADMIN_AUDIT_NOT_FOUND', undefined, { details: { field: 'runId' } });
    return run;
  }

  function launch(run: AuditRun): Promise<AuditRun> {
    const existing = active.get(run.id);
    if (existing) return existing.done;
    const controller = new AbortController();
    const entry = { last: run };
    const done = crawlRun(env, run.id, controller.signal, entry).finally(() => active.delete(run.id));
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
