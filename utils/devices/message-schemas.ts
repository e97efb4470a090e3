/**
 * The schemas of the `devices.*` messages (see utils/message-validate.ts).
 * A bulk run is capped at MAX_BULK_DEVICES: its progress lives in
 * storage.session, and at one user's 10 writes/s a thousand devices already
 * take minutes.
 */
import { CONSTRAINTS } from '../cognito/constraints';
import { boolean, list, type ObjectFields, object, oneOf, optional, text } from '../message-validate';
import type { DeviceAction } from './actions';

/** The most devices one bulk action takes. */
export const MAX_BULK_DEVICES = 1000;

const DEVICE_ACTIONS: readonly DeviceAction[] = ['remember', 'notRemember', 'forget'];
/** Session and job ids are UUIDs; a generous bound. */
export const ID = text(128);
/** DeviceKeyType of the model (length first, then the pattern). */
export const DEVICE_KEY = text(CONSTRAINTS.DeviceKey.max, CONSTRAINTS.DeviceKey.pattern);
/** DeviceNameType: at most 1024 code points, so at most 2048 UTF-16 code units. */
export const DEVICE_NAME = text(CONSTRAINTS.DeviceName.max * 2);
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
