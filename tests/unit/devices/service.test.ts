import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { CognitoClient, Device } from '../../../utils/cognito';
import type { BulkJobSnapshot } from '../../../utils/devices/bulk-job';
import { createDeviceService } from '../../../utils/devices/service';
import { AppError } from '../../../utils/errors';
import { type HistoryStore, openHistory } from '../../../utils/history/store';
import type { Session } from '../../../utils/session/types';
import { deviceSession, NOW, TOKEN } from './fixtures';

const session = deviceSession;

function device(key: string, name: string, remembered: boolean): Device {
  return { key, name, remembered, attributes: [] } as unknown as Device;
}

/** A fake Cognito holding devices in memory, as a user's ListDevices shows them (remembered only). */
function fakeCognito(devices: Device[], gate?: Promise<void>) {
  const calls: string[] = [];
  const client = {
    async *listAllDevices() {
      calls.push('list');
      for (const d of devices) if (d.remembered) yield d;
    },
    getDevice: vi.fn(async ({ deviceKey }: { deviceKey: string }) => {
      calls.push(`get:${deviceKey}`);
      const d = devices.find((x) => x.key === deviceKey);
      if (!d) throw new AppError('ERR_COGNITO_RESOURCE_NOT_FOUND');
      return d;
    }),
    updateDeviceStatus: vi.fn(async ({ deviceKey, remembered }: { deviceKey: string; remembered: boolean }) => {
      calls.push(`update:${deviceKey}:${remembered}`);
      const d = devices.find((x) => x.key === deviceKey);
      if (!d) throw new AppError('ERR_COGNITO_RESOURCE_NOT_FOUND', undefined, { details: { requestId: 'r-404' } });
      (d as { remembered?: boolean }).remembered = remembered;
    }),
    forgetDevice: vi.fn(async ({ deviceKey }: { deviceKey: string }) => {
      calls.push(`forget:${deviceKey}`);
      await gate;
      const i = devices.findIndex((x) => x.key === deviceKey);
      if (i < 0) throw new AppError('ERR_COGNITO_RESOURCE_NOT_FOUND');
      devices.splice(i, 1);
      return { alreadyForgotten: false };
    }),
  };
  return { client: client as unknown as CognitoClient, calls };
}

async function setup(
  options: {
    session?: Session;
    devices?: Device[];
    stale?: BulkJobSnapshot;
    gate?: Promise<void>;
    endpointOverride?: string;
    history?: HistoryStore;
  } = {},
) {
  const history = options.history ?? (await openHistory({ indexedDB: new IDBFactory(), now: () => NOW }));
  const devices = options.devices ?? [
    device('us-east-1_current', 'This laptop', true),
    device('us-east-1_phone', 'Phone', true),
    device('us-east-1_tablet', '<img src=x onerror=alert(1)>', true),
  ];
  const { client, calls } = fakeCognito(devices, options.gate);
  const snapshots: BulkJobSnapshot[] = [];
  const endpoints: string[] = [];
  const current = options.session ?? session();
  // Bookkeeping the service runs after answering; `settle()` runs it (and waits for its writes).
  const deferred: (() => Promise<void>)[] = [];
  const settle = () => Promise.all(deferred.splice(0).map((task) => task()));
  const service = createDeviceService({
    sessions: {
      get: async (id) => {
        if (id && id !== current.id) throw new AppError('ERR_SESSION_NONE');
        return current;
      },
    },
    cognito: async (endpoint) => {
      endpoints.push(endpoint);
      return client;
    },
    endpointOverride: async () => options.endpointOverride ?? 'http://127.0.0.1:9/',
    history: async () => history,
    publishBulk: async (s) => {
      if (s) snapshots.push(structuredClone(s));
    },
    currentBulk: async () => snapshots.at(-1) ?? options.stale ?? null,
    now: () => NOW,
    newId: () => 'job-1',
    defer: (task) => deferred.push(task),
  });
  return { service, history, calls, snapshots, endpoints, settle };
}

