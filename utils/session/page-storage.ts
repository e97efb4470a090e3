/**
 * Reading a Cognito session out of a web page's localStorage, as kept by
 * amazon-cognito-identity-js and Amplify v6:
 * `CognitoIdentityServiceProvider.<clientId>.LastAuthUser` and
 * `CognitoIdentityServiceProvider.<clientId>.<username>.<field>`.
 * `readCognitoStorage` runs IN the page (self-contained, returns plain data);
 * everything else is pure and treats every value as untrusted text.
 */
import type { ErrorCode } from '../errors';
import { isRefreshTokenShaped, isTokenShaped, peekClaims, snapshotAccessClaims } from '../token/claims';

export const STORAGE_PREFIX = 'CognitoIdentityServiceProvider.';

/** What the injected function returns. */
export interface PageStorageDump {
  readonly origin: string;
  /** `[key, value]` of the Cognito keys only. */
  readonly entries: readonly (readonly [string, string])[];
  /** True when there were more keys than the cap. */
  readonly truncated?: boolean;
  /** Set when the page's localStorage could not be read at all. */
  readonly unreadable?: boolean;
}

/**
 * Runs inside the page via `scripting.executeScript({ func })`: it must stay
 * self-contained (no imports, no outer variables). Returns only the
 * `CognitoIdentityServiceProvider.*` keys, capped in number and size.
 */
export function readCognitoStorage(): PageStorageDump {
  const prefix = 'CognitoIdentityServiceProvider.';
  const maxEntries = 400;
  const maxKey = 600;
  const maxValue = 20_000;
  const entries: [string, string][] = [];
  let truncated = false;
  try {
    const store = window.localStorage;
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key === null || !key.startsWith(prefix)) continue;
      if (entries.length >= maxEntries || key.length > maxKey) {
        truncated = true;
        continue;
      }
      const value = store.getItem(key) ?? '';
      entries.push([key, value.length > maxValue ? '' : value]);
    }
  } catch {
    return { origin: location.origin, entries: [], unreadable: true };
  }
  return { origin: location.origin, entries, truncated };
}

/** Fields of one stored user that this extension uses. */
export interface PageSessionValues {
  accessToken?: string;
  idToken?: string;
  refreshToken?: string;
  deviceKey?: string;
  deviceGroupKey?: string;
  clockDriftSec: number;
}

/** One client + user found on the page, with its secrets (stays in the background). */
export interface PageSession {
  readonly clientId: string;
  readonly username: string;
  readonly lastAuthUser: boolean;
  readonly values: PageSessionValues;
}

/** What the UI may see of a page session (no tokens). */
export interface PageCandidate {
  readonly clientId: string;
  readonly username: string;
  readonly lastAuthUser: boolean;
  readonly hasRefreshToken: boolean;
  readonly hasDeviceKey: boolean;
  readonly poolId?: string;
  /** `iss` of the unverified access token (decides which host permission an import needs). */
  readonly issuer?: string;
  /** Epoch seconds, from the unverified access token. */
  readonly expiresAt?: number;
  /** Why this one cannot be imported, when it cannot. */
  readonly problem?: ErrorCode;
}

/** ClientIdType of the model: `[\w+]+`, 1..128. */
const CLIENT_ID = /^[\w+]{1,128}$/;
/** DeviceKeyType: `[\w-]+_[0-9a-f-]+`, 1..55. */
const DEVICE_KEY = /^[\w-]+_[0-9a-f-]+$/;
/** UsernameType: letters, marks, symbols, numbers, punctuation, 1..128. */
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const KNOWN_FIELDS = new Set(['accessToken', 'idToken', 'refreshToken', 'deviceKey', 'deviceGroupKey', 'clockDrift']);

/** True when `value` is a client id by the model's ClientIdType. */
export function isClientId(value: string): boolean {
  return CLIENT_ID.test(value);
}

