import type { AuditRun } from '../../../utils/history/audit-types';

/** Admin mode's connection item as a test keeps it: in memory, readable by the test. */
export function memoryConnection() {
  let kept: unknown = null;
  return {
    kept: () => kept,
    connection: {
      get: async () => kept as never,
      set: async (value: unknown) => {
        kept = value;
      },
      clear: async () => {
        kept = null;
      },
    },
  };
}

/** A stored audit run of the demo pool, listed to its end, at `at` (epoch ms); `patch` overrides. */
export function auditRunAt(id: string, at: number, patch: Partial<AuditRun> = {}): AuditRun {
  return {
    id,
    poolId: 'us-east-1_Demo1',
    endpoint: 'http://127.0.0.1:9/',
    state: 'done',
    listingDone: true,
    pendingUsers: [],
    usersDone: 0,
    devicesFound: 0,
    pagesRead: 1,
    reads: 1,
    listingRestarts: 0,
    startedAt: at,
    updatedAt: at,
    ...patch,
  };
}