describe('device service: list', () => {
  it('lists devices, marks this browser’s device, and remembers them in history', async () => {
    const { service, history, settle } = await setup();
    const result = await service.list({});
    expect(result.listed.map((r) => [r.key, r.isCurrent])).toEqual([
      ['us-east-1_current', true],
      ['us-east-1_phone', false],
      ['us-east-1_tablet', false],
    ]);
    expect(result.knownOnly).toEqual([]);
    // The memory is written after the answer, not before it.
    expect(await history.knownDevices({ pool: 'us-east-1_Demo1', username: 'alice' })).toEqual([]);
    await settle();
    const known = await history.knownDevices({ pool: 'us-east-1_Demo1', username: 'alice' });
    expect(known.map((k) => k.deviceKey).sort()).toEqual(['us-east-1_current', 'us-east-1_phone', 'us-east-1_tablet']);
  });

  it('keeps a device marked not remembered in sight, as known from history', async () => {
    const { service } = await setup();
    await service.list({});
    await service.act({ device: { key: 'us-east-1_phone', name: 'Phone', remembered: true }, action: 'notRemember' });
    const after = await service.list({});
    expect(after.listed.map((r) => r.key)).not.toContain('us-east-1_phone');
    expect(after.knownOnly).toMatchObject([
      { key: 'us-east-1_phone', name: 'Phone', remembered: false, source: 'history' },
    ]);
  });

  it.each([
    [
      'an expired session',
      session({ status: { state: 'expired', reason: 'ERR_COGNITO_REFRESH_TOKEN_INVALID' } }),
      'ERR_COGNITO_REFRESH_TOKEN_INVALID',
    ],
    [
      'a token without the admin scope',
      session({ claims: { ...session().claims, scopes: ['openid'] } }),
      'ERR_TOKEN_SCOPE_MISSING',
    ],
    [
      'a token past its expiry',
      session({ claims: { ...session().claims, expiresAt: NOW / 1000 - 1 } }),
      'ERR_TOKEN_EXPIRED',
    ],
  ])('refuses %s before any call', async (_, s, code) => {
    const { service, calls } = await setup({ session: s });
    await expect(service.list({})).rejects.toMatchObject({ code });
    await expect(service.act({ device: { key: 'us-east-1_phone' }, action: 'forget' })).rejects.toMatchObject({ code });
    expect(calls).toEqual([]);
  });
});

describe('device service: where calls go', () => {
  it('refuses a loopback issuer that Settings’ override does not name, before any call', async () => {
    const { service, calls } = await setup({ endpointOverride: '' });
    await expect(service.list({})).rejects.toMatchObject({ code: 'ERR_TOKEN_ISSUER_UNTRUSTED' });
    const other = await setup({ endpointOverride: 'http://127.0.0.1:10/' });
    await expect(other.service.act({ device: { key: 'us-east-1_phone' }, action: 'forget' })).rejects.toMatchObject({
      code: 'ERR_TOKEN_ISSUER_UNTRUSTED',
    });
    expect([...calls, ...other.calls]).toEqual([]);
  });

  it('sends a Cognito-issued session to its own Cognito host, whatever endpoint was stored or overridden', async () => {
    const iss = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1';
    const s = session({ issuer: iss, endpoint: 'http://127.0.0.1:9/', claims: { ...session().claims, issuer: iss } });
    const { service, endpoints } = await setup({ session: s, endpointOverride: 'http://127.0.0.1:9/' });
    await service.list({});
    await service.act({ device: { key: 'us-east-1_phone' }, action: 'notRemember' });
    expect(endpoints).toEqual([
      'https://cognito-idp.us-east-1.amazonaws.com',
      'https://cognito-idp.us-east-1.amazonaws.com',
    ]);
  });
});

