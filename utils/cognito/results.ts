/**
 * Friendly result types of the Cognito client, and the parsers that build them
 * from wire JSON: dates (epoch seconds, possibly fractional) become `Date`,
 * device attributes are folded into named fields with the raw list kept.
 * Attribute names seen from real pools: DESIGN.md "Cognito wire protocol".
 */
import { AppError } from '../errors';

/** One `{ Name, Value }` attribute as Cognito sent it. */
export interface Attribute {
  readonly name: string;
  readonly value?: string;
}

/** A device a user pool remembers (or tracks) for a user. */
export interface Device {
  readonly key: string;
  /** `device_name` (untrusted text: render as text, never HTML). */
  readonly name?: string;
  /** `last_ip_used`. */
  readonly lastIp?: string;
  /** From `dev:device_remembered_status`; undefined when the pool did not say. */
  readonly remembered?: boolean;
  /** `device_status` (e.g. `valid`); NOT the remembered state. */
  readonly status?: string;
  readonly createdAt?: Date;
  readonly lastModifiedAt?: Date;
  readonly lastAuthenticatedAt?: Date;
  /** Every attribute as sent. */
  readonly attributes: readonly Attribute[];
}

/** One page of devices. */
export interface DevicePage {
  readonly devices: Device[];
  readonly paginationToken?: string;
}

/** The signed-in user (GetUser). */
export interface CurrentUser {
  readonly username: string;
  /** Attributes by name (e.g. `sub`, `email`). */
  readonly attributes: Record<string, string>;
  readonly preferredMfaSetting?: string;
  readonly mfaSettings?: readonly string[];
}

/** A user of a pool (ListUsers). */
export interface PoolUser {
  readonly username: string;
  readonly attributes: Record<string, string>;
  readonly sub?: string;
  readonly email?: string;
  readonly status?: string;
  readonly enabled?: boolean;
  readonly createdAt?: Date;
  readonly lastModifiedAt?: Date;
}

/** One page of users. */
export interface UserPage {
  readonly users: PoolUser[];
  readonly paginationToken?: string;
}

/** The parts of a user pool's description this dashboard uses (DescribeUserPool). */
export interface UserPoolDescription {
  readonly id: string;
  readonly name?: string;
  readonly arn?: string;
  readonly deviceConfiguration?: {
    readonly challengeRequiredOnNewDevice: boolean;
    readonly deviceOnlyRememberedOnUserPrompt: boolean;
  };
  readonly mfaConfiguration?: string;
  readonly estimatedNumberOfUsers?: number;
  readonly createdAt?: Date;
  readonly lastModifiedAt?: Date;
}

/** What DescribeUserPoolClient says of an app client that the extension uses. */
export interface UserPoolClientDescription {
  readonly clientId: string;
  readonly clientName?: string;
  /** RefreshTokenRotationType; undefined when the answer has none (Cognito then does not rotate). */
  readonly refreshTokenRotation?: {
    readonly feature: 'ENABLED' | 'DISABLED';
    readonly retryGracePeriodSeconds?: number;
  };
}

/** Tokens of a successful sign-in or refresh. Secrets: never log them. */
export interface AuthTokens {
  readonly accessToken: string;
  readonly idToken?: string;
  readonly refreshToken?: string;
  /** Lifetime of the access token, seconds. */
  readonly expiresIn: number;
  readonly tokenType: string;
}

/** The outcome of InitiateAuth / GetTokensFromRefreshToken. */
export type AuthResult =
  | {
      readonly kind: 'tokens';
      readonly tokens: AuthTokens;
      readonly newDevice?: { readonly deviceKey: string; readonly deviceGroupKey: string };
    }
  | {
      readonly kind: 'challenge';
      readonly challengeName: string;
      readonly session?: string;
      readonly parameters: Record<string, string>;
    };

type Json = Record<string, unknown>;

