/**
 * A bulk device run as a durable job. Its plan (every device, the action, each
 * item's state) is the `local:bulkJob` storage item: written before the first
 * Cognito call and after every state change. storage.local rather than the
 * IndexedDB history because the plan is one small record (identifiers only)
 * that the pages already watch, it survives a worker stop and a browser
 * restart, and it stays usable when IndexedDB is not (the history is
 * optional; actions still run). Each item's history entry is begun before its
 * call and its id kept in the item, so a resumed run completes that same
 * entry: one entry per asked-for change. Pure.
 */
import { type DeviceStatus, type FoundStatus, impliedStatusAfter } from '../history/types';
import type { DeviceAction } from './actions';
import { HISTORY_ACTION } from './session-use';

export { type ResumePlan, resumePlan } from '../durable-runner';

/** The status an action leaves a device in. */
export function statusAfterAction(action: DeviceAction): DeviceStatus {
  // Every device action implies a status: the history's own table says which.
  return impliedStatusAfter(HISTORY_ACTION[action]) as DeviceStatus;
}

/**
 * Whether what the check found shows the in-flight call took effect (then it is not re-sent).
 * `unlisted` (a user token's GetDevice: ResourceNotFound) counts for "don't remember" only: the
 * device is no longer remembered, which is what was asked. For "forget" it may still be a tracked,
 * not-remembered device, so ForgetDevice is sent again: it is idempotent (an already forgotten
 * device is reported as such).
 */
export function tookEffect(action: DeviceAction, found: FoundStatus | undefined): boolean {
  if (action === 'notRemember' && found === 'unlisted') return true;
  return found === statusAfterAction(action);
}
