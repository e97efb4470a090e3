/**
 * Every message type's schema, one table: the type checker refuses a message
 * type without one. The router checks each request against it before its
 * handler runs (utils/messages.ts → `validateRequest`).
 */
import { ADMIN_MESSAGE_SCHEMAS } from './admin/message-schemas';
import { DEVICE_MESSAGE_SCHEMAS } from './devices/message-schemas';
import { checkRequest, type ObjectFields } from './message-validate';
import type { MessageType } from './messages';
import { SESSION_MESSAGE_SCHEMAS } from './session/message-schemas';

export const MESSAGE_SCHEMAS: { readonly [T in MessageType]: ObjectFields } = {
  ...SESSION_MESSAGE_SCHEMAS,
  ...DEVICE_MESSAGE_SCHEMAS,
  ...ADMIN_MESSAGE_SCHEMAS,
};

/** Check a request of a known type against its schema. @throws AppError ERR_MESSAGE_INVALID (or ERR_BULK_TOO_LARGE) */
export function validateRequest(type: MessageType, message: unknown): void {
  checkRequest(message, MESSAGE_SCHEMAS[type]);
}
