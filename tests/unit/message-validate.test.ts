/**
 * Security review #13, breaks 7 and 8: every message payload is checked
 * against its type's schema at the router, before any handler (and so any
 * Cognito call or lock). Table-driven over every message type: a valid
 * request passes; each required field missing, each field of the wrong type,
 * and an unexpected field are refused with ERR_MESSAGE_INVALID naming the field.
 */
import { describe, expect, it, vi } from 'vitest';
import { MESSAGE_SCHEMAS } from '../../entrypoints/background';
import type { CognitoClient } from '../../utils/cognito';
import { deviceHandlers } from '../../utils/devices/handlers';
import { MAX_BULK_DEVICES } from '../../utils/devices/message-schemas';
import { createDeviceService } from '../../utils/devices/service';
import { describeError } from '../../utils/error-text';
import type { FieldSchema } from '../../utils/message-validate';
import { createMessageRouter, type MessageHandlers, type MessageType, type RequestOf } from '../../utils/messages';
import { deviceSession, NOW } from './devices/fixtures';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const own = { id: ID, url: `${ORIGIN}options.html` };
const KEY = 'us-east-1_0a1b2c3d-1111-4111-8111-111111111111';
const UUID = '3c9f0c6e-5d3a-4a8b-9c1e-2f4d6b8a0e1c';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
const FILTER = { category: 'stale', staleDays: 90 } as const;

/** One valid request per message type (the compiler checks that none is missing). */
const VALID: { [T in MessageType]: RequestOf<T> } = {
  'session.list': { type: 'session.list' },
  'session.importFromTab': {
    type: 'session.importFromTab',
    tabId: 7,
    choice: { clientId: 'client1', username: 'alice', origin: 'http://127.0.0.1:9330' },
  },
  'session.importTokens': { type: 'session.importTokens', accessToken: JWT, refreshToken: JWT, clientId: 'client1' },
  'session.signIn': {
    type: 'session.signIn',
    poolId: 'us-east-1_Demo1',
    clientId: 'client1',
    clientSecret: 's'.repeat(40),
    username: 'alice',
    password: 'Passw0rd!',
  },
  'session.setActive': { type: 'session.setActive', id: UUID },
  'session.refresh': { type: 'session.refresh', id: UUID },
  'session.verify': { type: 'session.verify', id: UUID },
  'session.signOut': { type: 'session.signOut', id: UUID },
  'session.globalSignOut': { type: 'session.globalSignOut', id: UUID },
  'session.revealToken': { type: 'session.revealToken', id: UUID, kind: 'refreshToken' },
  'devices.list': { type: 'devices.list', sessionId: UUID },
  'devices.act': {
    type: 'devices.act',
    sessionId: UUID,
    device: { key: KEY, name: 'Phone', remembered: true },
    action: 'forget',
  },
  'devices.bulkStart': {
    type: 'devices.bulkStart',
    sessionId: UUID,
    devices: [{ key: KEY, name: 'Phone', remembered: false }],
    action: 'notRemember',
  },
  'devices.bulkCancel': { type: 'devices.bulkCancel', jobId: UUID },
  'admin.status': { type: 'admin.status' },
  'admin.connect': {
    type: 'admin.connect',
    poolId: 'us-east-1_Demo1',
    accessKeyId: 'AKIASANDBOXDEMO00001',
    secretAccessKey: 'x'.repeat(40),
    sessionToken: 'token',
  },
  'admin.describePool': { type: 'admin.describePool' },
  'admin.forget': { type: 'admin.forget' },
  'admin.users.search': { type: 'admin.users.search', attribute: 'email', prefix: 'a', paginationToken: 'p' },
  'admin.devices.list': { type: 'admin.devices.list', username: 'alice' },
  'admin.device.get': { type: 'admin.device.get', username: 'alice', deviceKey: KEY },
  'admin.device.setRemembered': {
    type: 'admin.device.setRemembered',
    username: 'alice',
    deviceKey: KEY,
    remembered: true,
    deviceName: 'Phone',
    wasRemembered: false,
  },
  'admin.device.forget': {
    type: 'admin.device.forget',
    username: 'alice',
    deviceKey: KEY,
    deviceName: 'Phone',
    wasRemembered: true,
  },
  'admin.audit.start': { type: 'admin.audit.start' },
  'admin.audit.status': { type: 'admin.audit.status', runId: UUID },
  'admin.audit.pause': { type: 'admin.audit.pause', runId: UUID },
  'admin.audit.resume': { type: 'admin.audit.resume', runId: UUID },
  'admin.audit.cancel': { type: 'admin.audit.cancel', runId: UUID },
  'admin.audit.report': { type: 'admin.audit.report', runId: UUID, staleDays: 90 },
  'admin.audit.devices': { type: 'admin.audit.devices', runId: UUID, filter: FILTER, limit: 50, after: 'alice' },
  'admin.audit.export': { type: 'admin.audit.export', runId: UUID, filter: FILTER, format: 'csv' },
  'admin.audit.kept': { type: 'admin.audit.kept' },
  'admin.audit.compare': {
    type: 'admin.audit.compare',
    fromRunId: UUID,
    toRunId: UUID,
    kind: 'added',
    offset: 0,
    limit: 50,
    top: 10,
  },
  'admin.audit.compareExport': {
    type: 'admin.audit.compareExport',
    fromRunId: UUID,
    toRunId: UUID,
    kind: 'removed',
    format: 'csv',
  },
  'admin.remediation.preview': { type: 'admin.remediation.preview', runId: UUID, filter: FILTER },
  'admin.remediation.start': {
    type: 'admin.remediation.start',
    runId: UUID,
    filter: FILTER,
    action: 'forget',
    dryRun: true,
  },
  'admin.remediation.status': { type: 'admin.remediation.status' },
  'admin.remediation.cancel': { type: 'admin.remediation.cancel' },
  'watch.set': { type: 'watch.set', sessionId: UUID, on: true },
  'watch.alerts': { type: 'watch.alerts', on: false },
  'watch.checkNow': { type: 'watch.checkNow', sessionId: UUID },
  'watch.seen': { type: 'watch.seen', shown: 2 },
  'watch.stopShown': { type: 'watch.stopShown', sessionId: UUID },
};

