/**
 * Admin mode's message handlers with every dependency injected (credentials
 * storage, settings, the Cognito client factory, the audit store, history,
 * the worker's one pacer registry), so they unit-test with fakes. The audit,
 * the remediation and the one-user view wait in the same buckets as a user's
 * bulk run to the same endpoint (WorkerContext.pacer).
 *
 * Where requests go: the endpoint is resolved for the pool from the current
 * Settings on every use (the endpoint override is loopback only: the local
 * sandbox), and a stored audit resumes only when that still gives the
 * endpoint it started against. Every request names the connected pool.
 */
import type { CognitoClient, Device, Pacer, RetryEvent } from '../cognito';
import { resolveEndpoint } from '../cognito';
import { AppError } from '../errors';
import type { AuditStore } from '../history/audit-store';
import type { AuditRun } from '../history/audit-types';
import type { HistoryStore } from '../history/store';
import type { MessageHandlers, RequestOf } from '../messages';
import { rememberedStatus, toDeviceDto } from '../records';
import { createRecorder, loopbackOverride, type PacerScope } from '../worker/context';
import { AUDIT_PAGE_SIZE, type AuditRunner, type AuditSpeed, createAuditRunner } from './audit';
import {
  type AdminConnection,
  type AdminCredentials,
  checkAdminCredentials,
  checkPoolId,
  maskAccessKeyId,
} from './credentials';
import type { AdminConnectionStatus, AdminMessageMap, AdminPoolInfo, AuditStatus } from './messages';
import { type RemediationJob, runRemediation, selectTargets } from './remediation';
import { checkAuditFilter, computeAuditReport, exportAuditDevices, pageAuditDevices } from './report';

/** Dependencies of the admin service. */
export interface AdminServiceDeps {
  /** The `session:` storage item of the connection (credentials): get / set / clear. */
  readonly connection: {
    get(): Promise<AdminConnection | null>;
    set(value: AdminConnection): Promise<void>;
    clear(): Promise<void>;
  };
  readonly settings: () => Promise<{ endpointOverride: string }>;
  /** The worker's one pacer registry (WorkerContext.pacer). */
  readonly pacer: (scope: PacerScope) => Promise<Pacer>;
  readonly cognito: (options: {
    endpoint: string;
    credentials: AdminCredentials;
    pacer: Pacer;
    onRetry: (event: RetryEvent) => void;
  }) => CognitoClient;
  readonly auditStore: () => Promise<AuditStore>;
  /** The history log; undefined when it cannot be opened (actions still run). */
  readonly history?: () => Promise<HistoryStore | undefined>;
  /** False when the extension may not contact the endpoint yet (an optional host permission). */
  readonly hasHostAccess?: (endpoint: string) => Promise<boolean>;
  readonly now?: () => number;
  /** Users the audit crawls at once. */
  readonly auditConcurrency?: number;
}

type AdminHandlers = Required<Pick<MessageHandlers, keyof AdminMessageMap>>;

/** The admin service: handlers, and `start` (resume an interrupted audit). */
export interface AdminService {
  readonly handlers: AdminHandlers;
  start(): Promise<void>;
  /** Stop crawls without writing (worker shutdown, tests). */
  abandon(): Promise<void>;
}

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

