/**
 * Input constraints of the Cognito operations this client sends, copied from
 * the official service model (sandbox/model/cognito-idp-model.json, botocore
 * cognito-idp 2016-04-18) and translated from Java regex to JS (`u` flag,
 * anchored: the service matches the whole value). This file ships in the
 * extension, so it holds only the few shapes we send — never the model itself.
 * tests/unit/cognito/constraints.test.ts checks every entry against the model.
 */
import { AppError, type ErrorCode } from '../errors';
import { USER_POOL_ID_MAX, USER_POOL_ID_PATTERN } from './pool-id';

/** One string or integer constraint of a model shape. */
export interface Constraint {
  /** The model shape it was copied from (e.g. `DeviceKeyType`). */
  readonly shape: string;
  /** Anchored JS translation of the model's `pattern`, if any. */
  readonly pattern?: RegExp;
  /** Minimum length (strings, counted in code points) or value (integers). */
  readonly min?: number;
  /** Maximum length (strings, counted in code points) or value (integers). */
  readonly max?: number;
  /** Allowed values of an enum shape. */
  readonly enum?: readonly string[];
  /** The AppError code raised when a value breaks this constraint. */
  readonly code: ErrorCode;
}

/** Every constraint this client enforces, keyed by the request field it guards. */
export const CONSTRAINTS = {
  AccessToken: { shape: 'TokenModelType', pattern: /^(?:[A-Za-z0-9-_=.]+)$/u, code: 'ERR_INVALID_ACCESS_TOKEN' },
  RefreshToken: { shape: 'TokenModelType', pattern: /^(?:[A-Za-z0-9-_=.]+)$/u, code: 'ERR_INVALID_REFRESH_TOKEN' },
  DeviceKey: {
    shape: 'DeviceKeyType',
    pattern: /^(?:[\w-]+_[0-9a-f-]+)$/u,
    min: 1,
    max: 55,
    code: 'ERR_INVALID_DEVICE_KEY',
  },
  DeviceRememberedStatus: {
    shape: 'DeviceRememberedStatusType',
    enum: ['remembered', 'not_remembered'],
    code: 'ERR_INVALID_DEVICE_REMEMBERED_STATUS',
  },
  DeviceName: { shape: 'DeviceNameType', min: 1, max: 1024, code: 'ERR_INVALID_DEVICE_NAME' },
  UserPoolId: {
    shape: 'UserPoolIdType',
    pattern: USER_POOL_ID_PATTERN,
    min: 1,
    max: USER_POOL_ID_MAX,
    code: 'ERR_INVALID_USER_POOL_ID',
  },
  Username: {
    shape: 'UsernameType',
    pattern: /^(?:[\p{L}\p{M}\p{S}\p{N}\p{P}]+)$/u,
    min: 1,
    max: 128,
    code: 'ERR_INVALID_USERNAME',
  },
  ClientId: { shape: 'ClientIdType', pattern: /^(?:[\w+]+)$/u, min: 1, max: 128, code: 'ERR_INVALID_CLIENT_ID' },
  ClientSecret: {
    shape: 'ClientSecretType',
    pattern: /^(?:[\w+]+)$/u,
    min: 24,
    max: 64,
    code: 'ERR_INVALID_CLIENT_SECRET',
  },
  Limit: { shape: 'QueryLimitType', min: 0, max: 60, code: 'ERR_INVALID_LIMIT' },
  PaginationToken: {
    shape: 'SearchPaginationTokenType',
    pattern: /^(?:[\S]+)$/u,
    min: 1,
    code: 'ERR_INVALID_PAGINATION_TOKEN',
  },
  Filter: { shape: 'UserFilterType', max: 256, code: 'ERR_INVALID_FILTER' },
} as const satisfies Record<string, Constraint>;

/** A request field with a constraint. */
export type ConstrainedField = keyof typeof CONSTRAINTS;

function fail(field: ConstrainedField, why: string): never {
  const constraint: Constraint = CONSTRAINTS[field];
  // The message names the field and the rule, never the value (it may be a secret).
  throw new AppError(constraint.code, `${field} ${why}.`, { details: { field } });
}

/** Throw the field's AppError unless `value` is a string meeting the field's model constraint. */
export function checkString(field: ConstrainedField, value: unknown): string {
  const constraint: Constraint = CONSTRAINTS[field];
  if (typeof value !== 'string') fail(field, 'must be a string');
  if (constraint.enum && !constraint.enum.includes(value)) fail(field, `must be one of ${constraint.enum.join(', ')}`);
  const length = [...value].length;
  if (constraint.min !== undefined && length < constraint.min) fail(field, `must be at least ${constraint.min} long`);
  if (constraint.max !== undefined && length > constraint.max) fail(field, `must be at most ${constraint.max} long`);
  if (constraint.pattern && !constraint.pattern.test(value)) fail(field, 'has characters the service does not accept');
  return value;
}

/** Like `checkString`, but `undefined` passes through (optional request members). */
export function checkOptionalString(field: ConstrainedField, value: unknown): string | undefined {
  return value === undefined ? undefined : checkString(field, value);
}

/** Throw the field's AppError unless `value` is an integer within the field's model range. */
export function checkInteger(field: ConstrainedField, value: unknown): number {
  const constraint: Constraint = CONSTRAINTS[field];
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(field, 'must be an integer');
  if (constraint.min !== undefined && value < constraint.min) fail(field, `must be at least ${constraint.min}`);
  if (constraint.max !== undefined && value > constraint.max) fail(field, `must be at most ${constraint.max}`);
  return value;
}

/**
 * An access token: the model's pattern, and (stricter than the model, since
 * Cognito access tokens are always JWTs) three dot-separated parts.
 */
export function checkAccessToken(value: unknown): string {
  const token = checkString('AccessToken', value);
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part, i) => i < 2 && part.length === 0)) {
    fail('AccessToken', 'is not a JSON Web Token (three dot-separated parts)');
  }
  return token;
}
