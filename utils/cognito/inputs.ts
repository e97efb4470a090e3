/**
 * The inputs of the Cognito client's operations and the checks they need
 * beyond the model's string constraints (constraints.ts): limits, the
 * password, the remembered flag, the ListUsers filter. Pure.
 */
import { AppError } from '../errors';
import { checkInteger, checkString } from './constraints';

/** Every call accepts a signal that cancels it. */
export interface Cancellable {
  signal?: AbortSignal;
}

export interface AccessTokenInput extends Cancellable {
  accessToken: string;
}
export interface DeviceInput extends AccessTokenInput {
  deviceKey: string;
}
export interface ListDevicesInput extends AccessTokenInput {
  limit?: number;
  paginationToken?: string;
}
export interface AdminUserInput extends Cancellable {
  userPoolId: string;
  username: string;
}
export interface AdminDeviceInput extends AdminUserInput {
  deviceKey: string;
}
export interface AdminListDevicesInput extends AdminUserInput {
  limit?: number;
  paginationToken?: string;
}
/** Attributes ListUsers can filter on (Cognito API reference, ListUsers `Filter`). */
export const USER_FILTER_ATTRIBUTES = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
] as const;
export type UserFilterAttribute = (typeof USER_FILTER_ATTRIBUTES)[number];
export interface ListUsersInput extends Cancellable {
  userPoolId: string;
  /** A prefix search, or a raw filter expression (`email ^= "a"`). */
  filter?: { attribute: UserFilterAttribute; prefix: string } | string;
  limit?: number;
  paginationToken?: string;
}
export interface ConfirmDeviceInput extends DeviceInput {
  deviceName?: string;
  /** SRP verifier of the device secret, as made by the Amplify / Cognito SDKs. */
  verifier?: { passwordVerifier: string; salt: string };
}
export type InitiateAuthInput = Cancellable & { clientId: string; clientSecret?: string } & (
    | { flow: 'USER_PASSWORD_AUTH'; username: string; password: string }
    | { flow: 'REFRESH_TOKEN_AUTH'; refreshToken: string; deviceKey?: string; username?: string }
  );
export interface RefreshInput extends Cancellable {
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
  deviceKey?: string;
}

export interface RevokeTokenInput extends Cancellable {
  /** The refresh token to revoke. */
  token: string;
  clientId: string;
  clientSecret?: string;
}

/** The outcome of a forget that may have been retried. */
export interface ForgetResult {
  /** True when a retry found the device gone after an earlier attempt may have removed it. */
  readonly alreadyForgotten: boolean;
}

/** The wire value of a remembered flag. @throws AppError ERR_INVALID_DEVICE_REMEMBERED_STATUS */
export function wireRememberedStatus(remembered: unknown): 'remembered' | 'not_remembered' {
  if (typeof remembered !== 'boolean') {
    throw new AppError('ERR_INVALID_DEVICE_REMEMBERED_STATUS', 'remembered must be true or false.', {
      details: { field: 'DeviceRememberedStatus' },
    });
  }
  return checkString('DeviceRememberedStatus', remembered ? 'remembered' : 'not_remembered') as
    | 'remembered'
    | 'not_remembered';
}

export function optionalLimit(limit: unknown): number | undefined {
  return limit === undefined ? undefined : checkInteger('Limit', limit);
}

export function checkPassword(password: unknown): string {
  if (typeof password !== 'string' || password.length === 0) {
    throw new AppError('ERR_INVALID_PASSWORD', undefined, { details: { field: 'Password' } });
  }
  return password;
}

function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The ListUsers `Filter` string for a prefix search or raw expression; validated against UserFilterType. */
export function buildUserFilter(filter: ListUsersInput['filter']): string | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter === 'string') return checkString('Filter', filter);
  if (!filter || !(USER_FILTER_ATTRIBUTES as readonly string[]).includes(filter.attribute)) {
    throw new AppError('ERR_INVALID_FILTER', 'The filter attribute is not searchable.', {
      details: { field: 'Filter' },
    });
  }
  if (typeof filter.prefix !== 'string') {
    throw new AppError('ERR_INVALID_FILTER', 'The filter prefix must be text.', { details: { field: 'Filter' } });
  }
  return checkString('Filter', `${filter.attribute} ^= ${quoteFilterValue(filter.prefix)}`);
}
