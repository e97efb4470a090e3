/**
 * The shape of a pool audit as IndexedDB keeps it (schema v3): one run record
 * (the checkpoint) and one result per user. Pure types, importable anywhere.
 * Identifiers, counters and device facts only: no token, no IAM secret.
 */
import type { ErrorCode } from '../errors';

/** Where an audit run stands. `running` at worker start means it was interrupted: resume it. */
export type AuditState = 'running' | 'paused' | 'cancelled' | 'done' | 'failed';

/** A user listed by ListUsers whose devices are not crawled yet. */
export interface AuditPendingUser {
  readonly username: string;
  readonly sub?: string;
  readonly status?: string;
  readonly enabled?: boolean;
}

/** The checkpoint of one audit run (store `auditRuns`, key `id`). */
export interface AuditRun {
  readonly id: string;
  readonly poolId: string;
  /** The Cognito endpoint the run reads from (not a secret). */
  readonly endpoint: string;
  readonly state: AuditState;
  /** PaginationToken of the next ListUsers page; absent before the first page and after the last. */
  readonly nextPageToken?: string;
  /** True once the last ListUsers page was read. */
  readonly listingDone: boolean;
  /** Users listed but not crawled yet (in list order). */
  readonly pendingUsers: readonly AuditPendingUser[];
  /** Distinct users whose devices are in the results store. */
  readonly usersDone: number;
  /** Devices in the results store. */
  readonly devicesFound: number;
  /** ListUsers pages read (a restarted listing counts again). */
  readonly pagesRead: number;
  /** Cognito read requests that succeeded (ListUsers + AdminListDevices pages). */
  readonly reads: number;
  /** Times the listing restarted from the first page because its pagination token no longer worked. */
  readonly listingRestarts: number;
  /** DescribeUserPool's EstimatedNumberOfUsers at the start. */
  readonly estimatedUsers?: number;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly finishedAt?: number;
  /** Why the run failed or paused itself. */
  readonly error?: { readonly code: ErrorCode; readonly message: string };
  /**
   * A finished run's devices idle for over `days` days at its end, as counted when it held `devices`
   * devices (the admin area keeps it here, utils/admin/compare-handlers.ts, so its kept audits are not
   * walked at every look; a count made at another `devicesFound` is counted again).
   */
  readonly staleAtEnd?: { readonly count: number; readonly days: number; readonly devices: number };
}

/** One device as the audit saw it (times in epoch ms). */
export interface AuditDevice {
  readonly key: string;
  /** Untrusted text: render as text only. */
  readonly name?: string;
  readonly remembered?: boolean;
  readonly lastIp?: string;
  readonly createdAt?: number;
  readonly lastModifiedAt?: number;
  readonly lastAuthenticatedAt?: number;
}

/** One user's result (store `auditResults`, key `[runId, username]`: a re-crawled user replaces itself). */
export interface AuditUserResult {
  readonly runId: string;
  readonly username: string;
  readonly sub?: string;
  readonly status?: string;
  readonly enabled?: boolean;
  /** True when the user disappeared between ListUsers and AdminListDevices. */
  readonly gone?: boolean;
  readonly devices: readonly AuditDevice[];
}
