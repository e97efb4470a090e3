/**
 * Security review #13, break 1: a username shaped like a secret (legal in
 * Cognito: self sign-up lets anyone pick one) must not make that user's
 * devices unmanageable. The log masks such identities the way it masks device
 * names; its shape check never blocks an action, and every action still ends
 * with a history entry. User path (device service) and admin path (admin
 * service), with the usernames of the report.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createAdminService } from '../../../utils/admin/service';
import { COGNITO_RATES, type CognitoClient, type Device } from '../../../utils/cognito';
import { createDeviceService } from '../../../utils/devices/service';
import { openAuditStore } from '../../../utils/history/audit-store';
import { HIDDEN_VALUE_PREFIX } from '../../../utils/history/secrets';
import { openHistory } from '../../../utils/history/store';
import { createPacerRegistry } from '../../../utils/worker/pacers';
import { deviceSession, NOW } from '../devices/fixtures';
import { deviceDraft, openTestHistory } from './fixtures';

const ROGUE_JWT = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.rogue';
const ROGUE_RUN = 'A'.repeat(40);
const USERNAMES = [
  ['a JWT-shaped username', ROGUE_JWT],
  ['forty As', ROGUE_RUN],
] as const;
const POOL = 'us-east-1_Demo1';
const DEVICE = { key: 'us-east-1_rogue', name: 'Rogue laptop', remembered: true } as unknown as Device;

const sessionOf = (username: string) => deviceSession({ deviceKey: undefined }, username);

describe('the history store with identities shaped like secrets', () => {
  it.each([
    ['username', { actor: { pool: POOL, username: ROGUE_RUN } }, ROGUE_RUN],
    ['client id', { actor: { pool: POOL, clientId: ROGUE_JWT } }, ROGUE_JWT],
  ])('begin and complete record the action with the %s masked', async (_name, overrides, raw) => {
    const { store } = await openTestHistory();
    const id = await store.begin(deviceDraft(overrides));
    await store.complete(id, { outcome: 'ok', requestId: ROGUE_RUN });
    const [entry] = (await store.query({ limit: 1 })).entries;
    expect(entry?.outcome).toBe('ok');
    expect(JSON.stringify(entry)).toContain(HIDDEN_VALUE_PREFIX);
    expect(JSON.stringify(await store.list({}, 10))).not.toContain(raw);
  });

  it('keeps two such users apart, and finds each one by its real username', async () => {
    const { store } = await openTestHistory();
    const other = 'B'.repeat(40);
    await store.begin(deviceDraft({ actor: { pool: POOL, username: ROGUE_RUN } }));
    await store.begin(deviceDraft({ actor: { pool: POOL, username: other } }));
    expect(await store.count({ actor: { pool: POOL, username: ROGUE_RUN } })).toBe(1);
    expect(await store.count({ actor: { pool: POOL, username: other } })).toBe(1);
    const page = await store.query({ limit: 10, actor: { pool: POOL, username: ROGUE_RUN }, text: 'laptop' });
    expect(page.entries).toHaveLength(1);
  });
});

describe.each(USERNAMES)('user path: %s', (_name, username) => {
  async function setup() {
    const history = await openHistory({ indexedDB: new IDBFactory(), now: () => NOW });
    const devices = [{ ...DEVICE }];
    const calls: string[] = [];
    const client = {
      async *listAllDevices() {
        yield* devices;
      },
      async updateDeviceStatus({ deviceKey, remembered }: { deviceKey: string; remembered: boolean }) {
        calls.push(`update:${deviceKey}:${remembered}`);
      },
      async forgetDevice({ deviceKey }: { deviceKey: string }) {
        calls.push(`forget:${deviceKey}`);
        return { alreadyForgotten: false };
      },
    } as unknown as CognitoClient;
    const deferred: (() => Promise<void>)[] = [];
    const service = createDeviceService({
      sessions: { get: async () => sessionOf(username) },
      cognito: async () => client,
      endpointOverride: async () => 'http://127.0.0.1:9/',
      history: async () => history,
      publishBulk: async () => undefined,
      now: () => NOW,
      defer: (task) => deferred.push(task),
    });
    return { service, history, calls, settle: () => Promise.all(deferred.splice(0).map((t) => t())) };
  }

  it('lists, forgets and records, with the username masked in the log and the device memory', async () => {
    const { service, history, calls, settle } = await setup();
    await service.list({});
    await settle();
    const account = { pool: POOL, username };
    expect((await history.knownDevices(account)).map((d) => d.deviceKey)).toEqual(['us-east-1_rogue']);
    await service.act({ device: { key: 'us-east-1_rogue', name: 'Rogue laptop' }, action: 'notRemember' });
    const result = await service.act({ device: { key: 'us-east-1_rogue', name: 'Rogue laptop' }, action: 'forget' });
    expect(result.action).toBe('forget');
    expect(calls).toEqual(['update:us-east-1_rogue:false', 'forget:us-east-1_rogue']);
    const entries = await history.list({ actor: account }, 10);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['device.forget', 'ok'],
      ['device.notRemember', 'ok'],
    ]);
    expect(entries[0]?.actor.username?.startsWith(HIDDEN_VALUE_PREFIX)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(username);
  });
});

describe.each(USERNAMES)('admin path: %s', (_name, username) => {
  async function setup() {
    const history = await openHistory({ indexedDB: new IDBFactory(), now: () => NOW });
    const calls: string[] = [];
    const client = {
      async *adminListAllDevices() {
        calls.push('AdminListDevices');
        yield DEVICE;
      },
      async adminUpdateDeviceStatus() {
        calls.push('AdminUpdateDeviceStatus');
      },
      async adminGetDevice() {
        return DEVICE;
      },
      async adminForgetDevice() {
        calls.push('AdminForgetDevice');
        return { alreadyForgotten: false };
      },
    } as unknown as CognitoClient;
    const factory = new IDBFactory();
    const service = createAdminService({
      connection: {
        get: async () => ({
          poolId: POOL,
          credentials: { accessKeyId: 'AKIASANDBOXDEMO00001', secretAccessKey: 'x'.repeat(40) },
        }),
        set: async () => undefined,
        clear: async () => undefined,
      },
      settings: async () => ({ endpointOverride: 'http://127.0.0.1:9/', quotas: COGNITO_RATES }),
      pacer: createPacerRegistry({ rates: async () => COGNITO_RATES }),
      cognito: () => client,
      auditStore: () => openAuditStore({ indexedDB: factory, name: 'svc' }),
      history: async () => history,
      now: () => NOW,
    });
    return { service, history, calls };
  }

  it('lists, changes and forgets the user’s devices, each recorded', async () => {
    const { service, history, calls } = await setup();
    const listed = await service.handlers['admin.devices.list']({ type: 'admin.devices.list', username });
    expect(listed.devices.map((d) => d.key)).toEqual(['us-east-1_rogue']);
    await service.handlers['admin.device.setRemembered']({
      type: 'admin.device.setRemembered',
      username,
      deviceKey: 'us-east-1_rogue',
      remembered: false,
    });
    await service.handlers['admin.device.forget']({
      type: 'admin.device.forget',
      username,
      deviceKey: 'us-east-1_rogue',
    });
    expect(calls).toEqual(['AdminListDevices', 'AdminUpdateDeviceStatus', 'AdminForgetDevice']);
    const account = { pool: POOL, username };
    const entries = await history.list({ actor: account }, 10);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['admin.device.forget', 'ok'],
      ['admin.device.notRemember', 'ok'],
      ['admin.device.list', 'ok'],
    ]);
    expect((await history.knownDevices(account)).map((d) => d.deviceKey)).toEqual(['us-east-1_rogue']);
    expect(JSON.stringify(entries)).not.toContain(username);
  });
});