describe('device service: act', () => {
  it('writes the history entry with status before and after', async () => {
    const { service, history } = await setup();
    // The answer also carries the list (devices.act answers with it; see 'act answers with the list' below).
    const { list: _list, ...result } = await service.act({
      device: { key: 'us-east-1_phone', name: 'Phone', remembered: true },
      action: 'notRemember',
    });
    expect(result).toEqual({
      key: 'us-east-1_phone',
      action: 'notRemember',
      alreadyForgotten: false,
      message: 'No longer remembered.',
    });
    const [entry] = (await history.query({ limit: 5 })).entries;
    expect(entry).toMatchObject({
      action: 'device.notRemember',
      mode: 'user',
      outcome: 'ok',
      actor: { pool: 'us-east-1_Demo1', username: 'alice', clientId: 'client1', sub: 'sub-1' },
      target: { deviceKey: 'us-east-1_phone', deviceName: 'Phone' },
      statusBefore: 'remembered',
      statusAfter: 'not_remembered',
    });
  });

  it('records a failed action with its code and rethrows it', async () => {
    const { service, history } = await setup();
    await expect(
      service.act({ device: { key: 'us-east-1_gone', name: 'Gone' }, action: 'remember' }),
    ).rejects.toMatchObject({
      code: 'ERR_COGNITO_RESOURCE_NOT_FOUND',
    });
    const [entry] = (await history.query({ limit: 5 })).entries;
    expect(entry).toMatchObject({
      action: 'device.remember',
      outcome: 'failed',
      error: { code: 'ERR_COGNITO_RESOURCE_NOT_FOUND' },
    });
  });

  it('never stores the access token', async () => {
    const { service, history } = await setup();
    await service.act({ device: { key: 'us-east-1_phone', name: 'Phone' }, action: 'forget' });
    const dump = JSON.stringify(await history.list({}, 100));
    expect(dump).not.toContain(TOKEN);
    expect(dump).not.toContain(TOKEN.split('.')[2]);
  });
});

