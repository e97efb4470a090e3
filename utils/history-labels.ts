/**
 * Words for history actions and outcomes, for the History page and exports'
 * readers. Pure; one place so the popup and the dashboard say the same thing.
 */
import type { DeviceStatus, FoundStatus, HistoryAction, HistoryOutcome } from './history/types';

const ACTION_LABEL: Record<HistoryAction, string> = {
  'device.list': 'Listed devices',
  'device.remember': 'Remembered device',
  'device.notRemember': 'Stopped remembering device',
  'device.forget': 'Forgot device',
  'admin.device.list': 'Listed a user’s devices',
  'admin.device.remember': 'Remembered device',
  'admin.device.notRemember': 'Stopped remembering device',
  'admin.device.forget': 'Forgot device',
  'bulk.run': 'Bulk action',
  'audit.run': 'Pool audit',
  'session.import': 'Imported session',
  'session.signIn': 'Signed in',
  'session.signOut': 'Signed out',
  'session.globalSignOut': 'Signed out everywhere',
  'session.refresh': 'Refreshed session',
  'token.verifyFailed': 'Token verification failed',
  'watch.newDevice': 'Watch: new device signed in',
  'watch.newIp': 'Watch: sign-in from a new IP',
  'watch.signedIn': 'Watch: known device signed in',
  'watch.gone': 'Watch: device removed elsewhere',
};

/** The words for an action. */
export function describeAction(action: HistoryAction): string {
  return ACTION_LABEL[action];
}

/** Every action with its words, for filter menus. */
export const ACTION_OPTIONS = Object.entries(ACTION_LABEL).map(([value, label]) => ({
  value: value as HistoryAction,
  label,
}));

const OUTCOME: Record<HistoryOutcome, { label: string; badge: string }> = {
  pending: { label: 'Pending', badge: 'badge-neutral' },
  ok: { label: 'Succeeded', badge: 'badge-ok' },
  failed: { label: 'Failed', badge: 'badge-danger' },
  interrupted: { label: 'Interrupted', badge: 'badge-warn' },
};

/** The words and badge style of an outcome. */
export function describeOutcome(outcome: HistoryOutcome): { label: string; badge: string } {
  return OUTCOME[outcome];
}

/** What the check of a device found after the worker stopped mid-call, in words (utils/history/types.ts). */
export const FOUND_WORDS: Record<FoundStatus, string> = {
  remembered: 'Cognito shows the device remembered.',
  not_remembered: 'Cognito shows the device not remembered.',
  forgotten: 'Cognito no longer has the device (forgotten).',
  unlisted: 'Cognito no longer lists the device as remembered (it is not remembered, or forgotten).',
};

/** A device status in words (the stored value stays `not_remembered`, as in exports). */
export const STATUS_WORDS: Record<DeviceStatus, string> = {
  remembered: 'Remembered',
  not_remembered: 'Not remembered',
  forgotten: 'Forgotten',
};

/** A status change in words ("Remembered → Not remembered") and as stored, for a tooltip; "?" when a side is unknown. */
export function describeStatusChange(
  before: DeviceStatus | undefined,
  after: DeviceStatus | undefined,
): { words: string; raw: string } {
  return {
    words: `${before ? STATUS_WORDS[before] : '?'} → ${after ? STATUS_WORDS[after] : '?'}`,
    raw: `${before ?? '?'} → ${after ?? '?'}`,
  };
}
