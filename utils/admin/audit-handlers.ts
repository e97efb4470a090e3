/**
 * Admin mode's audit handlers: start / pause / resume / cancel a pool audit
 * (the runner crawls in the background), its status, the report, paged
 * devices and exports (in chunks, audit-export.ts). Progress is published one way: every checkpoint of a
 * run goes to the `session:auditProgress` item the Admin page watches.
 */
import { AppError } from '../errors';
import type { AuditRun } from '../history/audit-types';
import type { MessageHandlers, RequestOf } from '../messages';
import { AUDIT_PAGE_SIZE, type AuditRunner, type AuditSpeed, createAuditRunner } from './audit';
import { exportAuditChunk } from './audit-export';
import { auditsToDrop } from './audit-retention';
import { type AdminCore, latestWriter } from './core';
import type { AuditStatus } from './messages';
import { checkAuditFilter, computeAuditReport, pageAuditDevices } from './report';

type AuditHandlers = Required<
  Pick<
    MessageHandlers,
    | 'admin.audit.start'
    | 'admin.audit.status'
    | 'admin.audit.pause'
    | 'admin.audit.resume'
    | 'admin.audit.cancel'
    | 'admin.audit.report'
    | 'admin.audit.devices'
    | 'admin.audit.export'
  >
>;

/** The page's view of a run. */
export function toAuditStatus(
  run: AuditRun,
  speed: AuditSpeed | undefined,
  readQuota: number,
  throttledRetries: number,
): AuditStatus {
  const { pendingUsers, nextPageToken: _token, ...rest } = run;
  const known = run.usersDone + pendingUsers.length;
  const totalExact = run.listingDone;
  const totalUsers = totalExact ? known : Math.max(run.estimatedUsers ?? 0, known + AUDIT_PAGE_SIZE);
  const usersPerSec = run.state === 'running' ? (speed?.usersPerSec ?? 0) : 0;
  return {
    run: { ...rest, pendingCount: pendingUsers.length },
    totalUsers,
    totalExact,
    usersPerSec,
    readsPerSec: run.state === 'running' ? (speed?.readsPerSec ?? 0) : 0,
    readQuota,
    ...(usersPerSec > 0 ? { etaMs: Math.round(((totalUsers - run.usersDone) / usersPerSec) * 1000) } : {}),
    throttledRetries,
  };
}

/** The audit part of the admin service: its handlers, the runner, and the runs' published progress. */
export function auditPart(core: AdminCore): {
  handlers: AuditHandlers;
  runner: () => Promise<AuditRunner>;
  /** Whether the runner was made (opened the audit store). */
  made: () => boolean;
} {
  const { deps } = core;
  let runnerPromise: Promise<AuditRunner> | undefined;
  const publish = latestWriter(
    deps.publishAudit ? async (run: AuditRun) => deps.publishAudit?.(await status(run)) : undefined,
  );

  function runner(): Promise<AuditRunner> {
    runnerPromise ??= deps.auditStore().then((store) =>
      createAuditRunner({
        store,
        now: core.now,
        concurrency: deps.auditConcurrency,
        check: core.checkRunEndpoint,
        client: async (run) => {
          const connection = await deps.connection.get();
          if (!connection) throw new AppError('ERR_AWS_MISSING_CREDENTIALS');
          if (connection.poolId !== run.poolId) throw new AppError('ERR_ADMIN_NOT_CONNECTED');
          await core.checkRunEndpoint(run);
          return core.clientFor(run.endpoint, connection);
        },
        onChange: publish,
      }),
    );
    return runnerPromise;
  }

  async function status(run: AuditRun): Promise<AuditStatus> {
    const read = (await deps.pacer({ endpoint: run.endpoint })).rates.UserResourceRead; // AdminListDevices' category
    return toAuditStatus(run, (await runner()).speed(run.id), read, core.throttledRetries());
  }

  /** Answer with a run's status, published too (a pause or a start is news to every page watching). */
  async function told(run: AuditRun): Promise<AuditStatus> {
    publish(run);
    return status(run);
  }

  const handlers: AuditHandlers = {
    async 'admin.audit.start'() {
      const { connection, endpoint, client } = await core.connected();
      const store = await deps.auditStore();
      const running = (await store.listRuns()).find((r) => r.poolId === connection.poolId && r.state === 'running');
      if (running) throw new AppError('ERR_ADMIN_AUDIT_RUNNING');
      // Make room for this audit in the retention Settings keep (audits of this pool only).
      const poolRuns = (await store.listRuns()).filter((r) => r.poolId === connection.poolId);
      for (const id of auditsToDrop(poolRuns, (await deps.settings()).audits, core.now(), 1)) await store.deleteRun(id);
      const pool = await core.describe(client, connection.poolId, endpoint);
      const run = await (await runner()).start({
        poolId: connection.poolId,
        endpoint,
        ...(pool.estimatedUsers === undefined ? {} : { estimatedUsers: pool.estimatedUsers }),
      });
      return told(run);
    },

    async 'admin.audit.status'(request: RequestOf<'admin.audit.status'>) {
      const store = await deps.auditStore();
      let run: AuditRun | undefined;
      if (request.runId) run = await store.getRun(request.runId);
      else {
        const connection = await deps.connection.get();
        const runs = await store.listRuns();
        run = runs.find((r) => !connection || r.poolId === connection.poolId);
      }
      return run ? status(run) : null;
    },

    async 'admin.audit.pause'(request: RequestOf<'admin.audit.pause'>) {
      return told(await (await runner()).pause((await core.mustRun(request.runId)).id));
    },
    async 'admin.audit.resume'(request: RequestOf<'admin.audit.resume'>) {
      await core.connected();
      return told(await (await runner()).resume((await core.mustRun(request.runId)).id));
    },
    async 'admin.audit.cancel'(request: RequestOf<'admin.audit.cancel'>) {
      return told(await (await runner()).cancel((await core.mustRun(request.runId)).id));
    },

    async 'admin.audit.report'(request: RequestOf<'admin.audit.report'>) {
      const run = await core.mustRun(request.runId);
      const filter = checkAuditFilter({ category: 'stale', staleDays: request.staleDays });
      return computeAuditReport(await deps.auditStore(), run.id, {
        now: core.now(),
        staleDays: filter.staleDays ?? 90,
      });
    },

    async 'admin.audit.devices'(request: RequestOf<'admin.audit.devices'>) {
      const run = await core.mustRun(request.runId);
      return pageAuditDevices(await deps.auditStore(), run.id, request.filter, {
        now: core.now(),
        limit: request.limit,
        after: request.after,
      });
    },

    async 'admin.audit.export'(request: RequestOf<'admin.audit.export'>) {
      const run = await core.mustRun(request.runId);
      const format = request.format === 'json' ? 'json' : 'csv';
      // The first chunk fixes the export's time; the page sends it back with the cursor.
      const asOf = request.asOf ?? core.now();
      const chunk = await exportAuditChunk(await deps.auditStore(), run.id, request.filter, {
        format,
        poolId: run.poolId,
        cursor: { asOf, count: request.count ?? 0, ...(request.after === undefined ? {} : { after: request.after }) },
      });
      const day = new Date(asOf).toISOString().slice(0, 10);
      return {
        ...chunk,
        filename: `audit-${run.poolId}-${request.filter.category}-${day}.${format}`,
        mimeType: format === 'csv' ? 'text/csv' : 'application/json',
      };
    },
  };
  return { handlers, runner, made: () => runnerPromise !== undefined };
}