const TYPES = Object.keys(VALID) as MessageType[];

/** A value of the wrong type for a field's rule. */
function wrongValue(schema: FieldSchema): unknown {
  switch (schema.kind) {
    case 'string':
      return 42;
    case 'integer':
      return '1';
    case 'boolean':
      return 'yes';
    case 'enum':
      return 'bogus';
    case 'object':
      return 'x';
    case 'array':
      return 'abc';
  }
}

/** Malformed variants of a valid request: [what, request, field named]. */
function malformed(type: MessageType): [string, unknown, string][] {
  const valid = VALID[type] as Record<string, unknown>;
  const variants: [string, unknown, string][] = [
    ['an unexpected field', { ...valid, extra: 1 }, 'extra'],
    ['__proto__ as a field', JSON.parse(`{"type":"${type}","__proto__":{"x":1}}`), '__proto__'],
  ];
  for (const [field, schema] of Object.entries(MESSAGE_SCHEMAS[type])) {
    variants.push([`${field} of the wrong type`, { ...valid, [field]: wrongValue(schema) }, field]);
    if (!schema.optional) {
      const { [field]: _dropped, ...rest } = valid;
      variants.push([`${field} missing`, rest, field]);
    }
  }
  return variants;
}

/** A router over handlers that only count their calls. */
function countingRouter() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    TYPES.map((type) => [
      type,
      async () => {
        calls.push(type);
        return {};
      },
    ]),
  ) as MessageHandlers;
  return {
    route: createMessageRouter(handlers, { extensionId: ID, extensionOrigin: ORIGIN, schemas: MESSAGE_SCHEMAS }),
    calls,
  };
}

describe('message schemas', () => {
  it('cover exactly the message types', () => {
    expect(Object.keys(MESSAGE_SCHEMAS).sort()).toEqual([...TYPES].sort());
  });

  it.each(TYPES)('%s: a valid request reaches its handler', async (type) => {
    const { route, calls } = countingRouter();
    expect(await route(VALID[type], own)).toEqual({ ok: true, value: {} });
    expect(calls).toEqual([type]);
  });

  it.each(TYPES)('%s: undefined optional fields count as absent (Firefox keeps them)', async (type) => {
    const { route, calls } = countingRouter();
    const request: Record<string, unknown> = { ...VALID[type] };
    for (const [field, schema] of Object.entries(MESSAGE_SCHEMAS[type]))
      if (schema.optional) request[field] = undefined;
    expect(await route(request, own)).toMatchObject({ ok: true });
    expect(calls).toEqual([type]);
  });

  it.each(TYPES.flatMap((type) => malformed(type).map(([what, request, field]) => [type, what, request, field])))(
    '%s: refuses %s before its handler',
    async (_type, _what, request, field) => {
      const { route, calls } = countingRouter();
      const envelope = await route(request, own);
      expect(envelope).toMatchObject({ ok: false, error: { code: 'ERR_MESSAGE_INVALID', details: { field } } });
      expect(calls).toEqual([]);
    },
  );

  it.each([
    ['an action name of no device action', { ...VALID['devices.act'], action: 'hack' }, 'action'],
    ['an action of another area', { ...VALID['devices.act'], action: 'admin.device.forget' }, 'action'],
    ['a device key Cognito would refuse', { ...VALID['devices.act'], device: { key: 'k' } }, 'device.key'],
    ['a device key of 65,536 characters', { ...VALID['devices.act'], device: { key: KEY.repeat(1400) } }, 'device.key'],
    [
      'a name over 1,024 characters',
      { ...VALID['devices.act'], device: { key: KEY, name: 'n'.repeat(65_536) } },
      'device.name',
    ],
    ['a device that is null', { ...VALID['devices.act'], device: null }, 'device'],
    ['a device with a prototype', { ...VALID['devices.act'], device: Object.create({ key: KEY }) }, 'device'],
    ['a token kind that is not one', { ...VALID['session.revealToken'], kind: 'clientSecret' }, 'kind'],
    ['a negative tab id', { ...VALID['session.importFromTab'], tabId: -1 }, 'tabId'],
    ['a fractional limit', { ...VALID['admin.audit.devices'], limit: 1.5 }, 'limit'],
    ['an unknown filter category', { ...VALID['admin.audit.export'], filter: { category: 'x' } }, 'filter.category'],
    ['an export cursor counting back', { ...VALID['admin.audit.export'], after: 'alice', count: -1 }, 'count'],
    ['an export cursor of no time', { ...VALID['admin.audit.export'], asOf: 'yesterday' }, 'asOf'],
    ['an unknown kind of change', { ...VALID['admin.audit.compare'], kind: 'renamed' }, 'kind'],
    ['a comparison page too large', { ...VALID['admin.audit.compare'], limit: 501 }, 'limit'],
  ])('refuses %s', async (_name, request, field) => {
    const { route, calls } = countingRouter();
    expect(await route(request, own)).toMatchObject({
      ok: false,
      error: { code: 'ERR_MESSAGE_INVALID', details: { field } },
    });
    expect(calls).toEqual([]);
  });
});

