/**
 * Bulk remediation from an audit: select devices by rule (the report's
 * filters: stale > N days, never authenticated, not remembered, by IP),
 * preview the exact list, then not-remember or forget them under the write
 * quota (runBulk + the admin client's pacer), a history entry per device
 * under one `bulk.run` parent, and the results mirrored into the audit. A
 * real run is a durable job (remediation-job.ts): it survives a worker stop.
 * A dry run calls nothing and records nothing: it shows what would happen.
 */

import type { CognitoClient } from '../cognito';
import { runDurableJob } from '../durable-runner';
import { AppError, toAppError } from '../errors';
import type { AuditStore } from '../history/audit-store';
import type { HistoryStore } from '../history/store';
import type { RemediationAction, RemediationItem, RemediationJob } from '../storage';
import { adminStatusNow, adminTookEffect, fromDurable, toDurable } from './remediation-job';
import { type AuditFilter, walkMatchingDevices } from './report';

export type { RemediationAction, RemediationItem, RemediationJob } from '../storage';

/** One selected device. */
export interface RemediationTarget {
  readonly username: string;
  readonly sub?: string;
  readonly deviceKey: string;
  /** Untrusted text: render as text only. */
  readonly deviceName?: string;
  readonly remembered?: boolean;
  readonly lastAuthenticatedAt?: number;
  readonly lastIp?: string;
}

/** The most devices one remediation may select. */
export const MAX_REMEDIATION_TARGETS = 10_000;

/** Select the devices a rule matches, in username order. Throws ERR_INVALID_INPUT above the cap. */
export async function selectTargets(
  store: AuditStore,
  runId: string,
  filter: AuditFilter,
  now: number,
): Promise<RemediationTarget[]> {
  const targets: RemediationTarget[] = [];
  await walkMatchingDevices(store, runId, filter, now, ({ username, sub, device }) => {
    targets.push({
      username,
      ...(sub ? { sub } : {}),
      deviceKey: device.key,
      ...(device.name === undefined ? {} : { deviceName: device.name }),
      ...(device.remembered === undefined ? {} : { remembered: device.remembered }),
      ...(device.lastAuthenticatedAt === undefined ? {} : { lastAuthenticatedAt: device.lastAuthenticatedAt }),
      ...(device.lastIp === undefined ? {} : { lastIp: device.lastIp }),
    });
    if (targets.length > MAX_REMEDIATION_TARGETS) {
      throw new AppError('ERR_INVALID_INPUT', `Select at most ${MAX_REMEDIATION_TARGETS} devices at once.`, {
        details: { field: 'selection' },
      });
    }
    return true;
  });
  return targets;
}

/**
 * The order a remediation runs in: one device of each user in turn (round-robin), so consecutive
 * requests name different users. Cognito allows 10 writes/s for one user but 25/s for the
 * account: run in username order, a user's third device would wait for that user's bucket while
 * the account's rate goes unused.
 */
export function interleaveByUser<T extends { readonly username: string }>(targets: readonly T[]): T[] {
  const byUser = new Map<string, T[]>();
  for (const t of targets) {
    const list = byUser.get(t.username);
    if (list) list.push(t);
    else byUser.set(t.username, [t]);
  }
  const queues = [...byUser.values()];
  const out: T[] = [];
  for (let round = 0; out.length < targets.length; round++)
    for (const q of queues) if (round < q.length) out.push(q[round] as T);
  return out;
}

/** Dependencies of `runRemediation`. */
export interface RemediationDeps {
  readonly client: CognitoClient;
  readonly store: AuditStore;
  readonly history?: HistoryStore;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  /** Told after every device. */
  readonly onProgress?: (job: RemediationJob) => void;
  /** Write the durable plan (awaited, in order): before the first call and after every state change. */
  readonly save?: (job: RemediationJob) => Promise<void>;
  /** Devices at once (default 6, enough to keep 25/s going); the pacer sets the rate. */
  readonly concurrency?: number;
  /** Set when a resumed run cannot go on (no admin credentials): every open device is settled with it. */
  readonly ended?: AppError;
}

