/**
 * The typed messages between extension pages and the background worker.
 * One map from message type to its request and response: add an entry to
 * `MessageMap` to add a message. Pages call `sendMessage`; the background
 * answers through `createMessageRouter`, which refuses foreign senders.
 * Responses travel as an envelope so an AppError keeps its code.
 */
import { browser } from 'wxt/browser';
import type { AdminMessageMap } from './admin/types';
import type { DeviceAction } from './devices/actions';
import type { DeviceActionResult, DeviceListResult, DeviceTarget } from './devices/service';
import { AppError, deserializeError, type SerializedError, toAppError } from './errors';
import type { SkippedEntry } from './session/page-scan';
import type { PageCandidate, PageSessionFormat, PageStoreName } from './session/page-storage';
import type { PublicSession, TokenKind } from './session/types';

/** Every message: its request fields (without `type`) and its response. */
export interface MessageMap extends AdminMessageMap {
  'session.list': { request: Record<never, never>; response: { sessions: PublicSession[]; activeId: string | null } };
  /** Read the tab's storages and cookies; import the chosen (or only) session, or ask to choose. */
  'session.importFromTab': {
    request: {
      tabId: number;
      /** The candidate picked from a `choose` answer, with the page origin that answer showed. */
      choice?: {
        clientId: string;
        username: string;
        origin: string;
        /** Where the chosen entry was found and in which format (absent: the first match). */
        where?: PageStoreName;
        format?: PageSessionFormat;
      };
    };
    response:
      | { kind: 'imported'; session: PublicSession }
      | { kind: 'choose'; origin: string; candidates: PageCandidate[]; skipped: SkippedEntry[] };
  };
  'session.importTokens': {
    request: { accessToken: string; refreshToken?: string; idToken?: string; clientId?: string };
    response: { session: PublicSession };
  };
  'session.signIn': {
    request: { poolId?: string; clientId: string; clientSecret?: string; username: string; password: string };
    response: { session: PublicSession };
  };
  'session.setActive': { request: { id: string }; response: { activeId: string } };
  'session.refresh': { request: { id?: string }; response: { session: PublicSession } };
  'session.verify': { request: { id?: string }; response: { session: PublicSession } };
  'session.signOut': { request: { id: string }; response: { removed: string } };
  'session.globalSignOut': { request: { id: string }; response: { removed: string } };
  /** The raw value of one token of a session, for the inspector's explicit "Reveal". */
  'session.revealToken': { request: { id: string; kind: TokenKind }; response: { value: string } };
  /** The session's devices: listed by Cognito, and known only from history. */
  'devices.list': { request: { sessionId?: string }; response: DeviceListResult };
  /** Remember / don't remember / forget one device (written to history first). */
  'devices.act': {
    request: { sessionId?: string; device: DeviceTarget; action: DeviceAction };
    response: DeviceActionResult;
  };
  /** Start a bulk action; its progress appears in the `session:bulkJob` storage item. */
  'devices.bulkStart': {
    request: { sessionId?: string; devices: DeviceTarget[]; action: DeviceAction };
    response: { jobId: string };
  };
  'devices.bulkCancel': { request: { jobId: string }; response: { cancelled: boolean } };
}

export type MessageType = keyof MessageMap;
/** The request of one message type, with its `type`. */
export type RequestOf<T extends MessageType> = { type: T } & MessageMap[T]['request'];
export type ResponseOf<T extends MessageType> = MessageMap[T]['response'];
/** Any request (a discriminated union on `type`). */
export type AnyRequest = { [T in MessageType]: RequestOf<T> }[MessageType];
/** Handlers of the background, one per type (others may add theirs later). */
export type MessageHandlers = { [T in MessageType]?: (request: RequestOf<T>) => Promise<ResponseOf<T>> };

/** What travels back over runtime messaging. */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** The sender facts the router checks (a subset of runtime.MessageSender). */
export interface SenderLike {
  readonly id?: string;
  readonly url?: string;
}

/**
 * The background's message handler: refuses senders that are not this
 * extension's own pages (ERR_MESSAGE_FOREIGN_SENDER) and unknown types
 * (ERR_MESSAGE_INVALID); never rejects — errors come back in the envelope.
 * @param options.extensionOrigin e.g. `chrome-extension://<id>/` (browser.runtime.getURL('/'))
 */
export function createMessageRouter(
  handlers: MessageHandlers,
  options: { extensionId: string; extensionOrigin: string },
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
