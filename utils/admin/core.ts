/**
 * Admin mode's shared plumbing, used by each group of its handlers: where a
 * pool's requests go (the endpoint from the current Settings, the override
 * loopback only, host access), the client for the connected credentials and
 * the worker's one pacer, the connection as the page sees it, DescribeUserPool,
 * history recording, and the stored run an audit request names.
 */
import type { CognitoClient, Pacer, RetryEvent } from '../cognito';
import { resolveEndpoint } from '../cognito';
import { AppError } from '../errors';
import type { AuditStore } from '../history/audit-store';
import type { AuditRun } from '../history/audit-types';
import type { HistoryStore } from '../history/store';
import type { AuditRetention } from '../settings';
import type { AuditStatus, RemediationJob } from '../storage';
import { createRecorder, loopbackOverride, type PacerScope } from '../worker/context';
import { type AdminConnection, type AdminCredentials, maskAccessKeyId } from './credentials';
import type { AdminConnectionStatus, AdminPoolInfo } from './messages';

/** Dependencies of the admin service. */
export interface AdminServiceDeps {
  /** The `session:` storage item of the connection (credentials): get / set / clear. */
  readonly connection: {
    get(): Promise<AdminConnection | null>;
    set(value: AdminConnection): Promise<void>;
    clear(): Promise<void>;
  };
  readonly settings: () => Promise<{ endpointOverride: string; audits?: AuditRetention }>;
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
  /** Publish the audit's progress where the pages watch it (storage.session). */
  readonly publishAudit?: (status: AuditStatus | null) => Promise<void>;
  /** Save the remediation's plan and progress where the pages watch it (storage.local: remediation-job.ts). */
  readonly publishRemediation?: (job: RemediationJob | null) => Promise<void>;
  /** The saved remediation plan, if any: a new worker resumes one left running. */
  readonly currentRemediation?: () => Promise<RemediationJob | null>;
  readonly now?: () => number;
  /** Users the audit crawls at once. */
  readonly auditConcurrency?: number;
}

/** The plumbing every group of admin handlers shares. */
export interface AdminCore {
  readonly deps: AdminServiceDeps;
  readonly now: () => number;
  /** Retries the clients made after TooManyRequests since the worker started. */
  throttledRetries(): number;
  history(): Promise<HistoryStore | undefined>;
  readonly record: ReturnType<typeof createRecorder>;
  endpointFor(poolId: string): Promise<string>;
  clientFor(endpoint: string, connection: AdminConnection): Promise<CognitoClient>;
  connected(): Promise<{ connection: AdminConnection; endpoint: string; client: CognitoClient }>;
  connectionStatus(connection: AdminConnection | null): AdminConnectionStatus;
  describe(client: CognitoClient, poolId: string, endpoint: string): Promise<AdminPoolInfo>;
  /** A stored run crawls again only where the current Settings send its pool's requests. */
  checkRunEndpoint(run: AuditRun): Promise<void>;
  mustRun(runId: string): Promise<AuditRun>;
}

export function createAdminCore(deps: AdminServiceDeps): AdminCore {
  let throttled = 0;
  const history = async () => (deps.history ? deps.history() : undefined);

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
        if (event.code === 'ERR_COGNITO_TOO_MANY_REQUESTS') throttled++;
      },
    });
  }

  return {
    deps,
    now: deps.now ?? Date.now,
    throttledRetries: () => throttled,
    history,
    record: createRecorder(history),
    endpointFor,
    clientFor,
    async connected() {
      const connection = await deps.connection.get();
      if (!connection) throw new AppError('ERR_ADMIN_NOT_CONNECTED');
      const endpoint = await endpointFor(connection.poolId);
      return { connection, endpoint, client: await clientFor(endpoint, connection) };
    },
    connectionStatus(connection) {
      if (!connection) return { connected: false };
      return {
        connected: true,
        poolId: connection.poolId,
        accessKeyIdMasked: maskAccessKeyId(connection.credentials.accessKeyId),
        temporary: connection.credentials.sessionToken !== undefined,
      };
    },
    async describe(client, poolId, endpoint) {
      const pool = await client.describeUserPool({ userPoolId: poolId });
      return {
        poolId: pool.id,
        endpoint,
        ...(pool.name === undefined ? {} : { name: pool.name }),
        ...(pool.estimatedNumberOfUsers === undefined ? {} : { estimatedUsers: pool.estimatedNumberOfUsers }),
        ...(pool.deviceConfiguration === undefined ? {} : { deviceConfiguration: pool.deviceConfiguration }),
      };
    },
    async checkRunEndpoint(run) {
      if ((await endpointFor(run.poolId)) !== run.endpoint) {
        throw new AppError('ERR_ADMIN_AUDIT_ENDPOINT_CHANGED', 'The audit was started against another endpoint.', {
          details: { field: 'endpoint' },
        });
      }
    },
    async mustRun(runId) {
      const run = await (await deps.auditStore()).getRun(runId);
      if (!run) throw new AppError('ERR_ADMIN_AUDIT_NOT_FOUND', undefined, { details: { field: 'runId' } });
      return run;
    },
  };
}

/**
 * A publisher that writes the latest value, one write at a time: a value
 * given while a write is on its way is written after it (values in between
 * are dropped, never reordered). No timer.
 */
export function latestWriter<T>(write: ((value: T) => Promise<void>) | undefined): (value: T) => void {
  let writing = false;
  let next: { value: T } | undefined;
  const drain = async () => {
    writing = true;
    while (next) {
      const { value } = next;
      next = undefined;
      await write?.(value).catch(() => undefined);
    }
    writing = false;
  };
  return (value) => {
    if (!write) return;
    next = { value };
    if (!writing) void drain();
  };
}
