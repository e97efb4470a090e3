/**
 * Admin mode's connection and one-user handlers: connect (DescribeUserPool
 * checks the credentials before they are kept), the pool's facts, search
 * users, and one user's devices (list, get, remember / don't remember,
 * forget), each mutation recorded in the history.
 */
import type { Device } from '../cognito';
import type { MessageHandlers, RequestOf } from '../messages';
import { listedFacts, rememberedStatus, toDeviceDto } from '../records';
import type { AdminCore } from './core';
import { type AdminConnection, checkAdminCredentials, checkPoolId } from './credentials';

type UserHandlers = Required<
  Pick<
    MessageHandlers,
    | 'admin.status'
    | 'admin.connect'
    | 'admin.describePool'
    | 'admin.forget'
    | 'admin.users.search'
    | 'admin.devices.list'
    | 'admin.device.get'
    | 'admin.device.setRemembered'
    | 'admin.device.forget'
  >
>;

export function userHandlers(core: AdminCore): UserHandlers {
  return {
    async 'admin.status'() {
      return core.connectionStatus(await core.deps.connection.get());
    },

    async 'admin.connect'(request: RequestOf<'admin.connect'>) {
      const poolId = checkPoolId(request.poolId);
      const credentials = checkAdminCredentials(request);
      const connection: AdminConnection = { poolId, credentials };
      const endpoint = await core.endpointFor(poolId);
      const pool = await core.describe(await core.clientFor(endpoint, connection), poolId, endpoint);
      await core.deps.connection.set(connection);
      return { status: core.connectionStatus(connection), pool };
    },

    async 'admin.describePool'() {
      const { connection, endpoint, client } = await core.connected();
      return { pool: await core.describe(client, connection.poolId, endpoint) };
    },

    async 'admin.forget'() {
      await core.deps.connection.clear();
      return core.connectionStatus(null);
    },

    async 'admin.users.search'(request: RequestOf<'admin.users.search'>) {
      const { connection, client } = await core.connected();
      const attribute = request.attribute === 'email' ? 'email' : 'username';
      const page = await client.listUsers({
        userPoolId: connection.poolId,
        filter: request.prefix ? { attribute, prefix: request.prefix } : undefined,
        limit: 20,
        paginationToken: request.paginationToken,
      });
      return {
        users: page.users.map((u) => ({
          username: u.username,
          ...(u.sub === undefined ? {} : { sub: u.sub }),
          ...(u.email === undefined ? {} : { email: u.email }),
          ...(u.status === undefined ? {} : { status: u.status }),
          ...(u.enabled === undefined ? {} : { enabled: u.enabled }),
        })),
        ...(page.paginationToken ? { paginationToken: page.paginationToken } : {}),
      };
    },

    async 'admin.devices.list'(request: RequestOf<'admin.devices.list'>) {
      const { connection, client } = await core.connected();
      const account = { pool: connection.poolId, username: request.username };
      const devices = await core.record({ action: 'admin.device.list', mode: 'admin', actor: account }, async () => {
        const all: Device[] = [];
        for await (const d of client.adminListAllDevices({ userPoolId: connection.poolId, username: request.username }))
          all.push(d);
        return all;
      });
      const log = await core.history();
      await log?.noteListedDevices(
        account,
        devices.map((d) => ({
          deviceKey: d.key,
          ...(d.name === undefined ? {} : { deviceName: d.name }),
          ...(d.remembered === undefined ? {} : { status: rememberedStatus(d.remembered) }),
          ...listedFacts(toDeviceDto(d)),
        })),
        { by: 'admin' },
      );
      return { devices: devices.map(toDeviceDto) };
    },

    async 'admin.device.get'(request: RequestOf<'admin.device.get'>) {
      const { connection, client } = await core.connected();
      const { username, deviceKey } = request;
      const device = await client.adminGetDevice({ userPoolId: connection.poolId, username, deviceKey });
      return { device: toDeviceDto(device) };
    },

    async 'admin.device.setRemembered'(request: RequestOf<'admin.device.setRemembered'>) {
      const { connection, client } = await core.connected();
      const { username, deviceKey, remembered } = request;
      const before = rememberedStatus(request.wasRemembered);
      await core.record(
        {
          action: remembered ? 'admin.device.remember' : 'admin.device.notRemember',
          mode: 'admin',
          actor: { pool: connection.poolId, username },
          target: { deviceKey, ...(request.deviceName === undefined ? {} : { deviceName: request.deviceName }) },
          ...(before === undefined ? {} : { statusBefore: before }),
        },
        () => client.adminUpdateDeviceStatus({ userPoolId: connection.poolId, username, deviceKey, remembered }),
      );
      const device = await client.adminGetDevice({ userPoolId: connection.poolId, username, deviceKey });
      return { device: toDeviceDto(device) };
    },

    async 'admin.device.forget'(request: RequestOf<'admin.device.forget'>) {
      const { connection, client } = await core.connected();
      const { username, deviceKey } = request;
      const before = rememberedStatus(request.wasRemembered);
      return core.record(
        {
          action: 'admin.device.forget',
          mode: 'admin',
          actor: { pool: connection.poolId, username },
          target: { deviceKey, ...(request.deviceName === undefined ? {} : { deviceName: request.deviceName }) },
          ...(before === undefined ? {} : { statusBefore: before }),
        },
        () => client.adminForgetDevice({ userPoolId: connection.poolId, username, deviceKey }),
      );
    },
  };
}