describe('device service: bulk', () => {
  it('runs the action over every device, publishing progress, with a parent entry and one child per device', async () => {
    const { service, history, snapshots, calls } = await setup();
    const { jobId } = await service.startBulk({
      devices: [
        { key: 'us-east-1_phone', name: 'Phone', remembered: true },
        { key: 'us-east-1_missing', name: 'Missing', remembered: true },
        { key: 'us-east-1_tablet', name: 'Tablet', remembered: true },
      ],
      action: 'forget',
    });
    expect(jobId).toBe('job-1');
    await vi.waitFor(() => expect(snapshots.at(-1)?.state).toBe('done'));
    const last = snapshots.at(-1) as BulkJobSnapshot;
    expect(last.progress).toMatchObject({ total: 3, done: 3, ok: 2, failed: 1 });
    expect(last.items.map((i) => [i.key, i.outcome, i.errorCode])).toEqual([
      ['us-east-1_phone', 'ok', undefined],
      ['us-east-1_missing', 'failed', 'ERR_COGNITO_RESOURCE_NOT_FOUND'],
      ['us-east-1_tablet', 'ok', undefined],
    ]);
    expect(snapshots.some((s) => s.progress.done === 1)).toBe(true);
    expect(calls.filter((c) => c.startsWith('forget:')).sort()).toEqual([
      'forget:us-east-1_missing',
      'forget:us-east-1_phone',
      'forget:us-east-1_tablet',
    ]);
    await vi.waitFor(async () => {
      const parent = (await history.query({ action: 'bulk.run', limit: 1 })).entries[0];
      // One device failed: the run as a whole did not do everything asked.
      expect(parent).toMatchObject({
        outcome: 'failed',
        counts: { total: 3, ok: 2, failed: 1 },
        error: { code: 'ERR_COGNITO_RESOURCE_NOT_FOUND' },
      });
      const children = await history.query({ parentId: parent?.id, limit: 10 });
      expect(children.entries).toHaveLength(3);
    });
  });

  it('refuses an empty selection and a second run at once', async () => {
    const { service } = await setup();
    await expect(service.startBulk({ devices: [], action: 'forget' })).rejects.toMatchObject({
      code: 'ERR_INVALID_INPUT',
    });
    await service.startBulk({ devices: [{ key: 'us-east-1_phone' }], action: 'notRemember' });
    await expect(service.startBulk({ devices: [{ key: 'us-east-1_tablet' }], action: 'forget' })).rejects.toMatchObject(
      {
        code: 'ERR_INVALID_INPUT',
      },
    );
  });

  it('records the run as ok when every device was done', async () => {
    const { service, history, snapshots } = await setup();
    await service.startBulk({
      devices: [{ key: 'us-east-1_phone' }, { key: 'us-east-1_tablet' }],
      action: 'notRemember',
    });
    await vi.waitFor(() => expect(snapshots.at(-1)?.state).toBe('done'));
    await vi.waitFor(async () =>
      expect((await history.query({ action: 'bulk.run', limit: 1 })).entries[0]).toMatchObject({
        outcome: 'ok',
        counts: { total: 2, ok: 2, failed: 0 },
      }),
    );
  });

  it('lets calls already sent finish when cancelled, and records the run as cancelled', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const many = Array.from({ length: 8 }, (_, i) => device(`us-east-1_d${i}`, `Device ${i}`, true));
    const { service, history, snapshots, calls } = await setup({ devices: many, gate });
    const { jobId } = await service.startBulk({ devices: many.map((d) => ({ key: d.key })), action: 'forget' });
    // Some forgets are under way and held at the gate; cancel, then let them answer.
    await vi.waitFor(() => expect(calls.filter((c) => c.startsWith('forget:')).length).toBeGreaterThan(0));
    await service.cancelBulk({ jobId });
    release();
    await vi.waitFor(() => expect(snapshots.at(-1)?.state).toBe('cancelled'));
    const last = snapshots.at(-1) as BulkJobSnapshot;
    const sent = calls.filter((c) => c.startsWith('forget:')).map((c) => c.slice('forget:'.length));
    // Every call that was sent has its real outcome (ok): none is reported as "not started".
    expect(last.items.filter((i) => i.outcome === 'ok').map((i) => i.key)).toEqual(sent);
    expect(last.items.filter((i) => i.outcome === 'cancelled')).toHaveLength(8 - sent.length);
    expect(sent.length).toBeLessThan(8);
    await vi.waitFor(async () =>
      expect((await history.query({ action: 'bulk.run', limit: 1 })).entries[0]).toMatchObject({
        outcome: 'failed',
        error: { code: 'ERR_ABORTED' },
        counts: { total: 8, ok: sent.length, failed: 0 },
      }),
    );
  });

  it('refuses a second start made while the first is still being set up', async () => {
    const { service } = await setup();
    const first = service.startBulk({ devices: [{ key: 'us-east-1_phone' }], action: 'notRemember' });
    const second = service.startBulk({ devices: [{ key: 'us-east-1_tablet' }], action: 'notRemember' });
    await expect(first).resolves.toMatchObject({ jobId: 'job-1' });
    await expect(second).rejects.toMatchObject({ code: 'ERR_INVALID_INPUT' });
  });

  it('resumes a job left "running" by a worker that stopped; on cancel elsewhere, settles it', async () => {
    const stale: BulkJobSnapshot = {
      id: 'old-job',
      sessionId: 's1',
      action: 'forget',
      state: 'running',
      progress: { total: 2, done: 1, ok: 1, failed: 0, rate: 1 },
      items: [
        { key: 'us-east-1_phone', outcome: 'ok' },
        { key: 'us-east-1_tablet', outcome: 'pending' },
      ],
      startedAt: NOW - 1000,
    };
    const atStart = await setup({ stale });
    await atStart.service.recoverBulk();
    // The item never started is run; the one already done is not sent again.
    expect(atStart.calls).toEqual(['forget:us-east-1_tablet']);
    expect(atStart.snapshots.at(-1)).toMatchObject({ id: 'old-job', state: 'done', finishedAt: NOW });
    expect(atStart.snapshots.at(-1)?.items.map((i) => i.outcome)).toEqual(['ok', 'ok']);

    const onCancel = await setup({ stale });
    expect(await onCancel.service.cancelBulk({ jobId: 'old-job' })).toEqual({ cancelled: true });
    expect(onCancel.snapshots.at(-1)?.state).toBe('interrupted');
    expect(await onCancel.service.cancelBulk({ jobId: 'nope' })).toEqual({ cancelled: false });
  });

  it('checks in-flight items with GetDevice before re-sending, and completes their entries', async () => {
    const history = await openHistory({ indexedDB: new IDBFactory(), now: () => NOW });
    const entry = (deviceKey: string) =>
      history.begin({
        action: 'device.notRemember',
        mode: 'user',
        actor: { pool: 'us-east-1_Demo1', sub: 'sub-alice', username: 'alice' },
        target: { deviceKey },
      });
    const applied = await entry('us-east-1_phone');
    const lost = await entry('us-east-1_tablet');
    const stale: BulkJobSnapshot = {
      id: 'old-job',
      sessionId: 's1',
      action: 'notRemember',
      state: 'running',
      progress: { total: 2, done: 0, ok: 0, failed: 0, rate: 0 },
      items: [
        { key: 'us-east-1_phone', outcome: 'inFlight', entryId: applied },
        { key: 'us-east-1_tablet', outcome: 'inFlight', entryId: lost },
      ],
      startedAt: NOW - 1000,
    };
    const devices = [device('us-east-1_phone', 'Phone', false), device('us-east-1_tablet', 'Tablet', true)];
    const run = await setup({ stale, devices, history });
    await run.service.recoverBulk();
    // The phone's call had taken effect: checked, not re-sent. The tablet's had not: checked, then sent.
    expect(run.calls).toEqual(['get:us-east-1_phone', 'get:us-east-1_tablet', 'update:us-east-1_tablet:false']);
    expect(run.snapshots.at(-1)?.items.map((i) => i.outcome)).toEqual(['reconciled', 'ok']);
    const byId = new Map((await history.list()).map((e) => [e.id, e]));
    expect(byId.get(applied)).toMatchObject({ outcome: 'ok', statusAfter: 'not_remembered' });
    expect(byId.get(lost)).toMatchObject({ outcome: 'ok', statusAfter: 'not_remembered' });
  });

  it('settles a job whose session has ended without sending anything: every open device gets an entry saying why', async () => {
    const history = await openHistory({ indexedDB: new IDBFactory(), now: () => NOW });
    const actor = { pool: 'us-east-1_Demo1', sub: 'sub-alice', username: 'alice' };
    const cut = await history.begin({
      action: 'device.forget',
      mode: 'user',
      actor,
      target: { deviceKey: 'us-east-1_phone' },
    });
    await history.markInterrupted();
    const stale: BulkJobSnapshot = {
      id: 'old-job',
      sessionId: 'gone',
      action: 'forget',
      state: 'running',
      progress: { total: 3, done: 1, ok: 1, failed: 0, rate: 1 },
      items: [
        { key: 'us-east-1_current', outcome: 'ok' },
        { key: 'us-east-1_phone', outcome: 'inFlight', entryId: cut },
        { key: 'us-east-1_tablet', name: 'Tablet', remembered: true, outcome: 'pending' },
      ],
      startedAt: NOW - 1000,
      actor,
    };
    const run = await setup({ stale, history });
    await run.service.recoverBulk();
    expect(run.calls).toEqual([]);
    const last = run.snapshots.at(-1) as BulkJobSnapshot;
    expect(last).toMatchObject({ state: 'interrupted', resumedAt: NOW, finishedAt: NOW });
    expect(last.items.map((i) => i.outcome)).toEqual(['ok', 'failed', 'cancelled']);
    const entries = await history.list();
    expect(entries.filter((e) => e.outcome === 'pending' || e.outcome === 'interrupted')).toEqual([]);
    const of = (key: string) => entries.find((e) => e.target?.deviceKey === key);
    expect(of('us-east-1_phone')).toMatchObject({ id: cut, outcome: 'failed', error: { code: 'ERR_SESSION_NONE' } });
    expect(of('us-east-1_phone')?.error?.message).toMatch(/could not be checked\. Sign in again and open Devices/);
    expect(of('us-east-1_tablet')).toMatchObject({
      outcome: 'failed',
      actor,
      statusBefore: 'remembered',
      target: { deviceKey: 'us-east-1_tablet', deviceName: 'Tablet' },
    });
    expect(of('us-east-1_tablet')?.error?.message).toMatch(/^Not started: the session this run used has ended/);
    const parent = entries.find((e) => e.action === 'bulk.run');
    expect(parent).toMatchObject({ outcome: 'failed', counts: { total: 3, ok: 1, failed: 1 } });
    expect(parent?.error?.message).toBe('1 of 3 done, 1 failed, 1 not started (the session ended).');
  });

  it('stops when cancelled and marks the rest cancelled', async () => {
    const many = Array.from({ length: 30 }, (_, i) => device(`us-east-1_d${i}`, `Device ${i}`, true));
    const { service, snapshots } = await setup({ devices: many });
    const { jobId } = await service.startBulk({ devices: many.map((d) => ({ key: d.key })), action: 'notRemember' });
    expect(await service.cancelBulk({ jobId })).toEqual({ cancelled: true });
    await vi.waitFor(() => expect(snapshots.at(-1)?.state).toBe('cancelled'));
    const last = snapshots.at(-1) as BulkJobSnapshot;
    expect(last.items.filter((i) => i.outcome === 'cancelled').length).toBeGreaterThan(0);
    expect(last.items.filter((i) => i.outcome === 'pending')).toEqual([]);
  });
});

