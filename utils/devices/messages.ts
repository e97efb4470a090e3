/**
 * The device area's slice of the message map (merged in utils/messages.ts)
 * and the data types that travel with it. Device facts only, never a token.
 */
import type { DeviceAction, PublicSession } from '../storage';
import type { DeviceRow } from './view';

/** One device to act on, with what the page knew of it. */
export interface DeviceTarget {
  key: string;
  name?: string;
  remembered?: boolean;
}

export interface DeviceListResult {
  sessionId: string;
  /** The session listed (without its tokens): a page can show it without asking again. */
  session: PublicSession;
  listed: DeviceRow[];
  knownOnly: DeviceRow[];
  fetchedAt: number;
  /** Set when the session's device key is one Cognito no longer knows (the app's device was forgotten). */
  staleDeviceKey?: string;
}

export interface DeviceActionResult {
  key: string;
  action: DeviceAction;
  alreadyForgotten: boolean;
  message: string;
  /** The session's devices with this action folded in: the page draws it without asking Cognito again. */
  list: DeviceListResult;
}

/** The device messages. */
export interface DeviceMessageMap {
  /** The session's devices: listed by Cognito, and known only from history. */
  'devices.list': { request: { sessionId?: string }; response: DeviceListResult };
  /** Remember / don't remember / forget one device (written to history first); answers with the updated list. */
  'devices.act': {
    request: { sessionId?: string; device: DeviceTarget; action: DeviceAction };
    response: DeviceActionResult;
  };
  /** Start a bulk action; its durable plan and progress are the `local:bulkJob` storage item. */
  'devices.bulkStart': {
    request: { sessionId?: string; devices: DeviceTarget[]; action: DeviceAction };
    response: { jobId: string };
  };
  'devices.bulkCancel': { request: { jobId: string }; response: { cancelled: boolean } };
}
