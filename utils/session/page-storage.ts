/**
 * The Amplify v6 / amazon-cognito-identity-js key format, wherever a page keeps
 * it (localStorage by default; sessionStorage or cookies when the app sets
 * Amplify's key-value storage):
 * `CognitoIdentityServiceProvider.<clientId>.LastAuthUser` and
 * `CognitoIdentityServiceProvider.<clientId>.<username>.<field>`; and the
 * non-secret view of any page session. Pure; every value is untrusted text.
 */
import type { ErrorCode } from '../errors';
import { isRefreshTokenShaped, isTokenShaped, peekClaims, snapshotAccessClaims } from '../token/claims';
import { hasRequiredScope } from '../token/scope';
import type { PageStoreName } from './page-reader';

export type { PageStorageDump, PageStoreName } from './page-reader';

export const STORAGE_PREFIX = 'CognitoIdentityServiceProvider.';

/** Fields of one stored user that this extension uses. */
export interface PageSessionValues {
  accessToken?: string;
  idToken?: string;
  refreshToken?: string;
  deviceKey?: string;
  deviceGroupKey?: string;
  clockDriftSec: number;
}

/** Which library's format an entry is in. */
export type PageSessionFormat = 'amplify' | 'oidc';

/** One client + user found on the page, with its secrets (stays in the background). */
export interface PageSession {
  readonly where: PageStoreName;
  readonly format: PageSessionFormat;
  readonly clientId: string;
  readonly username: string;
  readonly lastAuthUser: boolean;
  readonly values: PageSessionValues;
  /** Set (true) when an access token is stored but is not a JWT (cut short, junk). */
  readonly malformedAccessToken?: true;
  /** oidc-client-ts only: the authority named in the key (must be the token's issuer). */
  readonly authority?: string;
}

/** What the UI may see of a page session (no tokens). */
export interface PageCandidate {
  readonly where: PageStoreName;
  readonly format: PageSessionFormat;
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
  /** Whether the unverified access token carries aws.cognito.signin.user.admin. */
  readonly adminScope?: boolean;
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

/** The identity of a candidate: where it was found, its format, client and user. */
export function candidateKey(c: Pick<PageCandidate, 'where' | 'format' | 'clientId' | 'username'>): string {
  return `${c.where}\u0000${c.format}\u0000${c.clientId}\u0000${c.username}`;
}

/** Every client and user of the Amplify format among one store's entries, LastAuthUser marked and first. */
export function parseAmplifyEntries(entries: unknown, where: PageStoreName): PageSession[] {
  const lastAuth = new Map<string, string>();
  const users = new Map<
    string,
    { clientId: string; username: string; values: PageSessionValues; malformedAccessToken?: true }
  >();
  for (const entry of Array.isArray(entries) ? entries : []) {
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
        else if (field === 'accessToken' && v !== '') user.malformedAccessToken = true;
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
  const sessions = [...users.values()].map((u) => ({
    where,
    format: 'amplify' as const,
    ...u,
    lastAuthUser: lastAuth.get(u.clientId) === u.username,
  }));
  return sessions.sort((a, b) => Number(b.lastAuthUser) - Number(a.lastAuthUser));
}

/** The non-secret view of a page session, with the reason it cannot be imported, if any. */
export function describePageSession(session: PageSession): PageCandidate {
  const base = {
    where: session.where,
    format: session.format,
    clientId: session.clientId,
    username: session.username,
    lastAuthUser: session.lastAuthUser,
    hasRefreshToken: session.values.refreshToken !== undefined,
    hasDeviceKey: session.values.deviceKey !== undefined,
  };
  if (!session.values.accessToken) {
    // A cookie session whose LastAuthUser the page can read but whose tokens it cannot: httpOnly.
    const hidden = session.where === 'cookie' && !session.malformedAccessToken;
    return { ...base, problem: hidden ? 'ERR_SESSION_HTTPONLY' : 'ERR_SESSION_INCOMPLETE' };
  }
  try {
    const claims = snapshotAccessClaims(peekClaims(session.values.accessToken));
    const seen = {
      ...base,
      poolId: claims.poolId,
      issuer: claims.issuer,
      expiresAt: claims.expiresAt,
      adminScope: hasRequiredScope(claims.scopes),
    };
    // Tokens of another app client or pool under this client's keys are never imported as this one.
    const otherIssuer = session.authority !== undefined && trimSlash(session.authority) !== trimSlash(claims.issuer);
    if (claims.clientId !== session.clientId || otherIssuer) return { ...seen, problem: 'ERR_SESSION_OTHER_CLIENT' };
    return seen;
  } catch (error) {
    return { ...base, problem: (error as { code?: ErrorCode }).code ?? 'ERR_TOKEN_MALFORMED' };
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');
