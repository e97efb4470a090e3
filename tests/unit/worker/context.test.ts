/**
 * The worker context: one pacer registry shared by every area, the settings
 * cache, the one endpoint rule and the one history recorder.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { createAdminService } from '../../../utils/admin/service';
import { type CognitoClientOptions, createCognitoClient } from '../../../utils/cognito';
import type { BulkJobSnapshot } from '../../../utils/devices/bulk-job';
import { createDeviceService } from '../../../utils/devices/service';
import { AppError } from '../../../utils/errors';
import { openAuditStore } from '../../../utils/history/audit-store';
import { openHistory } from '../../../utils/history/store';
import type { Session } from '../../../utils/session/types';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/storage';
import { createRecorder, createWorkerContext } from '../../../utils/worker/context';

const SANDBOX = 'http://127.0.0.1:9/';
const POOL = 'us-east-1_Demo1';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
const DAY = 86_400_000;
const actor = { pool: POOL, username: 'alice' };
/** A device key of the model's pattern (`[\w-]+_[0-9a-f-]+`). */
const deviceKey = (group: number, i: number) =>
  `us-east-1_${group}${i.toString(16).padStart(7, '0')}-0000-4000-8000-000000000000`;

/** Virtual time: `sleep` waits for the driver, which moves the clock to the earliest timer. */
function virtualClock() {
  let t = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const tick = () => new Promise<void>((r) => setImmediate(r));
  return {
    now: () => t,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) reject(signal.reason);
        else timers.push({ at: t + ms, resolve });
      }),
    /** Run until `done()`, advancing the clock only when nothing else can run (real waits: signing, IndexedDB). */
    async drive(done: () => Promise<boolean>) {
      for (let idle = 0; idle < 2000; ) {
        for (let i = 0; i < 20; i++) await tick();
        if (await done()) return;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) {
          idle++;
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        idle = 0;
        t = Math.max(t, next.at);
        next.resolve();
      }
      throw new Error('the runs did not finish');
    },
  };
}

function session(): Session {
  return {
    id: 's1',
    source: 'paste',
    clientId: 'client1',
    username: 'alice',
    poolId: POOL,
    issuer: `http://127.0.0.1:9/${POOL}`,
    endpoint: SANDBOX,
    tokens: { accessToken: TOKEN },
    clockDriftSec: 0,
    claims: {
      sub: 'sub-1',
      username: 'alice',
      clientId: 'client1',
      issuer: `http://127.0.0.1:9/${POOL}`,
      poolId: POOL,
      groups: [],
      scopes: ['aws.cognito.signin.user.admin'],
      expiresAt: 2_000_000_000,
    },
    verification: { state: 'verified' },
    status: { state: 'active' },
    importedAt: 0,
  } as Session;
}

