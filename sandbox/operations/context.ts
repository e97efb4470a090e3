/**
 * What every operation handler receives, and the helpers they share: device
 * and user views in Cognito's response shapes, lookups that raise Cognito's
 * errors, and the device listing with pagination.
 */

import type { Paginator } from '../pagination';
import { page } from '../pagination';
import type { DeviceRecord, PoolRecord, SandboxState, UserRecord } from '../state';
import type { Keyring } from '../tokens';
import { CognitoError, errors } from '../wire';

/** The environment of one request. */
export interface OperationContext {
  state: SandboxState;
  keyring: Keyring;
  /** `http://127.0.0.1:PORT`: the origin of every token's `iss`. */
  issuerBase: string;
  /** Epoch seconds, fractional. */
  now(): number;
  /** The caller's address, recorded as a device's `last_ip_used`. */
  remoteIp: string;
  paginator: Paginator;
}

/** Input after model validation: members are present and well-formed when the model requires them. */
export type OperationInput = Record<string, unknown>;
export type OperationHandler = (input: OperationInput, ctx: OperationContext) => Promise<unknown>;

/** Default and maximum page size (QueryLimitType max is 60; 0 means "the default" here). */
const PAGE_SIZE = 60;

/**
 * A device in Cognito's DeviceType shape. `lean`: only device_status,
 * device_name and last_ip_used, as the ListDevices API reference's example of a
 * user-token answer shows.
 */
export function deviceView(d: DeviceRecord, lean = false) {
  const attributes = [
    { Name: 'device_status', Value: 'valid' },
    ...(d.name ? [{ Name: 'device_name', Value: d.name }] : []),
    ...(lean ? [] : [{ Name: 'dev:device_remembered_status', Value: d.remembered ? 'remembered' : 'not_remembered' }]),
    ...(d.lastIp ? [{ Name: 'last_ip_used', Value: d.lastIp }] : []),
  ];
  return {
    DeviceKey: d.key,
    DeviceAttributes: attributes,
    DeviceCreateDate: d.createdAt,
    DeviceLastModifiedDate: d.lastModifiedAt,
    ...(d.lastAuthenticatedAt !== null ? { DeviceLastAuthenticatedDate: d.lastAuthenticatedAt } : {}),
  };
}

/** A user's attributes as Cognito lists them, `sub` first. */
export function userAttributes(u: UserRecord): { Name: string; Value: string }[] {
  return [{ Name: 'sub', Value: u.sub }, ...Object.entries(u.attributes).map(([Name, Value]) => ({ Name, Value }))];
}

export function requirePool(ctx: OperationContext, poolId: string): PoolRecord {
  const pool = ctx.state.pools.get(poolId);
  if (!pool) throw errors.resourceNotFound(`User pool ${poolId} does not exist.`);
  return pool;
}

/**
 * The user, or UserNotFoundException "User does not exist.". The model does
 * not declare that error for AdminListDevices / AdminGetDevice; they answer it
 * all the same, like every other user lookup (the SDK still surfaces it by
 * name). Not verified against the live service.
 */
export function requireUser(pool: PoolRecord, username: string): UserRecord {
  const user = pool.users.get(username);
  if (!user) throw errors.userNotFound();
  return user;
}

export const deviceNotFound = () => errors.resourceNotFound('Device does not exist.');

export function requireDevice(user: UserRecord, key: string): DeviceRecord {
  const device = user.devices.get(key);
  if (!device) throw deviceNotFound();
  return device;
}

/** Lists devices sorted by key, after the cursor of `PaginationToken`. */
export function listDevices(
  ctx: OperationContext,
  pool: PoolRecord,
  user: UserRecord,
  input: OperationInput,
  filter: (d: DeviceRecord) => boolean,
  listing: string,
  lean = false,
) {
  const scope = `${listing}:${pool.id}/${user.username}`;
  const all = [...user.devices.values()].filter(filter).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let start = 0;
  if (typeof input.PaginationToken === 'string') {
    const after = ctx.paginator.decode(scope, input.PaginationToken);
    start = all.findIndex((d) => d.key > after);
    if (start < 0) start = all.length;
  }
  const limit = typeof input.Limit === 'number' && input.Limit > 0 ? input.Limit : PAGE_SIZE;
  const { items, next } = page(all, start, limit);
  return {
    Devices: items.map((d) => deviceView(d, lean)),
    ...(next !== undefined ? { PaginationToken: ctx.paginator.encode(scope, items.at(-1)?.key ?? '') } : {}),
  };
}

/** Sets a device's remembered status and DeviceLastModifiedDate. */
export function applyRememberedStatus(ctx: OperationContext, device: DeviceRecord, status: unknown): void {
  if (status !== undefined && status !== 'remembered' && status !== 'not_remembered') {
    throw new CognitoError('InvalidParameterException', 'Invalid DeviceRememberedStatus');
  }
  if (status !== undefined) device.remembered = status === 'remembered';
  device.lastModifiedAt = ctx.now();
}

/** Marks sign-ins bound to a forgotten device so their refresh tokens stop working. */
export function forgetDevice(ctx: OperationContext, user: UserRecord, key: string): void {
  user.devices.delete(key);
  ctx.state.issuedDevices.delete(key);
  for (const s of ctx.state.sessions.values()) {
    if (s.deviceKey === key) s.deviceForgotten = true;
  }
}
