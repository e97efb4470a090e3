/**
 * The SigV4-signed operations (the server verifies the signature before they
 * run): AdminListDevices, AdminGetDevice, AdminUpdateDeviceStatus,
 * AdminForgetDevice (every device, remembered or not), ListUsers (Filter,
 * pagination, AttributesToGet), DescribeUserPool and DescribeUserPoolClient.
 */
import { page } from '../pagination';
import type { UserRecord } from '../state';
import { errors } from '../wire';
import { DEFAULT_FLOWS } from './auth';
import {
  applyRememberedStatus,
  deviceView,
  forgetDevice,
  listDevices,
  type OperationHandler,
  requireDevice,
  requirePool,
  requireUser,
  userAttributes,
} from './context';

const PAGE_SIZE = 60;

/** Attributes ListUsers can filter on, and how to read each from a user. */
const FILTERABLE: Record<string, (u: UserRecord) => string | undefined> = {
  username: (u) => u.username,
  sub: (u) => u.sub,
  email: (u) => u.attributes.email,
  phone_number: (u) => u.attributes.phone_number,
  name: (u) => u.attributes.name,
  given_name: (u) => u.attributes.given_name,
  family_name: (u) => u.attributes.family_name,
  preferred_username: (u) => u.attributes.preferred_username,
  'cognito:user_status': (u) => u.status,
  status: (u) => (u.enabled ? 'Enabled' : 'Disabled'),
};

/**
 * Parses Cognito's filter syntax: `attr = "value"` or `attr ^= "value"`
 * (`\"` escapes a quote). An empty filter lists everyone.
 */
export function parseUserFilter(filter: string): ((u: UserRecord) => boolean) | undefined {
  if (filter.trim() === '') return undefined;
  const m = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!m) throw errors.invalidParameter('Error while parsing filter.');
  const [, attr = '', op, raw = ''] = m;
  const read = Object.hasOwn(FILTERABLE, attr) ? FILTERABLE[attr] : undefined;
  if (!read) throw errors.invalidParameter(`Invalid search attribute: ${attr}`);
  const value = raw.replace(/\\(.)/g, '$1');
  return op === '=' ? (u) => read(u) === value : (u) => read(u)?.startsWith(value) === true;
}

export const adminOperations: Record<string, OperationHandler> = {
  async AdminListDevices(input, ctx) {
    const pool = requirePool(ctx, input.UserPoolId as string);
    const user = requireUser(pool, input.Username as string);
    return listDevices(ctx, pool, user, input, () => true, 'admin-devices');
  },

  async AdminGetDevice(input, ctx) {
    const pool = requirePool(ctx, input.UserPoolId as string);
    const user = requireUser(pool, input.Username as string);
    return { Device: deviceView(requireDevice(user, input.DeviceKey as string)) };
  },

  async AdminUpdateDeviceStatus(input, ctx) {
    const pool = requirePool(ctx, input.UserPoolId as string);
    const user = requireUser(pool, input.Username as string);
    applyRememberedStatus(ctx, requireDevice(user, input.DeviceKey as string), input.DeviceRememberedStatus);
    return {};
  },

  async AdminForgetDevice(input, ctx) {
    const pool = requirePool(ctx, input.UserPoolId as string);
    const user = requireUser(pool, input.Username as string);
    requireDevice(user, input.DeviceKey as string);
    forgetDevice(ctx, user, input.DeviceKey as string);
    return {};
  },

  async ListUsers(input, ctx) {
    const pool = requirePool(ctx, input.UserPoolId as string);
    const filterText = typeof input.Filter === 'string' ? input.Filter : '';
    const match = parseUserFilter(filterText);
    const users = match ? pool.userList.filter(match) : pool.userList;
    const listing = `users:${pool.id}\n${filterText}`;
    let start = 0;
    if (typeof input.PaginationToken === 'string') {
      start = Number(ctx.paginator.decode(listing, input.PaginationToken));
    }
    const limit = typeof input.Limit === 'number' && input.Limit > 0 ? input.Limit : PAGE_SIZE;
    const { items, next } = page(users, start, limit);
    const wanted = Array.isArray(input.AttributesToGet) ? new Set(input.AttributesToGet as string[]) : undefined;
    return {
      Users: items.map((u) => ({
        Username: u.username,
        Attributes: userAttributes(u).filter((a) => !wanted || wanted.has(a.Name)),
        UserCreateDate: u.createdAt,
        UserLastModifiedDate: u.lastModifiedAt,
        Enabled: u.enabled,
        UserStatus: u.status,
      })),
      ...(next !== undefined ? { PaginationToken: ctx.paginator.encode(listing, String(next)) } : {}),
    };
  },

  async DescribeUserPool(input, ctx) {
    const pool = requirePool(ctx, input.UserPoolId as string);
    return {
      UserPool: {
        Id: pool.id,
        Name: pool.name,
        Arn: `arn:aws:cognito-idp:${pool.region}:000000000000:userpool/${pool.id}`,
        CreationDate: pool.createdAt,
        LastModifiedDate: pool.createdAt,
        EstimatedNumberOfUsers: pool.userList.length,
        ...(pool.deviceConfiguration ? { DeviceConfiguration: pool.deviceConfiguration } : {}),
      },
    };
  },

  async DescribeUserPoolClient(input, ctx) {
    const pool = requirePool(ctx, input.UserPoolId as string);
    const client = pool.clients.get(input.ClientId as string);
    if (!client) throw errors.resourceNotFound(`User pool client ${String(input.ClientId)} does not exist.`);
    return {
      UserPoolClient: {
        UserPoolId: pool.id,
        ClientName: client.name,
        ClientId: client.id,
        ...(client.secret ? { ClientSecret: client.secret } : {}),
        CreationDate: pool.createdAt,
        LastModifiedDate: pool.createdAt,
        // Cognito's defaults: refresh 30 days, access and ID tokens 60 minutes.
        RefreshTokenValidity: 30,
        AccessTokenValidity: 60,
        IdTokenValidity: 60,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
        ExplicitAuthFlows: client.authFlows ?? DEFAULT_FLOWS,
        AllowedOAuthScopes: client.allowedScopes,
        EnableTokenRevocation: true,
        AuthSessionValidity: client.authSessionValidity ?? 3,
        RefreshTokenRotation: client.refreshTokenRotation ?? { Feature: 'DISABLED' },
      },
    };
  },
};
