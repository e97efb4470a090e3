/**
 * Device actions as the UI names them, and their per-row progress state.
 * Pure: the background worker performs them (utils/…), the UI shows this.
 */
import type { SerializedError } from '../errors';

import type { DeviceAction } from '../storage';

export type { DeviceAction } from '../storage';

/** Button labels, one place. */
export const DEVICE_ACTION_LABEL: Record<DeviceAction, string> = {
  remember: 'Remember',
  notRemember: 'Don’t remember',
  forget: 'Forget',
};

/** What the last action on a row is doing or did. */
export type RowActionState =
  | { phase: 'pending'; action: DeviceAction }
  | { phase: 'done'; action: DeviceAction; message: string }
  | { phase: 'failed'; action: DeviceAction; error: SerializedError };

/** The actions that make sense for a device in its current state. */
export function availableActions(remembered: boolean | undefined): DeviceAction[] {
  if (remembered === true) return ['notRemember', 'forget'];
  if (remembered === false) return ['remember', 'forget'];
  return ['remember', 'notRemember', 'forget'];
}

/** The sentence shown after an action succeeded. */
export function actionDoneMessage(action: DeviceAction, alreadyForgotten = false): string {
  if (action === 'forget') return alreadyForgotten ? 'Already forgotten.' : 'Forgotten.';
  return action === 'remember' ? 'Remembered.' : 'No longer remembered.';
}
