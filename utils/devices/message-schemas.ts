/**
 * The schemas of the `devices.*` messages (see utils/message-validate.ts).
 * A bulk run is capped at MAX_BULK_DEVICES: its progress lives in
 * storage.session, and at one user's 10 writes/s a thousand devices already
 * take minutes.
 */
import { DEVICE_KEY, DEVICE_NAME, ID } from '../message-fields';
import { boolean, list, type ObjectFields, object, oneOf, optional } from '../message-validate';
import type { DeviceAction } from './actions';

/** The most devices one bulk action takes. */
export const MAX_BULK_DEVICES = 1000;

const DEVICE_ACTIONS: readonly DeviceAction[] = ['remember', 'notRemember', 'forget'];
const DEVICE_TARGET = object({ key: DEVICE_KEY, name: optional(DEVICE_NAME), remembered: optional(boolean()) });
const ACTION = oneOf(DEVICE_ACTIONS);

export const DEVICE_MESSAGE_SCHEMAS = {
  'devices.list': { sessionId: optional(ID) },
  'devices.act': { sessionId: optional(ID), device: DEVICE_TARGET, action: ACTION },
  'devices.bulkStart': {
    sessionId: optional(ID),
    devices: list(DEVICE_TARGET, MAX_BULK_DEVICES, 'ERR_BULK_TOO_LARGE'),
    action: ACTION,
  },
  'devices.bulkCancel': { jobId: ID },
} as const satisfies Record<string, ObjectFields>;
