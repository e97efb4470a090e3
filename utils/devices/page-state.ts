/**
 * The device list state of a page (popup or dashboard) as a pure reducer:
 * loading, the rows, and each row's action state. The hook in
 * use-devices.ts feeds it from background messages.
 */
import type { SerializedError } from '../errors';
import type { KeptDeviceList } from '../storage';
import type { DeviceAction, RowActionState } from './actions';
import type { DeviceListResult } from './service';
import type { DeviceRow } from './view';

export interface DevicesState {
  status: 'idle' | 'loading' | 'ready' | 'failed';
  listed: DeviceRow[];
  knownOnly: DeviceRow[];
  /** Why the last load failed. */
  error?: SerializedError;
  rows: Record<string, RowActionState>;
  fetchedAt?: number;
  /** Set while the rows are the kept list (the last one shown, listed at this time), until a fresh list lands. */
  keptAt?: number;
  /** The session's device key when Cognito no longer knows it (see stale-device.ts). */
  staleDeviceKey?: string;
}

export type DevicesEvent =
  | { type: 'load'; keepRows?: boolean }
  | { type: 'kept'; kept: KeptDeviceList }
  /** A listing: a user's (DeviceListResult) or the admin view's of one user (rows and when, no session). */
  | { type: 'loaded'; result: Pick<DeviceListResult, 'listed' | 'knownOnly' | 'fetchedAt'> & Partial<DeviceListResult> }
  | { type: 'loadFailed'; error: SerializedError }
  | { type: 'act'; key: string; action: DeviceAction }
  | { type: 'acted'; key: string; action: DeviceAction; message: string }
  | { type: 'actFailed'; key: string; action: DeviceAction; error: SerializedError };

export const INITIAL_DEVICES_STATE: DevicesState = { status: 'idle', listed: [], knownOnly: [], rows: {} };

/**
 * The first state: already loaded with a list fetched before the page asked,
 * else the kept list (the last one shown) while the fresh one comes, else idle.
 */
export function initialDevicesState(result: DeviceListResult | undefined, kept?: KeptDeviceList): DevicesState {
  if (result) return devicesReducer(INITIAL_DEVICES_STATE, { type: 'loaded', result });
  return kept ? devicesReducer(INITIAL_DEVICES_STATE, { type: 'kept', kept }) : INITIAL_DEVICES_STATE;
}

export function devicesReducer(state: DevicesState, event: DevicesEvent): DevicesState {
  switch (event.type) {
    case 'load':
      // Keep the rows on screen while reloading: no layout shift, no flash.
      return { ...state, status: 'loading', error: undefined };
    case 'kept':
      // The kept list only fills a page that has no list yet: a fresh one is never replaced by it.
      if (state.status === 'ready' || state.listed.length || state.knownOnly.length) return state;
      return {
        ...state,
        status: state.status === 'idle' ? 'loading' : state.status,
        listed: event.kept.listed,
        knownOnly: event.kept.knownOnly,
        keptAt: event.kept.listedAt,
      };
    case 'loaded':
      return {
        ...state,
        status: 'ready',
        keptAt: undefined,
        listed: event.result.listed,
        knownOnly: event.result.knownOnly,
        fetchedAt: event.result.fetchedAt,
        staleDeviceKey: event.result.staleDeviceKey,
        error: undefined,
      };
    case 'loadFailed':
      return { ...state, status: 'failed', error: event.error };
    case 'act':
      return { ...state, rows: { ...state.rows, [event.key]: { phase: 'pending', action: event.action } } };
    case 'acted':
      return {
        ...state,
        rows: { ...state.rows, [event.key]: { phase: 'done', action: event.action, message: event.message } },
      };
    case 'actFailed':
      return {
        ...state,
        rows: { ...state.rows, [event.key]: { phase: 'failed', action: event.action, error: event.error } },
      };
  }
}

/** The row of a key, wherever it is shown. */
export function findRow(state: DevicesState, key: string): DeviceRow | undefined {
  return state.listed.find((r) => r.key === key) ?? state.knownOnly.find((r) => r.key === key);
}

/** Errors after which the page should offer to refresh the session. */
export function offersRefresh(error: SerializedError | undefined): boolean {
  return (
    error?.code === 'ERR_COGNITO_TOKEN_EXPIRED' ||
    error?.code === 'ERR_TOKEN_EXPIRED' ||
    error?.code === 'ERR_SESSION_EXPIRED' ||
    error?.code === 'ERR_COGNITO_NOT_AUTHORIZED'
  );
}