const session = () => deviceSession({ id: UUID, tokens: { accessToken: JWT } });

/** The real device service behind the real router, with a fake Cognito and no history. */
function deviceRouter() {
  const client = {
    updateDeviceStatus: vi.fn(async () => undefined),
    forgetDevice: vi.fn(async () => ({ alreadyForgotten: false })),
    async *listAllDevices() {},
  };
  const published: unknown[] = [];
  const service = createDeviceService({
    sessions: { get: async () => session() },
    cognito: async () => client as unknown as CognitoClient,
    endpointOverride: async () => 'http://127.0.0.1:9/',
    history: async () => undefined,
    publishBulk: async (snapshot) => {
      published.push(snapshot);
    },
    now: () => NOW,
  });
  const route = createMessageRouter(deviceHandlers(service), {
    extensionId: ID,
    extensionOrigin: ORIGIN,
    schemas: MESSAGE_SCHEMAS,
  });
  return { route, client, published };
}

describe('devices.act with an unknown action (break 8)', () => {
  it('is refused before any Cognito call, even with no history', async () => {
    const { route, client } = deviceRouter();
    const envelope = await route({ ...VALID['devices.act'], action: 'hack' }, own);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'ERR_MESSAGE_INVALID', details: { field: 'action' } } });
    expect(client.updateDeviceStatus).not.toHaveBeenCalled();
    expect(client.forgetDevice).not.toHaveBeenCalled();
  });
});

describe('devices.bulkStart, malformed or too large (break 7)', () => {
  it.each([
    ['devices as text', 'abc', 'devices', 'ERR_MESSAGE_INVALID'],
    ['a null device', [null], 'devices[0]', 'ERR_MESSAGE_INVALID'],
    ['a device without a key', [{ name: 'Phone' }], 'devices[0].key', 'ERR_MESSAGE_INVALID'],
    [
      `${(100_000).toLocaleString('en')} devices`,
      Array.from({ length: 100_000 }, () => ({ key: KEY })),
      'devices',
      'ERR_BULK_TOO_LARGE',
    ],
  ])('%s: refused, the lock stays free, and a valid start then runs', async (_name, devices, field, code) => {
    const { route, published, client } = deviceRouter();
    const refused = await route({ ...VALID['devices.bulkStart'], devices }, own);
    expect(refused).toMatchObject({ ok: false, error: { code, details: { field } } });
    expect(published).toEqual([]);
    const started = await route(VALID['devices.bulkStart'], own);
    expect(started).toMatchObject({ ok: true, value: { jobId: expect.any(String) } });
    await vi.waitFor(() => expect(client.updateDeviceStatus).toHaveBeenCalledTimes(1));
  });

  it(`takes ${MAX_BULK_DEVICES} devices, and the refusal says that number`, async () => {
    const { route } = deviceRouter();
    const devices = Array.from({ length: MAX_BULK_DEVICES }, (_, i) => ({
      key: `us-east-1_${i.toString(16).padStart(8, '0')}`,
    }));
    expect(await route({ ...VALID['devices.bulkStart'], devices }, own)).toMatchObject({ ok: true });
    expect(describeError('ERR_BULK_TOO_LARGE').title).toContain(MAX_BULK_DEVICES.toLocaleString('en'));
  });
});