describe('worker context: one pacer registry', () => {
  it('gives every caller of one endpoint the same pacer, another endpoint its own, new rates a new one', async () => {
    let settings: Settings = { ...DEFAULT_SETTINGS, endpointOverride: SANDBOX };
    const readSettings = vi.fn(async () => settings);
    let notify: (next: Settings) => void = () => {};
    const context = createWorkerContext({ readSettings, watchSettings: (l) => (notify = l) });
    const a = await context.pacer({ endpoint: 'http://127.0.0.1:9/' });
    expect(await context.pacer({ endpoint: 'http://127.0.0.1:9' })).toBe(a);
    expect(await context.pacer({ endpoint: 'https://cognito-idp.us-east-1.amazonaws.com' })).not.toBe(a);
    expect(readSettings).toHaveBeenCalledTimes(1);
    settings = { ...settings, quotas: { ...settings.quotas, UserResourceRead: 10, UserResourceUpdate: 5 } };
    notify(settings);
    const b = await context.pacer({ endpoint: SANDBOX });
    expect(b).not.toBe(a);
    expect(b.rates).toMatchObject({ UserResourceRead: 10, UserResourceUpdate: 5 });
    expect(readSettings).toHaveBeenCalledTimes(1);
  });

  it('a user bulk run and an admin remediation in one Region together never exceed the write rate', async () => {
    const clock = virtualClock();
    const writes: { op: string }[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      const op = String(new Headers(init.headers).get('x-amz-target')).split('.').pop() ?? '';
      writes.push({ op });
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' } });
    }) as typeof globalThis.fetch;
    // When the pacer lets each request go (the fetch itself may run a few ticks later, after signing).
    const granted: number[] = [];
    const withFakes = (o: CognitoClientOptions) => {
      const pacer = o.pacer;
      if (!pacer) throw new Error('every client must get the registry’s pacer');
      return createCognitoClient({
        ...o,
        fetch,
        now: clock.now,
        sleep: clock.sleep,
        pacer: {
          rates: pacer.rates,
          async acquire(pace, signal) {
            await pacer.acquire(pace, signal);
            if (pace.category === 'UserResourceUpdate') granted.push(clock.now());
          },
        },
      });
    };
    const context = createWorkerContext({
      readSettings: async () => ({ ...DEFAULT_SETTINGS, endpointOverride: SANDBOX }),
      createClient: withFakes,
      now: clock.now,
      sleep: clock.sleep,
    });

    // The user's bulk run, wired as utils/devices/runtime.ts wires it.
    let bulk: BulkJobSnapshot | null = null;
    const devices = createDeviceService({
      sessions: { get: async () => session() },
      cognito: (endpoint) => context.cognito({ endpoint }),
      endpointOverride: context.endpointOverride,
      history: context.history,
      publishBulk: async (s) => {
        bulk = s;
      },
    });
    // The admin remediation, wired as utils/admin/runtime.ts wires it.
    const factory = new IDBFactory();
    const store = await openAuditStore({ indexedDB: factory, name: 'ctx' });
    await store.createRun({
      id: 'run1',
      poolId: POOL,
      endpoint: SANDBOX,
      state: 'done',
      listingDone: true,
      pendingUsers: [{ username: 'bob' }],
      usersDone: 0,
      devicesFound: 0,
      pagesRead: 1,
      reads: 1,
      listingRestarts: 0,
      startedAt: 0,
      updatedAt: 0,
    });
    const stale = Array.from({ length: 40 }, (_, i) => ({
      key: deviceKey(1, i),
      createdAt: Date.now() - 400 * DAY,
      lastAuthenticatedAt: Date.now() - 200 * DAY,
    }));
    await store.recordUser({ runId: 'run1', username: 'bob', devices: stale }, { reads: 1, now: 0 });
    const connection = {
      poolId: POOL,
      credentials: { accessKeyId: 'AKIASANDBOXDEMO00001', secretAccessKey: 'sandboxDemoSecretKey0000' },
    };
    const admin = createAdminService({
      connection: { get: async () => connection, set: async () => {}, clear: async () => {} },
      settings: context.settings,
      pacer: context.pacer,
      cognito: (o) => withFakes(o),
      auditStore: async () => store,
    });

    const keys = Array.from({ length: 40 }, (_, i) => ({ key: deviceKey(2, i) }));
    await devices.startBulk({ devices: keys, action: 'notRemember' });
    await admin.handlers['admin.remediation.start']({
      type: 'admin.remediation.start',
      runId: 'run1',
      filter: { category: 'stale', staleDays: 90 },
      action: 'forget',
      dryRun: false,
    });
    await clock.drive(
      async () =>
        (bulk as BulkJobSnapshot | null)?.state === 'done' &&
        (await admin.handlers['admin.remediation.status']({ type: 'admin.remediation.status' }))?.state === 'done',
    );

    expect(writes.filter((w) => w.op === 'UpdateDeviceStatus')).toHaveLength(40);
    expect(writes.filter((w) => w.op === 'AdminForgetDevice')).toHaveLength(40);
    const times = [...granted].sort((a, b) => a - b);
    expect(times).toHaveLength(80);
    // No one-second window holds more than the write quota (25/s) of the two runs together.
    const write = DEFAULT_SETTINGS.quotas.UserResourceUpdate;
    for (let i = write; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - write] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    store.close();
  });
});

describe('worker context: the one endpoint rule', () => {
  it('never reads the override for a Cognito issuer, and refuses an issuer it does not trust', async () => {
    const readSettings = vi.fn(async () => ({ ...DEFAULT_SETTINGS, endpointOverride: 'ftp://bad' }));
    const context = createWorkerContext({ readSettings });
    const iss = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
    expect(await context.endpointOf({ issuer: iss })).toBe('https://cognito-idp.us-east-1.amazonaws.com');
    expect(readSettings).not.toHaveBeenCalled();
    await expect(context.endpointOf({ issuer: `http://127.0.0.1:9/${POOL}` })).rejects.toMatchObject({
      code: 'ERR_INVALID_ENDPOINT',
    });
    const sandbox = createWorkerContext({
      readSettings: async () => ({ ...DEFAULT_SETTINGS, endpointOverride: SANDBOX }),
    });
    expect(await sandbox.endpointOf({ issuer: `http://127.0.0.1:9/${POOL}` })).toBe('http://127.0.0.1:9');
    await expect(sandbox.endpointOf({ issuer: `http://127.0.0.1:10/${POOL}` })).rejects.toMatchObject({
      code: 'ERR_TOKEN_ISSUER_UNTRUSTED',
      details: { field: 'issuer' },
    });
    await expect(sandbox.endpointOf({ issuer: `https://evil.example/${POOL}` })).rejects.toMatchObject({
      code: 'ERR_TOKEN_ISSUER_UNTRUSTED',
    });
  });
});

describe('worker context: record(draft, run)', () => {
  it('writes a pending entry, then the outcome; a failure is recorded and rethrown', async () => {
    const history = await openHistory({ indexedDB: new IDBFactory() });
    const record = createRecorder(async () => history);
    await expect(
      record({ action: 'device.forget', mode: 'user', actor, target: { deviceKey: 'us-east-1_a' } }, async () => 7),
    ).resolves.toBe(7);
    const failure = new AppError('ERR_COGNITO_NOT_AUTHORIZED');
    await expect(
      record({ action: 'device.remember', mode: 'user', actor, target: { deviceKey: 'us-east-1_b' } }, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    const { entries } = await history.query({ limit: 10 });
    expect(entries.map((e) => [e.action, e.outcome, e.error?.code])).toEqual([
      ['device.remember', 'failed', 'ERR_COGNITO_NOT_AUTHORIZED'],
      ['device.forget', 'ok', undefined],
    ]);
    history.close();
  });

  it('runs the action alone when the history cannot be opened', async () => {
    const record = createRecorder(async () => undefined);
    await expect(record({ action: 'session.refresh', mode: 'user', actor }, async () => 'done')).resolves.toBe('done');
  });
});
