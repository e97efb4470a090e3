/**
 * Field schemas that more than one area's messages use (see
 * utils/message-validate.ts): kept here, in a neutral module, so no area
 * imports another's schemas.
 */
import { CONSTRAINTS } from './cognito';
import { text } from './message-validate';

/** Session, job and run ids are UUIDs; a generous bound. */
export const ID = text(128);
/** DeviceKeyType of the model (length first, then the pattern). */
export const DEVICE_KEY = text(CONSTRAINTS.DeviceKey.max, CONSTRAINTS.DeviceKey.pattern);
/** DeviceNameType: at most 1024 code points, so at most 2048 UTF-16 code units. */
export const DEVICE_NAME = text(CONSTRAINTS.DeviceName.max * 2);