/** Create the service. */
export function createAdminService(deps: AdminServiceDeps): AdminService {
  const now = deps.now ?? Date.now;
  let throttledRetries = 0;
  let runnerPromise: Promise<AuditRunner> | undefined;
  let job: { current: RemediationJob; controller: AbortController } | undefined;

  const history = async () => (deps.history ? deps.history() : undefined);

  const record = createRecorder(history);

  /** The endpoint Settings send a pool's requests to; the override must be loopback (the local sandbox). */
  async function endpointFor(poolId: string): Promise<string> {
    const override = loopbackOverride(await deps.settings());
    const endpoint = override || resolveEndpoint({ userPoolId: poolId });
    if (deps.hasHostAccess && !(await deps.hasHostAccess(endpoint))) {
      throw new AppError('ERR_HOST_PERMISSION_DENIED', undefined, { details: { field: 'poolId' } });
    }
    return endpoint;
  }

  async function clientFor(endpoint: string, connection: AdminConnection): Promise<CognitoClient> {
    const pacer = await deps.pacer({ endpoint });
    return deps.cognito({
      endpoint,
      credentials: connection.credentials,
      pacer,
      onRetry: (event) => {
        if (event.code === 'ERR_COGNITO_TOO_MANY_REQUESTS') throttledRetries++;
      },
    });
  }

  async function connected(): Promise<{ connection: AdminConnection; endpoint: string; client: CognitoClient }> {
    const connection = await deps.connection.get();
    if (!connection) throw new AppError('ERR_ADMIN_NOT_CONNECTED');
    const endpoint = await endpointFor(connection.poolId);
    return { connection, endpoint, client: await clientFor(endpoint, connection) };
  }

  function connectionStatus(connection: AdminConnection | null): AdminConnectionStatus {
    if (!connection) return { connected: false };
    return {
      connected: true,
      poolId: connection.poolId,
      accessKeyIdMasked: maskAccessKeyId(connection.credentials.accessKeyId),
      temporary: connection.credentials.sessionToken !== undefined,
    };
  }

  async function describe(client: CognitoClient, poolId: string, endpoint: string): Promise<AdminPoolInfo> {
    const pool = await client.describeUserPool({ userPoolId: poolId });
    return {
      poolId: pool.id,
      endpoint,
      ...(pool.name === undefined ? {} : { name: pool.name }),
      ...(pool.estimatedNumberOfUsers === undefined ? {} : { estimatedUsers: pool.estimatedNumberOfUsers }),
      ...(pool.deviceConfiguration === undefined ? {} : { deviceConfiguration: pool.deviceConfiguration }),
    };
  }

  /** A stored run crawls again only where the current Settings send its pool's requests. */
  async function checkRunEndpoint(run: AuditRun): Promise<void> {
    if ((await endpointFor(run.poolId)) !== run.endpoint) {
      throw new AppError('ERR_ADMIN_AUDIT_ENDPOINT_CHANGED', 'The audit was started against another endpoint.', {
        details: { field: 'endpoint' },
      });
    }
  }

  function runner(): Promise<AuditRunner> {
    runnerPromise ??= deps.auditStore().then((store) =>
      createAuditRunner({
        store,
        now,
        concurrency: deps.auditConcurrency,
        check: checkRunEndpoint,
        client: async (run) => {
          const connection = await deps.connection.get();
          if (!connection) throw new AppError('ERR_AWS_MISSING_CREDENTIALS');
          if (connection.poolId !== run.poolId) throw new AppError('ERR_ADMIN_NOT_CONNECTED');
          await checkRunEndpoint(run);
          return clientFor(run.endpoint, connection);
        },
      }),
    );
    return runnerPromise;
  }

  async function status(run: AuditRun): Promise<AuditStatus> {
    const read = (await deps.pacer({ endpoint: run.endpoint })).rates.UserResourceRead; // AdminListDevices' category
    return toAuditStatus(run, (await runner()).speed(run.id), read, throttledRetries);
  }

  async function mustRun(runId: string): Promise<AuditRun> {
    const run = await (await deps.auditStore()).getRun(runId);
    if (!run) throw new AppError('ERR_ADMIN_AUDIT_NOT_FOUND', undefined, { details: { field: 'runId' } });
    return run;
  }

  const handlers: AdminHandlers = {
    async 'admin.status'() {
      return connectionStatus(await deps.connection.get());
    },

    async 'admin.connect'(request: RequestOf<'admin.connect'>) {
      const poolId = checkPoolId(request.poolId);
      const credentials = checkAdminCredentials(request);
      const connection: AdminConnection = { poolId, credentials };
      const endpoint = await endpointFor(poolId);
      const pool = await describe(await clientFor(endpoint, connection), poolId, endpoint);
      await deps.connection.set(connection);
      return { status: connectionStatus(connection), pool };
    },

    async 'admin.describePool'() {
      const { connection, endpoint, client } = await connected();
      return { pool: await describe(client, connection.poolId, endpoint) };
    },

    async 'admin.forget'() {
      await deps.connection.clear();
      return connectionStatus(null);
    },

    async 'admin.users.search'(request: RequestOf<'admin.users.search'>) {
      const { connection, client } = await connected();
      const attribute = request.attribute === 'email' ? 'email' : 'username';
      const page = await client.listUsers({
        userPoolId: connection.poolId,
        filter: request.prefix ? { attribute, prefix: request.prefix } : undefined,
        limit: 20,
        paginationToken: request.paginationToken,
      });
      return {
        users: page.users.map((u) => ({
          username: u.username,
          ...(u.sub === undefined ? {} : { sub: u.sub }),
          ...(u.email === undefined ? {} : { email: u.email }),
          ...(u.status === undefined ? {} : { status: u.status }),
          ...(u.enabled === undefined ? {} : { enabled: u.enabled }),
        })),
        ...(page.paginationToken ? { paginationToken: page.paginationToken } : {}),
      };
    },

    async 'admin.devices.list'(request: RequestOf<'admin.devices.list'>) {
      const { connection, client } = await connected();
      const account = { pool: connection.poolId, username: request.username };
      const devices = await record({ action: 'admin.device.list', mode: 'admin', actor: account }, async () => {
        const all: Device[] = [];
        for await (const d of client.adminListAllDevices({ userPoolId: connection.poolId, username: request.username }))
          all.push(d);
        return all;
      });
      const log = await history();
      await log?.noteListedDevices(
        account,
        devices.map((d) => ({
          deviceKey: d.key,
          ...(d.name === undefined ? {} : { deviceName: d.name }),
          ...(d.remembered === undefined ? {} : { status: rememberedStatus(d.remembered) }),
        })),
      );
      return { devices: devices.map(toDeviceDto) };
    },

    async 'admin.device.get'(request: RequestOf<'admin.device.get'>) {
      const { connection, client } = await connected();
      const { username, deviceKey } = request;
      const device = await client.adminGetDevice({ userPoolId: connection.poolId, username, deviceKey });
      return { device: toDeviceDto(device) };
    },

    async 'admin.device.setRemembered'(request: RequestOf<'admin.device.setRemembered'>) {
      const { connection, client } = await connected();
      const { username, deviceKey, remembered } = request;
      const before = rememberedStatus(request.wasRemembered);
      await record(
        {
          action: remembered ? 'admin.device.remember' : 'admin.device.notRemember',
          mode: 'admin',
          actor: { pool: connection.poolId, username },
          target: { deviceKey, ...(request.deviceName === undefined ? {} : { deviceName: request.deviceName }) },
          ...(before === undefined ? {} : { statusBefore: before }),
        },
        () => client.adminUpdateDeviceStatus({ userPoolId: connection.poolId, username, deviceKey, remembered }),
      );
      const device = await client.adminGetDevice({ userPoolId: connection.poolId, username, deviceKey });
      return { device: toDeviceDto(device) };
    },

    async 'admin.device.forget'(request: RequestOf<'admin.device.forget'>) {
      const { connection, client } = await connected();
      const { username, deviceKey } = request;
      const before = rememberedStatus(request.wasRemembered);
      return record(
        {
          action: 'admin.device.forget',
          mode: 'admin',
          actor: { pool: connection.poolId, username },
          target: { deviceKey, ...(request.deviceName === undefined ? {} : { deviceName: request.deviceName }) },
          ...(before === undefined ? {} : { statusBefore: before }),
        },
        () => client.adminForgetDevice({ userPoolId: connection.poolId, username, deviceKey }),
      );
    },

    async 'admin.audit.start'() {
      const { connection, endpoint, client } = await connected();
      const store = await deps.auditStore();
      const running = (await store.listRuns()).find((r) => r.poolId === connection.poolId && r.state === 'running');
      if (running) throw new AppError('ERR_ADMIN_AUDIT_RUNNING');
      const pool = await describe(client, connection.poolId, endpoint);
      const run = await (await runner()).start({
        poolId: connection.poolId,
        endpoint,
        ...(pool.estimatedUsers === undefined ? {} : { estimatedUsers: pool.estimatedUsers }),
      });
      return status(run);
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
      return status(await (await runner()).pause((await mustRun(request.runId)).id));
    },
    async 'admin.audit.resume'(request: RequestOf<'admin.audit.resume'>) {
      await connected();
      return status(await (await runner()).resume((await mustRun(request.runId)).id));
    },
    async 'admin.audit.cancel'(request: RequestOf<'admin.audit.cancel'>) {
      return status(await (await runner()).cancel((await mustRun(request.runId)).id));
    },

    async 'admin.audit.report'(request: RequestOf<'admin.audit.report'>) {
      const run = await mustRun(request.runId);
      const filter = checkAuditFilter({ category: 'stale', staleDays: request.staleDays });
      return computeAuditReport(await deps.auditStore(), run.id, { now: now(), staleDays: filter.staleDays ?? 90 });
    },

    async 'admin.audit.devices'(request: RequestOf<'admin.audit.devices'>) {
      const run = await mustRun(request.runId);
      return pageAuditDevices(await deps.auditStore(), run.id, request.filter, {
        now: now(),
        limit: request.limit,
        after: request.after,
      });
    },

    async 'admin.audit.export'(request: RequestOf<'admin.audit.export'>) {
      const run = await mustRun(request.runId);
      const format = request.format === 'json' ? 'json' : 'csv';
      const content = await exportAuditDevices(await deps.auditStore(), run.id, request.filter, {
        now: now(),
        format,
        poolId: run.poolId,
      });
      const day = new Date(now()).toISOString().slice(0, 10);
      return {
        filename: `audit-${run.poolId}-${request.filter.category}-${day}.${format}`,
        mimeType: format === 'csv' ? 'text/csv' : 'application/json',
        content,
      };
    },

    async 'admin.remediation.preview'(request: RequestOf<'admin.remediation.preview'>) {
      const run = await mustRun(request.runId);
      const targets = await selectTargets(await deps.auditStore(), run.id, checkAuditFilter(request.filter), now());
      return { total: targets.length, targets };
    },

    async 'admin.remediation.start'(request: RequestOf<'admin.remediation.start'>) {
      if (job?.current.state === 'running') throw new AppError('ERR_ADMIN_BULK_RUNNING');
      job = undefined;
      if (request.action !== 'forget' && request.action !== 'notRemember') {
        throw new AppError('ERR_INVALID_INPUT', 'Unknown action.', { details: { field: 'action' } });
      }
      const run = await mustRun(request.runId);
      const filter = checkAuditFilter(request.filter);
      const store = await deps.auditStore();
      const targets = await selectTargets(store, run.id, filter, now());
      if (targets.length === 0) {
        throw new AppError('ERR_INVALID_INPUT', 'No device matches this rule.', { details: { field: 'selection' } });
      }
      // A dry run needs no credentials and calls nothing; a real one writes only to the connected pool.
      let client: CognitoClient | undefined;
      if (!request.dryRun) {
        const live = await connected();
        if (live.connection.poolId !== run.poolId) throw new AppError('ERR_ADMIN_NOT_CONNECTED');
        client = live.client;
      }
      const controller = new AbortController();
      const log = request.dryRun ? undefined : await history();
      const started = runRemediation(
        {
          id: crypto.randomUUID(),
          runId: run.id,
          poolId: run.poolId,
          action: request.action,
          dryRun: request.dryRun === true,
          filter,
          targets,
        },
        {
          client: client as CognitoClient,
          store,
          history: log,
          signal: controller.signal,
          now,
          onProgress: (current) => {
            job = { current, controller };
          },
        },
      );
      if (request.dryRun) return structuredClone(await started);
      void started.catch((error: unknown) => {
        console.warn('Remediation failed:', error instanceof AppError ? error.code : 'ERR_INTERNAL');
      });
      // runRemediation reported its first snapshot before its first await.
      const first = job as { current: RemediationJob } | undefined;
      if (!first) throw new AppError('ERR_INTERNAL');
      return structuredClone(first.current);
    },

    async 'admin.remediation.status'() {
      return job ? structuredClone(job.current) : null;
    },

    async 'admin.remediation.cancel'() {
      job?.controller.abort();
      return job ? structuredClone(job.current) : null;
    },
  };

  return {
    handlers,
    async start() {
      await (await runner()).resumeInterrupted();
    },
    async abandon() {
      if (runnerPromise) await (await runnerPromise).abandon();
    },
  };
}
