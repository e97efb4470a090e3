/**
 * The audit's pieces shared by the crawl and the runner: the page size, which
 * errors are tried again later, the runner's options, and the records it
 * writes (a fresh run, a pending user, a stored device).
 */
import type { CognitoClient, Device, PoolUser, Sleep } from '../cognito';
import type { AppError, ErrorCode } from '../errors';
import type { AuditStore } from '../history/audit-store';
import type { AuditDevice, AuditPendingUser, AuditRun } from '../history/audit-types';

/** Cognito's largest page (QueryLimitType, max 60). */
export const AUDIT_PAGE_SIZE = 60;

/** Errors worth another try later rather than failing the run. */
export const TRANSIENT: ReadonlySet<ErrorCode> = new Set([
  'ERR_COGNITO_TOO_MANY_REQUESTS',
  'ERR_COGNITO_INTERNAL',
  'ERR_COGNITO_LIMIT_EXCEEDED',
  'ERR_NETWORK',
  'ERR_TIMEOUT',
  'ERR_BAD_RESPONSE',
]);

/** Why a drive stops early: pause and cancel write their state; `abandon` writes nothing (a killed worker). */
export type StopReason = 'pause' | 'cancel' | 'abandon';

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

export function toPending(user: PoolUser): AuditPendingUser {
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

export function serialized(error: AppError): { code: ErrorCode; message: string } {
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
