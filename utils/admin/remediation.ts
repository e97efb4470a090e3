/**
 * Bulk remediation from an audit: select devices by rule (the report's
 * filters: stale > N days, never authenticated, not remembered, by IP),
 * preview the exact list, then not-remember or forget them under the write
 * quota (runBulk + the admin client's pacer), a history entry per device
 * under one `bulk.run` parent, and the results mirrored into the audit.
 * A dry run calls nothing and records nothing: it shows what would happen.
 */

import { runBulk } from '../bulk';
import type { CognitoClient } from '../cognito';
import { AppError, toAppError } from '../errors';
import type { AuditStore } from '../history/audit-store';
import type { HistoryStore } from '../history/store';
import type { RemediationItem, RemediationJob } from '../storage';
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
  /** Devices at once (default 6, enough to keep 25/s going); the pacer sets the rate. */
  readonly concurrency?: number;
}

/** Run (or dry-run) a remediation over the selected targets; resolves with the finished job. */
export async function runRemediation(
  job: Omit<RemediationJob, 'items' | 'state' | 'progress' | 'startedAt'> & { readonly targets: RemediationTarget[] },
  deps: RemediationDeps,
): Promise<RemediationJob> {
  const now = deps.now ?? Date.now;
  const { targets, ...rest } = job;
  const total = targets.length;
  const state: RemediationJob = {
    ...rest,
    state: 'running',
    progress: { total, done: 0, ok: 0, failed: 0, rate: 0 },
    items: targets.map((t) => ({
      username: t.username,
      deviceKey: t.deviceKey,
      ...(t.deviceName === undefined ? {} : { deviceName: t.deviceName }),
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
    return state;
  }

  const { client, history, store } = deps;
  const byKey = new Map(targets.map((t, i) => [t.deviceKey, i]));
  const historyAction = job.action === 'forget' ? 'admin.device.forget' : 'admin.device.notRemember';
  const parentId = history
    ? await history.begin({ action: 'bulk.run', mode: 'admin', actor: { pool: job.poolId } })
    : undefined;
  state.historyId = parentId;

  const perform = async (deviceKey: string, signal?: AbortSignal) => {
    const index = byKey.get(deviceKey) as number;
    const target = targets[index] as RemediationTarget;
    const call = async () =>
      job.action === 'forget'
        ? client.adminForgetDevice({ userPoolId: job.poolId, username: target.username, deviceKey, signal })
        : client
            .adminUpdateDeviceStatus({
              userPoolId: job.poolId,
              username: target.username,
              deviceKey,
              remembered: false,
              signal,
            })
            .then(() => ({ alreadyForgotten: false }));
    const draft = {
      action: historyAction,
      mode: 'admin',
      actor: { pool: job.poolId, username: target.username, ...(target.sub ? { sub: target.sub } : {}) },
      target: { deviceKey, ...(target.deviceName === undefined ? {} : { deviceName: target.deviceName }) },
      ...(target.remembered === undefined
        ? {}
        : { statusBefore: target.remembered ? ('remembered' as const) : ('not_remembered' as const) }),
      ...(parentId === undefined ? {} : { parentId }),
    } as const;
    const item = state.items[index] as RemediationItem;
    try {
      const result = history ? await history.recordAction(draft, call) : await call();
      item.outcome = 'ok';
      if (result.alreadyForgotten) item.alreadyForgotten = true;
      await store.updateDevice(
        job.runId,
        target.username,
        deviceKey,
        job.action === 'forget' ? { kind: 'forgotten' } : { kind: 'remembered', value: false },
      );
      return result;
    } catch (error) {
      const appError = toAppError(error);
      if (!(appError.code === 'ERR_ABORTED' && signal?.aborted)) {
        item.outcome = 'failed';
        item.errorCode = appError.code;
      }
      throw appError;
    }
  };

  const results = await runBulk(
    interleaveByUser(targets).map((t) => t.deviceKey),
    perform,
    {
      concurrency: deps.concurrency ?? 6,
      signal: deps.signal,
      now,
      onProgress: (progress) => {
        state.progress = progress;
        deps.onProgress?.(state);
      },
    },
  );
  for (const r of results)
    if (r.outcome === 'cancelled') (state.items[byKey.get(r.key) as number] as RemediationItem).outcome = 'cancelled';
  state.state = deps.signal?.aborted ? 'cancelled' : 'done';
  state.finishedAt = now();
  if (history && parentId !== undefined) {
    const { ok, failed } = state.progress;
    const firstError = state.items.find((i) => i.outcome === 'failed')?.errorCode;
    await history.complete(
      parentId,
      failed > 0 && firstError
        ? {
            outcome: 'failed',
            error: { code: firstError, message: `${failed} of ${total} devices failed.` },
            counts: { total, ok, failed },
          }
        : { outcome: 'ok', counts: { total, ok, failed } },
    );
  }
  deps.onProgress?.(state);
  return state;
}