/** True when `value` is a device key by the model's DeviceKeyType. */
export function isDeviceKey(value: string): boolean {
  return value.length <= 55 && DEVICE_KEY.test(value);
}

/** True when `value` is a username by the model's UsernameType. */
export function isUsername(value: string): boolean {
  return USERNAME.test(value);
}

/** Every client and user found in a dump, LastAuthUser marked and first. */
export function parsePageStorage(dump: PageStorageDump): PageSession[] {
  const lastAuth = new Map<string, string>();
  const users = new Map<string, { clientId: string; username: string; values: PageSessionValues }>();
  for (const entry of Array.isArray(dump.entries) ? dump.entries : []) {
    if (!Array.isArray(entry)) continue;
    const [key, value] = entry as unknown[];
    if (typeof key !== 'string' || typeof value !== 'string' || !key.startsWith(STORAGE_PREFIX)) continue;
    const rest = key.slice(STORAGE_PREFIX.length);
    const dot = rest.indexOf('.');
    if (dot <= 0) continue;
    const clientId = rest.slice(0, dot);
    if (!isClientId(clientId)) continue;
    const tail = rest.slice(dot + 1);
    if (tail === 'LastAuthUser') {
      const user = value.trim();
      if (isUsername(user)) lastAuth.set(clientId, user);
      continue;
    }
    // Usernames may contain dots (emails): the field is after the LAST dot.
    const lastDot = tail.lastIndexOf('.');
    if (lastDot <= 0) continue;
    const username = tail.slice(0, lastDot);
    const field = tail.slice(lastDot + 1);
    if (!KNOWN_FIELDS.has(field) || !isUsername(username)) continue;
    const id = `${clientId}\u0000${username}`;
    let user = users.get(id);
    if (!user) {
      user = { clientId, username, values: { clockDriftSec: 0 } };
      users.set(id, user);
    }
    const v = value.trim();
    switch (field) {
      case 'accessToken':
      case 'idToken':
        if (isTokenShaped(v)) user.values[field] = v;
        break;
      case 'refreshToken':
        if (isRefreshTokenShaped(v)) user.values.refreshToken = v;
        break;
      case 'deviceKey':
        if (isDeviceKey(v)) user.values.deviceKey = v;
        break;
      case 'deviceGroupKey':
        if (/^[\w-]{1,128}$/.test(v)) user.values.deviceGroupKey = v;
        break;
      case 'clockDrift': {
        const drift = Number(v);
        if (v !== '' && Number.isInteger(drift) && Math.abs(drift) <= 7 * 24 * 3600) user.values.clockDriftSec = drift;
        break;
      }
    }
  }
  // A LastAuthUser with no stored fields still shows up (as incomplete).
  for (const [clientId, username] of lastAuth) {
    const id = `${clientId}\u0000${username}`;
    if (!users.has(id)) users.set(id, { clientId, username, values: { clockDriftSec: 0 } });
  }
  const sessions = [...users.values()].map((u) => ({ ...u, lastAuthUser: lastAuth.get(u.clientId) === u.username }));
  return sessions.sort((a, b) => Number(b.lastAuthUser) - Number(a.lastAuthUser));
}

/** The non-secret view of a page session, with the reason it cannot be imported, if any. */
export function describePageSession(session: PageSession): PageCandidate {
  const base = {
    clientId: session.clientId,
    username: session.username,
    lastAuthUser: session.lastAuthUser,
    hasRefreshToken: session.values.refreshToken !== undefined,
    hasDeviceKey: session.values.deviceKey !== undefined,
  };
  if (!session.values.accessToken) return { ...base, problem: 'ERR_SESSION_INCOMPLETE' };
  try {
    const claims = snapshotAccessClaims(peekClaims(session.values.accessToken));
    return { ...base, poolId: claims.poolId, issuer: claims.issuer, expiresAt: claims.expiresAt };
  } catch (error) {
    return { ...base, problem: (error as { code?: ErrorCode }).code ?? 'ERR_TOKEN_MALFORMED' };
  }
}
