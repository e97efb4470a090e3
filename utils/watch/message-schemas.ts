/** The schemas of the `watch.*` messages (see utils/message-validate.ts). */
import { ID } from '../message-fields';
import { boolean, integer, type ObjectFields } from '../message-validate';

export const WATCH_MESSAGE_SCHEMAS = {
  'watch.set': { sessionId: ID, on: boolean() },
  'watch.alerts': { on: boolean() },
  'watch.checkNow': { sessionId: ID },
  'watch.seen': { shown: integer(0, Number.MAX_SAFE_INTEGER) },
  'watch.stopShown': { sessionId: ID },
} as const satisfies Record<string, ObjectFields>;