describe('device service: act answers with the list', () => {
  it('folds the action into the last listing: one Cognito call, and what a new listing then shows', async () => {
    const { service, calls, settle } = await setup();
    await service.list({});
    await settle();
    calls.length = 0;
    const notRemembered = await service.act({
      device: { key: 'us-east-1_phone', name: 'Phone', remembered: true },
      action: 'notRemember',
    });
    const forgotten = await service.act({ device: { key: 'us-east-1_tablet', remembered: true }, action: 'forget' });
    const remembered = await service.act({ device: { key: 'us-east-1_phone', name: 'Phone' }, action: 'remember' });
    expect(calls).toEqual(['update:us-east-1_phone:false', 'forget:us-east-1_tablet', 'update:us-east-1_phone:true']);
    const view = (r: {
      listed: { key: string; remembered?: boolean }[];
      knownOnly: { key: string; remembered?: boolean }[];
    }) => ({
      listed: r.listed.map((d) => [d.key, d.remembered]),
      knownOnly: r.knownOnly.map((d) => [d.key, d.remembered]),
    });
    expect(view(notRemembered.list)).toEqual({
      listed: [
        ['us-east-1_current', true],
        ['us-east-1_tablet', true],
      ],
      knownOnly: [['us-east-1_phone', false]],
    });
    expect(view(forgotten.list)).toEqual({
      listed: [['us-east-1_current', true]],
      knownOnly: [['us-east-1_phone', false]],
    });
    expect(remembered.list.listed.find((d) => d.key === 'us-east-1_phone')).toMatchObject({
      name: 'Phone',
      remembered: true,
      source: 'listed',
    });
    // A fresh listing (Cognito and the history's memory) agrees with the folded one.
    const fresh = await service.list({});
    expect(view(fresh).listed.sort()).toEqual(view(remembered.list).listed.sort());
    expect(view(fresh).knownOnly).toEqual(view(remembered.list).knownOnly);
  });

  it('lists once when this worker has not listed the session yet (a restarted worker)', async () => {
    const { service, calls } = await setup();
    const result = await service.act({ device: { key: 'us-east-1_phone' }, action: 'notRemember' });
    expect(calls).toEqual(['update:us-east-1_phone:false', 'list']);
    expect(result.list.listed.map((d) => d.key)).not.toContain('us-east-1_phone');
  });
});
