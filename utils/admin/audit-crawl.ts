/**
 * One run's crawl: the listing (ListUsers pages, restarted when a token has
 * gone stale) and a few users at a time (AdminListDevices), each step
 * checkpointed before the next; then the run's final state (nothing written
 * when abandoned, as a killed worker would).
 */
import type { CognitoClient, Sleep } from '../cognito';
import { AppError, toAppError } from '../errors';
import type { AuditStore } from '../history/audit-store';
import type { AuditDevice, AuditPendingUser, AuditRun, AuditUserResult } from '../history/audit-types';
import {
  AUDIT_PAGE_SIZE,
  type AuditRunnerOptions,
  type StopReason,
  serialized,
  TRANSIENT,
  toAuditDevice,
  toPending,
} from './audit-records';

/** What a crawl takes from its runner. */
export interface CrawlEnv {
  readonly options: AuditRunnerOptions;
  readonly store: AuditStore;
  readonly now: () => number;
  readonly concurrency: number;
  readonly sleep: Sleep;
  readonly retryDelayMs: number;
  readonly mustGet: (id: string) => Promise<AuditRun>;
}

/** Crawl until the run is done, stopped, or fails; then write its final state (except when abandoned). */
export async function crawlRun(
  env: CrawlEnv,
  id: string,
  signal: AbortSignal,
  entry: { last: AuditRun },
): Promise<AuditRun> {
  const { options, store, now, concurrency, sleep, retryDelayMs, mustGet } = env;
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
