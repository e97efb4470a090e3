/** The schemas of the `watch.*` messages (see utils/message-validate.ts). */
import { ID } from '../message-fields';
import { boolean, type ObjectFields } from '../message-validate';

export const WATCH_MESSAGE_SCHEMAS = {
  'watch.set': { sessionId: ID, on: boolean() },
  'watch.alerts': { on: boolean() },
  'watch.checkNow': { sessionId: ID },
  'watch.seen': {},
  'watch.stopShown': { sessionId: ID },
} as const satisfies Record<string, ObjectFields>;
