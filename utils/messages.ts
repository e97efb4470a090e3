/**
 * The typed messages between extension pages and the background worker.
 * One map from message type to its request and response: add an entry to
 * `MessageMap` to add a message. Pages call `sendMessage`; the background
 * answers through `createMessageRouter`, which refuses foreign senders.
 * Responses travel as an envelope so an AppError keeps its code.
 */
import { browser } from 'wxt/browser';
import type { AdminMessageMap } from './admin/messages';
import type { DeviceMessageMap } from './devices/messages';
import { AppError, deserializeError, type SerializedError, toAppError } from './errors';
import { checkRequest, type ObjectFields } from './message-validate';
import type { SessionMessageMap } from './session/messages';
import type { WatchMessageMap } from './watch/messages';

/** Every message: its request fields (without `type`) and its response; each area defines its slice. */
export interface MessageMap extends SessionMessageMap, DeviceMessageMap, AdminMessageMap, WatchMessageMap {}

export type MessageType = keyof MessageMap;
/** The request of one message type, with its `type`. */
export type RequestOf<T extends MessageType> = { type: T } & MessageMap[T]['request'];
export type ResponseOf<T extends MessageType> = MessageMap[T]['response'];
/** Any request (a discriminated union on `type`). */
export type AnyRequest = { [T in MessageType]: RequestOf<T> }[MessageType];
/** Handlers of the background, one per type (others may add theirs later). */
export type MessageHandlers = { [T in MessageType]?: (request: RequestOf<T>) => Promise<ResponseOf<T>> };

/**
 * Every message type's schema, one table: the type checker refuses a message
 * type without one. Each area defines its slice next to its messages
 * (<area>/message-schemas.ts); the worker combines them and hands them to
 * the router (background.ts), so the pages never load them.
 */
export type MessageSchemas = { readonly [T in MessageType]: ObjectFields };

/** What travels back over runtime messaging. */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** The sender facts the router checks (a subset of runtime.MessageSender). */
export interface SenderLike {
  readonly id?: string;
  readonly url?: string;
}

/**
 * The background's message handler: refuses senders that are not this
 * extension's own pages (ERR_MESSAGE_FOREIGN_SENDER), unknown types and
 * requests that do not meet their type's schema (ERR_MESSAGE_INVALID, see
 * MessageSchemas) before any handler runs; never rejects — errors come
 * back in the envelope.
 * @param options.extensionOrigin e.g. `chrome-extension://<id>/` (browser.runtime.getURL('/'))
 */
export function createMessageRouter(
  handlers: MessageHandlers,
  options: { extensionId: string; extensionOrigin: string; schemas: MessageSchemas },
): (message: unknown, sender: SenderLike) => Promise<Envelope> {
  const origin = options.extensionOrigin.endsWith('/') ? options.extensionOrigin : `${options.extensionOrigin}/`;
  return async (message, sender) => {
    try {
      if (sender.id !== options.extensionId || typeof sender.url !== 'string' || !sender.url.startsWith(origin)) {
        throw new AppError('ERR_MESSAGE_FOREIGN_SENDER');
      }
      const type = (message as { type?: unknown } | null)?.type;
      const handler =
        typeof type === 'string' && Object.hasOwn(handlers, type)
          ? (handlers[type as MessageType] as ((r: unknown) => Promise<unknown>) | undefined)
          : undefined;
      if (!handler) throw new AppError('ERR_MESSAGE_INVALID');
      // Checked against its type's schema before any handler (and so any Cognito call or lock).
      checkRequest(message, options.schemas[type as MessageType]);
      return { ok: true, value: await handler(message) };
    } catch (error) {
      return { ok: false, error: toAppError(error).toJSON() };
    }
  };
}

/** Turn an envelope back into a value, rethrowing a carried AppError. */
export function unwrapEnvelope<T>(envelope: unknown): T {
  const e = envelope as Envelope<T> | undefined;
  if (e && e.ok === true) return e.value;
  if (e && e.ok === false && e.error) throw deserializeError(e.error);
  throw new AppError('ERR_BACKGROUND_UNAVAILABLE');
}

/** Send a request to the background; resolves with its response or throws its AppError. */
export async function sendMessage<T extends MessageType>(request: RequestOf<T>): Promise<ResponseOf<T>> {
  let envelope: unknown;
  try {
    envelope = await browser.runtime.sendMessage(request);
  } catch (cause) {
    throw new AppError('ERR_BACKGROUND_UNAVAILABLE', undefined, { cause });
  }
  return unwrapEnvelope<ResponseOf<T>>(envelope);
}