function bad(operation: string, what: string): never {
  throw new AppError('ERR_BAD_RESPONSE', `${operation}: ${what}.`, { details: { operation, retryable: false } });
}

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Epoch seconds (possibly fractional) or an ISO string → Date; anything else → undefined. */
export function toDate(value: unknown): Date | undefined {
  const date =
    typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function attributeList(value: unknown): Attribute[] {
  if (!Array.isArray(value)) return [];
  const out: Attribute[] = [];
  for (const item of value) {
    const name = str(obj(item)?.Name);
    if (name === undefined) continue;
    const v = str(obj(item)?.Value);
    out.push(v === undefined ? { name } : { name, value: v });
  }
  return out;
}

function attributeRecord(list: readonly Attribute[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const a of list) if (a.value !== undefined) record[a.name] = a.value;
  return record;
}

/** Parse one wire `DeviceType`. */
export function parseDevice(value: unknown, operation: string): Device {
  const wire = obj(value);
  const key = str(wire?.DeviceKey);
  if (!wire || !key) return bad(operation, 'a device without a DeviceKey');
  const attributes = attributeList(wire.DeviceAttributes);
  const byName = attributeRecord(attributes);
  const rememberedStatus = byName['dev:device_remembered_status'];
  return {
    key,
    name: byName.device_name,
    lastIp: byName.last_ip_used,
    remembered: rememberedStatus === 'remembered' ? true : rememberedStatus === 'not_remembered' ? false : undefined,
    status: byName.device_status,
    createdAt: toDate(wire.DeviceCreateDate),
    lastModifiedAt: toDate(wire.DeviceLastModifiedDate),
    lastAuthenticatedAt: toDate(wire.DeviceLastAuthenticatedDate),
    attributes,
  };
}

/** Parse a ListDevices / AdminListDevices response. */
export function parseDevicePage(json: Json, operation: string): DevicePage {
  const devices = Array.isArray(json.Devices) ? json.Devices.map((d) => parseDevice(d, operation)) : [];
  const paginationToken = str(json.PaginationToken);
  return paginationToken ? { devices, paginationToken } : { devices };
}

/** Parse a GetUser response. */
export function parseCurrentUser(json: Json, operation: string): CurrentUser {
  const username = str(json.Username);
  if (!username) return bad(operation, 'no Username');
  const mfa = Array.isArray(json.UserMFASettingList)
    ? json.UserMFASettingList.filter((s) => typeof s === 'string')
    : [];
  return {
    username,
    attributes: attributeRecord(attributeList(json.UserAttributes)),
    preferredMfaSetting: str(json.PreferredMfaSetting),
    mfaSettings: mfa,
  };
}

/** Parse a ListUsers response. */
export function parseUserPage(json: Json, operation: string): UserPage {
  const users: PoolUser[] = [];
  for (const item of Array.isArray(json.Users) ? json.Users : []) {
    const wire = obj(item);
    const username = str(wire?.Username);
    if (!wire || !username) return bad(operation, 'a user without a Username');
    const attributes = attributeRecord(attributeList(wire.Attributes));
    users.push({
      username,
      attributes,
      sub: attributes.sub,
      email: attributes.email,
      status: str(wire.UserStatus),
      enabled: typeof wire.Enabled === 'boolean' ? wire.Enabled : undefined,
      createdAt: toDate(wire.UserCreateDate),
      lastModifiedAt: toDate(wire.UserLastModifiedDate),
    });
  }
  const paginationToken = str(json.PaginationToken);
  return paginationToken ? { users, paginationToken } : { users };
}

/** Parse a DescribeUserPool response. */
export function parseUserPool(json: Json, operation: string): UserPoolDescription {
  const pool = obj(json.UserPool);
  const id = str(pool?.Id);
  if (!pool || !id) return bad(operation, 'no UserPool.Id');
  const device = obj(pool.DeviceConfiguration);
  return {
    id,
    name: str(pool.Name),
    arn: str(pool.Arn),
    deviceConfiguration: device
      ? {
          challengeRequiredOnNewDevice: device.ChallengeRequiredOnNewDevice === true,
          deviceOnlyRememberedOnUserPrompt: device.DeviceOnlyRememberedOnUserPrompt === true,
        }
      : undefined,
    mfaConfiguration: str(pool.MfaConfiguration),
    estimatedNumberOfUsers: typeof pool.EstimatedNumberOfUsers === 'number' ? pool.EstimatedNumberOfUsers : undefined,
    createdAt: toDate(pool.CreationDate),
    lastModifiedAt: toDate(pool.LastModifiedDate),
  };
}

/** Parse a DescribeUserPoolClient response (DescribeUserPoolClientResponse.UserPoolClient). */
export function parseUserPoolClient(json: Json, operation: string): UserPoolClientDescription {
  const client = obj(json.UserPoolClient);
  const clientId = str(client?.ClientId);
  if (!client || !clientId) return bad(operation, 'no UserPoolClient.ClientId');
  const rotation = obj(client.RefreshTokenRotation);
  const feature = rotation?.Feature;
  if (rotation && feature !== 'ENABLED' && feature !== 'DISABLED')
    return bad(operation, 'RefreshTokenRotation.Feature');
  const grace = rotation?.RetryGracePeriodSeconds;
  return {
    clientId,
    clientName: str(client.ClientName),
    refreshTokenRotation:
      feature === 'ENABLED' || feature === 'DISABLED'
        ? { feature, ...(typeof grace === 'number' ? { retryGracePeriodSeconds: grace } : {}) }
        : undefined,
  };
}

/** Parse an InitiateAuth / GetTokensFromRefreshToken response. */
export function parseAuthResult(json: Json, operation: string): AuthResult {
  const result = obj(json.AuthenticationResult);
  if (result) {
    const accessToken = str(result.AccessToken);
    if (!accessToken) return bad(operation, 'no AccessToken in AuthenticationResult');
    const meta = obj(result.NewDeviceMetadata);
    const deviceKey = str(meta?.DeviceKey);
    const deviceGroupKey = str(meta?.DeviceGroupKey);
    return {
      kind: 'tokens',
      tokens: {
        accessToken,
        idToken: str(result.IdToken),
        refreshToken: str(result.RefreshToken),
        expiresIn: typeof result.ExpiresIn === 'number' ? result.ExpiresIn : 3600,
        tokenType: str(result.TokenType) ?? 'Bearer',
      },
      ...(deviceKey && deviceGroupKey ? { newDevice: { deviceKey, deviceGroupKey } } : {}),
    };
  }
  const challengeName = str(json.ChallengeName);
  if (!challengeName) return bad(operation, 'neither tokens nor a challenge');
  const parameters: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(json.ChallengeParameters) ?? {}))
    if (typeof v === 'string') parameters[k] = v;
  return { kind: 'challenge', challengeName, session: str(json.Session), parameters };
}
