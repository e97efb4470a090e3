/**
 * An admin remediation as a durable job, run by the same runner as a user's
 * bulk run (utils/durable-runner.ts): the plan (every device: username,
 * device key, action, state, its history entry's id; identifiers only) is
 * saved before the first Cognito call and after every state change, and a new
 * worker that finds it `running` resumes it by itself.
 *
 * Where the plan lives: `local:remediationJob` (storage.local), not
 * storage.session. The admin IAM credentials live only in
 * `session:adminConnection`, which survives a service-worker stop but not a
 * browser restart. A plan in storage.session would vanish with them after a
 * restart, leaving its begun entries pending forever; in storage.local the
 * plan outlives the credentials, so a new worker that finds no credentials
 * settles every open device (not started, with the reason) and ends the job.
 * The IndexedDB history is optional (actions still run without it), so the
 * plan is not kept there. Pure.
 */
import type { Device } from '../cognito';
import { statusNow } from '../durable-runner';
import { AppError } from '../errors';
import type { FoundStatus } from '../history/types';
import type { BulkJobItem, BulkJobSnapshot, RemediationAction, RemediationItem, RemediationJob } from '../storage';

/** Why a resumed remediation could not go on (its open devices' entries say it). */
export const CREDENTIALS_GONE =
  'Admin credentials are gone: the browser restarted; sign in again and rerun the remediation.';

/** The error a new worker settles a remediation with when it finds no admin credentials. */
export function credentialsGone(): AppError {
  return new AppError('ERR_ADMIN_NOT_CONNECTED', CREDENTIALS_GONE);
}

/** The remediation's plan as the bulk runner reads it (device key as the item key). */
export function toDurable(job: RemediationJob): BulkJobSnapshot {
  return {
    id: job.id,
    sessionId: '',
    action: job.action,
    state: job.state,
    progress: { ...job.progress },
    items: job.items.map(
      (i): BulkJobItem => ({
        key: i.deviceKey,
        ...(i.deviceName === undefined ? {} : { name: i.deviceName }),
        ...(i.remembered === undefined ? {} : { remembered: i.remembered }),
        outcome: i.outcome === 'wouldRun' ? 'pending' : i.outcome,
        ...(i.errorCode === undefined ? {} : { errorCode: i.errorCode }),
        ...(i.entryId === undefined ? {} : { entryId: i.entryId }),
        ...(i.alreadyForgotten ? { alreadyForgotten: true } : {}),
      }),
    ),
    startedAt: job.startedAt,
    ...(job.finishedAt === undefined ? {} : { finishedAt: job.finishedAt }),
    ...(job.historyId === undefined ? {} : { parentId: job.historyId }),
    actor: { pool: job.poolId },
  };
}

/** The runner's snapshot back on the remediation (usernames from the plan, by device key). */
export function fromDurable(job: RemediationJob, snapshot: BulkJobSnapshot): RemediationJob {
  const byKey = new Map(snapshot.items.map((i) => [i.key, i]));
  return {
    ...job,
    state: snapshot.state,
    progress: { ...snapshot.progress },
    items: job.items.map((i): RemediationItem => {
      const s = byKey.get(i.deviceKey);
      if (!s) return i;
      return {
        username: i.username,
        ...(i.sub === undefined ? {} : { sub: i.sub }),
        deviceKey: i.deviceKey,
        ...(i.deviceName === undefined ? {} : { deviceName: i.deviceName }),
        ...(i.remembered === undefined ? {} : { remembered: i.remembered }),
        outcome: s.outcome,
        ...(s.errorCode === undefined ? {} : { errorCode: s.errorCode }),
        ...(s.entryId === undefined ? {} : { entryId: s.entryId }),
        ...(s.alreadyForgotten ? { alreadyForgotten: true } : {}),
      };
    }),
    ...(snapshot.finishedAt === undefined ? {} : { finishedAt: snapshot.finishedAt }),
    ...(snapshot.parentId === undefined ? {} : { historyId: snapshot.parentId }),
  };
}

/**
 * What AdminGetDevice shows of a device now. Unlike a user's GetDevice, whose ResourceNotFound cannot tell
 * a forgotten device from a not-remembered one (`unlisted`), AdminGetDevice lists every device of the user:
 * its ResourceNotFound means the device is gone, so the check says `forgotten`, not the unconfirmed `unlisted`.
 */
export async function adminStatusNow(
  getDevice: (key: string) => Promise<Device>,
  key: string,
): Promise<FoundStatus | undefined> {
  const found = await statusNow(getDevice, key);
  return found === 'unlisted' ? 'forgotten' : found;
}

/**
 * Whether AdminGetDevice's answer shows an in-flight call took effect (then it is not re-sent).
 * A gone device (`forgotten`; `unlisted` in plans checked before adminStatusNow said so) means a forget
 * is done, and so is a "don't remember" (a gone device is not remembered).
 */
export function adminTookEffect(action: RemediationAction, found: FoundStatus | undefined): boolean {
  if (found === 'forgotten' || found === 'unlisted') return true;
  return action === 'notRemember' && found === 'not_remembered';
}