/** Run (or dry-run) a remediation over the selected targets; resolves with the finished job. */
export async function runRemediation(
  job: Omit<RemediationJob, 'items' | 'state' | 'progress' | 'startedAt'> & { readonly targets: RemediationTarget[] },
  deps: RemediationDeps,
): Promise<RemediationJob> {
  const now = deps.now ?? Date.now;
  const { targets, ...rest } = job;
  const total = targets.length;
  // The plan's order is the run's: one device of each user in turn.
  const state: RemediationJob = {
    ...rest,
    state: 'running',
    progress: { total, done: 0, ok: 0, failed: 0, rate: 0 },
    items: (job.dryRun ? targets : interleaveByUser(targets)).map((t) => ({
      username: t.username,
      ...(t.sub ? { sub: t.sub } : {}),
      deviceKey: t.deviceKey,
      ...(t.deviceName === undefined ? {} : { deviceName: t.deviceName }),
      ...(t.remembered === undefined ? {} : { remembered: t.remembered }),
      outcome: job.dryRun ? 'wouldRun' : 'pending',
    })),
    startedAt: now(),
  };
  deps.onProgress?.(state);
  if (job.dryRun) {
    state.state = 'done';
    state.progress = { total, done: total, ok: 0, failed: 0, rate: 0 };
    state.finishedAt = now();
    deps.onProgress?.(state);
    await deps.save?.(structuredClone(state));
    return state;
  }
  await deps.save?.(structuredClone(state));
  return driveRemediation(state, deps);
}

/**
 * Run a saved remediation plan to its end with the bulk runner (utils/durable-runner.ts):
 * a new plan, or one a stopped worker left `running` (remediation-job.ts): pending devices are
 * run, in-flight ones checked with AdminGetDevice before anything is re-sent.
 */
export async function driveRemediation(plan: RemediationJob, deps: RemediationDeps): Promise<RemediationJob> {
  const now = deps.now ?? Date.now;
  const { client, history, store } = deps;
  const byKey = new Map(plan.items.map((i) => [i.deviceKey, i]));
  const itemOf = (deviceKey: string) => byKey.get(deviceKey) as RemediationItem;
  const historyAction = plan.action === 'forget' ? 'admin.device.forget' : 'admin.device.notRemember';
  let current = plan;
  await runDurableJob(toDurable(plan), {
    history,
    draftOf: (device, parentId) => {
      const item = itemOf(device.key);
      return {
        action: historyAction,
        mode: 'admin',
        actor: { pool: plan.poolId, username: item.username, ...(item.sub ? { sub: item.sub } : {}) },
        target: {
          deviceKey: item.deviceKey,
          ...(item.deviceName === undefined ? {} : { deviceName: item.deviceName }),
        },
        ...(item.remembered === undefined
          ? {}
          : { statusBefore: item.remembered ? ('remembered' as const) : ('not_remembered' as const) }),
        ...(parentId === undefined ? {} : { parentId }),
      };
    },
    parentDraft: () => ({ action: 'bulk.run', mode: 'admin', actor: { pool: plan.poolId } }),
    call: async ({ key: deviceKey }) => {
      const input = { userPoolId: plan.poolId, username: itemOf(deviceKey).username, deviceKey };
      if (plan.action === 'forget') return client.adminForgetDevice(input);
      await client.adminUpdateDeviceStatus({ ...input, remembered: false });
      return { alreadyForgotten: false };
    },
    check: (deviceKey) =>
      adminStatusNow(
        (key) => client.adminGetDevice({ userPoolId: plan.poolId, username: itemOf(key).username, deviceKey: key }),
        deviceKey,
      ),
    onDone: ({ key: deviceKey }) =>
      store
        .updateDevice(
          plan.runId,
          itemOf(deviceKey).username,
          deviceKey,
          plan.action === 'forget' ? { kind: 'forgotten' } : { kind: 'remembered', value: false },
        )
        .catch((error: unknown) => console.warn(`Audit store: ${toAppError(error).code}`)),
    save: async (snapshot) => {
      current = fromDurable(plan, snapshot);
      deps.onProgress?.(current);
      await deps.save?.(structuredClone(current));
    },
    signal: deps.signal ?? new AbortController().signal,
    now,
    tookEffect: (action, found) => adminTookEffect(action as RemediationAction, found),
    concurrency: deps.concurrency ?? 6,
    ...(deps.ended ? { ended: deps.ended } : {}),
  });
  return current;
}

/**
 * A remediation's summary: done (a device checked after a worker stop and found changed is done too,
 * counted apart as `reconciled`), failed, cancelled. Pure.
 */
export function remediationCounts(items: readonly Pick<RemediationItem, 'outcome'>[]): {
  ok: number;
  reconciled: number;
  failed: number;
  cancelled: number;
} {
  const counts = { ok: 0, reconciled: 0, failed: 0, cancelled: 0 };
  for (const { outcome } of items) {
    if (outcome === 'ok' || outcome === 'reconciled') counts.ok++;
    if (outcome === 'reconciled') counts.reconciled++;
    if (outcome === 'failed') counts.failed++;
    if (outcome === 'cancelled') counts.cancelled++;
  }
  return counts;
}
