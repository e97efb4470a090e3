/**
 * The shape of a durable bulk device run as `local:bulkJob` keeps it
 * (utils/storage.ts defines the item; utils/devices/durable-job.ts explains
 * why storage.local). Identifiers, names and counts only, never a token.
 */
import type { ErrorCode } from './errors';

/** A device action as the pages name it. */
export type DeviceAction = 'remember' | 'notRemember' | 'forget';

/** Progress of a bulk run, reported after every item. */
export interface BulkProgress {
  total: number;
  done: number;
  ok: number;
  failed: number;
  /** Items per second so far. */
  rate: number;
  /** Estimated milliseconds left, once a rate is known. */
  etaMs?: number;
}

/** One device of a bulk run and how it went. */
export interface BulkJobItem {
  key: string;
  name?: string;
  /** The device's status when the run was asked for (its entry's "before"). */
  remembered?: boolean;
  /** inFlight: sent, result not yet recorded; reconciled: a new worker checked Cognito (see durable-job.ts). */
  outcome: 'pending' | 'inFlight' | 'ok' | 'failed' | 'cancelled' | 'reconciled';
  errorCode?: ErrorCode;
  /** The item's history entry, begun before its call; a resumed run completes it. */
  entryId?: number;
  /** Forget only: an earlier attempt had already removed it. */
  alreadyForgotten?: boolean;
}

export interface BulkJobSnapshot {
  id: string;
  sessionId: string;
  action: DeviceAction;
  /** `interrupted`: the worker stopped during the run and its session had ended, so it could not resume (every
   * device still has its entry, saying why). */
  state: 'running' | 'done' | 'cancelled' | 'interrupted';
  progress: BulkProgress;
  items: BulkJobItem[];
  startedAt: number;
  finishedAt?: number;
  /** The run's `bulk.run` history entry. */
  parentId?: number;
  /** Whose devices (identifiers only): the entries of a run resumed without its session still name the account. */
  actor?: { pool: string; clientId?: string; username?: string; sub?: string };
  /** When a new worker took the run over from one that stopped (utils/durable-runner.ts). */
  resumedAt?: number;
}
