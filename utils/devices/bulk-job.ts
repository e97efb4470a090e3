/**
 * The snapshot of a bulk device action that the background worker publishes
 * (storage.session) and the pages display. Identifiers and counts only.
 */
import type { ErrorCode } from '../errors';
import type { DeviceAction } from './actions';
import type { BulkProgress } from './bulk';

/** One device of a bulk run and how it went. */
export interface BulkJobItem {
  key: string;
  name?: string;
  outcome: 'pending' | 'ok' | 'failed' | 'cancelled';
  errorCode?: ErrorCode;
  /** Forget only: an earlier attempt had already removed it. */
  alreadyForgotten?: boolean;
}

export interface BulkJobSnapshot {
  id: string;
  sessionId: string;
  action: DeviceAction;
  state: 'running' | 'done' | 'cancelled';
  progress: BulkProgress;
  items: BulkJobItem[];
  startedAt: number;
  finishedAt?: number;
}
