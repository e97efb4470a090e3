/**
 * An admin "forget" remediation against the real sandbox, cut short mid-run as
 * a worker stop would (the first worker's calls, history writes and plan
 * writes stop; the answer of the one call in flight is lost), then resumed by
 * a fresh admin service over the same `local:remediationJob` plan and the same
 * IndexedDB history: `start()` carries it on by itself. With credentials: one
 * entry per device, the in-flight one checked with AdminGetDevice (not re-sent
 * when it took effect), the sandbox as asked. Without (a browser restart):
 * every open device settled with ERR_ADMIN_NOT_CONNECTED, nothing sent.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditRunner } from '../../../utils/admin/audit';
import type { RemediationJob } from '../../../utils/admin/remediation';
import { runRemediation, selectTargets } from '../../../utils/admin/remediation';
import { createAdminService } from '../../../utils/admin/service';
import { type CognitoClient, createCognitoClient } from '../../../utils/cognito';
import { type AuditStore, openAuditStore } from '../../../utils/history/audit-store';
import type { AuditRun } from '../../../utils/history/audit-types';
import { type HistoryStore, openHistory } from '../../../utils/history/store';
import { DEFAULT_SETTINGS } from '../../../utils/settings';
import { createWorkerContext } from '../../../utils/worker/context';
import { openScaleSandbox, type SandboxState } from './helpers';

const USERS = 6;
const PER_USER = 6;
/** Worker 1 is cut at its CUT_AT-th AdminForgetDevice. */
const CUT_AT = 12;
const never = () => new Promise<never>(() => {});

type Env = Awaited<ReturnType<typeof openScaleSandbox>>;
let env: Env;
let store: AuditStore;
beforeEach(async () => {
  env = await openScaleSandbox({ users: USERS, devicesPerUser: PER_USER, rate: 50 });
  store = await openAuditStore({ indexedDB: new IDBFactory(), name: `remed-${Math.random()}` });
});
afterEach(async () => {
  store.close();
  await env.close();
});

async function route(method: string, path: string): Promise<unknown> {
  const response = await fetch(`${env.sandbox.endpoint}${path}`, { method });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response.json();
}
async function requests(operation: string): Promise<{ operation: string; status: number }[]> {
  const { requests: all } = (await route('GET', '/_sandbox/requests')) as {
    requests: { operation: string; status: number }[];
  };
  return all.filter((r) => r.operation === operation);
}
/** username → device keys the sandbox holds now. */
async function keysByUser(): Promise<Map<string, string[]>> {
  const pool = (await env.state()) as SandboxState['pools'][number];
  return new Map(pool.users.map((u) => [u.username, u.devices.map((d) => d.key).sort()]));
}

/**
 * Audit the pool, then run a forget of every device of the first five users with a worker
 * that dies at its CUT_AT-th call: `applied`, after the sandbox applied it (the answer is
 * lost); `unsent`, before it is sent. Returns the plan as storage.local holds it.
 */
async function cutRun(cut: 'applied' | 'unsent') {
  const endpoint = env.endpoint;
  const runner = createAuditRunner({ store, client: () => env.client });
  const run = await runner.start({ poolId: env.poolId, endpoint });
  const audited = (await runner.whenSettled(run.id)) as AuditRun;
  const before = await keysByUser();
  const users = [...before.keys()].sort();
  const chosen = new Set(users.slice(0, 5));
  const targets = (await selectTargets(store, audited.id, { category: 'all' }, Date.now())).filter((t) =>
    chosen.has(t.username),
  );
  expect(targets.length).toBeGreaterThanOrEqual(30);
  expect(new Set(targets.map((t) => t.username)).size).toBe(5);
  await route('DELETE', '/_sandbox/requests');

  const idb = new IDBFactory();
  /** storage.local's `remediationJob` item, shared by both workers. */
  const saved: { job: RemediationJob | null } = { job: null };
  let dead = false;
  let sent = 0;
  let inFlightKey = '';
  let died: () => void = () => {};
  const cutDone = new Promise<void>((resolve) => {
    died = resolve;
  });
  const history1 = await openHistory({ indexedDB: idb });
  const deadHistory = new Proxy(history1, {
    get: (target, prop) => {
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (...args: unknown[]) => (dead ? never() : value.apply(target, args)) : value;
    },
  }) as HistoryStore;
  const client: CognitoClient = {
    ...env.client,
    adminForgetDevice: async (input) => {
      if (dead) return never();
      sent++;
      if (sent === CUT_AT) {
        inFlightKey = input.deviceKey;
        if (cut === 'applied') await env.client.adminForgetDevice(input);
        dead = true;
        died();
        return never();
      }
      return env.client.adminForgetDevice(input);
    },
  };
  void runRemediation(
    {
      id: 'r1',
      runId: audited.id,
      poolId: env.poolId,
      action: 'forget',
      dryRun: false,
      filter: { category: 'all' },
      targets,
    },
    {
      client,
      store,
      history: deadHistory,
      concurrency: 1,
      save: async (job) => {
        if (!dead) saved.job = structuredClone(job);
      },
    },
  );
  await cutDone;
  await new Promise((r) => setTimeout(r, 200));
  const plan = saved.job as RemediationJob | null;
  expect(plan?.state).toBe('running');
  // One call in flight when cut; the ones before it done, the rest never sent.
  expect(plan?.items.filter((i) => i.outcome === 'inFlight').map((i) => i.deviceKey)).toEqual([inFlightKey]);
  const doneBefore = plan?.items.filter((i) => i.outcome === 'ok').map((i) => i.deviceKey) ?? [];
  expect(doneBefore).toHaveLength(CUT_AT - 1);
  expect(plan?.items.filter((i) => i.outcome === 'pending')).toHaveLength(targets.length - CUT_AT);
  expect((await requests('AdminForgetDevice')).length).toBe(cut === 'applied' ? CUT_AT : CUT_AT - 1);
  await route('DELETE', '/_sandbox/requests');
  return { idb, saved, plan: plan as RemediationJob, before, targets, inFlightKey, doneBefore };
}

/** Worker 2: a fresh admin service over the same storage, with or without the admin connection. */
async function freshService(idb: IDBFactory, saved: { job: RemediationJob | null }, connected: boolean) {
  const history = await openHistory({ indexedDB: idb });
  await history.markInterrupted();
  const context = createWorkerContext({
    readSettings: async () => ({ ...DEFAULT_SETTINGS, endpointOverride: env.sandbox.endpoint }),
  });
  const service = createAdminService({
    connection: {
      get: async () => (connected ? { poolId: env.poolId, credentials: env.iam } : null),
      set: async () => {},
      clear: async () => {},
    },
    settings: async () => ({ endpointOverride: env.sandbox.endpoint }),
    pacer: context.pacer,
    cognito: (options) => createCognitoClient(options),
    auditStore: async () => store,
    history: async () => history,
    publishRemediation: async (job) => {
      saved.job = structuredClone(job);
    },
    currentRemediation: async () => saved.job,
  });
  return { service, history };
}

describe('admin remediation survives a worker stop', () => {
  for (const cut of ['applied', 'unsent'] as const) {
    it(`resumes by itself at start(): cut ${cut === 'applied' ? 'after the sandbox applied the in-flight call' : 'before the in-flight call was sent'}`, async () => {
      const { idb, saved, plan, before, targets, inFlightKey } = await cutRun(cut);
      const { service, history } = await freshService(idb, saved, true);
      await service.start();

      const final = saved.job as RemediationJob;
      expect(final.state).toBe('done');
      expect(final.progress).toMatchObject({ total: targets.length, ok: targets.length, failed: 0 });
      expect(final.historyId).toBe(plan.historyId);
      const inFlight = final.items.find((i) => i.deviceKey === inFlightKey);
      expect(inFlight?.outcome).toBe(cut === 'applied' ? 'reconciled' : 'ok');
      expect(final.items.every((i) => i.outcome === 'ok' || i.outcome === 'reconciled')).toBe(true);

      // One entry per device under the one bulk.run parent, none pending.
      const entries = await history.list();
      const parents = entries.filter((e) => e.action === 'bulk.run');
      expect(parents).toHaveLength(1);
      expect(parents[0]).toMatchObject({ id: plan.historyId, outcome: 'ok' });
      const children = entries.filter((e) => e.parentId === plan.historyId);
      expect(children.map((e) => e.target?.deviceKey).sort()).toEqual(targets.map((t) => t.deviceKey).sort());
      expect(children.every((e) => e.action === 'admin.device.forget' && e.outcome === 'ok')).toBe(true);
      expect(entries.filter((e) => e.outcome === 'pending' || e.outcome === 'interrupted')).toEqual([]);
      // The in-flight one: checked; recorded as reconciled with what AdminGetDevice found (gone).
      const checked = children.filter((e) => e.reconciled !== undefined);
      if (cut === 'applied') {
        expect(checked.map((e) => e.target?.deviceKey)).toEqual([inFlightKey]);
        expect(checked[0]?.reconciled?.found).toBe('forgotten');
      } else expect(checked).toEqual([]);
      expect(JSON.stringify(entries)).not.toContain(env.iam.secretAccessKey);

      // Worker 2's requests: the in-flight device checked once; re-sent only if it had not taken effect.
      expect((await requests('AdminGetDevice')).length).toBe(1);
      const resent = targets.length - CUT_AT + (cut === 'applied' ? 0 : 1);
      expect((await requests('AdminForgetDevice')).length).toBe(resent);

      // The sandbox, device by device: the selected devices gone, the others untouched.
      const selected = new Set(targets.map((t) => t.deviceKey));
      const expected = new Map([...before].map(([u, keys]) => [u, keys.filter((k) => !selected.has(k))]));
      expect(await keysByUser()).toEqual(expected);
      await service.abandon();
    }, 60_000);
  }

  it('without admin credentials (a browser restart): interrupted, every open device settled ERR_ADMIN_NOT_CONNECTED', async () => {
    const { idb, saved, plan, before, targets, inFlightKey, doneBefore } = await cutRun('unsent');
    const { service, history } = await freshService(idb, saved, false);
    await service.start();

    const final = saved.job as RemediationJob;
    expect(final.state).toBe('interrupted');
    const open = targets.map((t) => t.deviceKey).filter((k) => !doneBefore.includes(k));
    expect(final.items.find((i) => i.deviceKey === inFlightKey)).toMatchObject({
      outcome: 'failed',
      errorCode: 'ERR_ADMIN_NOT_CONNECTED',
    });
    expect(final.items.filter((i) => i.outcome === 'pending' || i.outcome === 'inFlight')).toEqual([]);

    const entries = await history.list();
    expect(entries.filter((e) => e.action === 'bulk.run')).toHaveLength(1);
    expect(entries.find((e) => e.id === plan.historyId)?.outcome).toBe('failed');
    const children = entries.filter((e) => e.parentId === plan.historyId);
    expect(children.map((e) => e.target?.deviceKey).sort()).toEqual(targets.map((t) => t.deviceKey).sort());
    const openEntries = children.filter((e) => open.includes(e.target?.deviceKey ?? ''));
    expect(openEntries).toHaveLength(open.length);
    expect(openEntries.every((e) => e.outcome === 'failed' && e.error?.code === 'ERR_ADMIN_NOT_CONNECTED')).toBe(true);
    expect(
      children.filter((e) => doneBefore.includes(e.target?.deviceKey ?? '')).every((e) => e.outcome === 'ok'),
    ).toBe(true);
    expect(entries.filter((e) => e.outcome === 'pending' || e.outcome === 'interrupted')).toEqual([]);

    // Nothing sent by worker 2; only the devices done before the cut are gone.
    expect((await requests('AdminGetDevice')).length).toBe(0);
    expect((await requests('AdminForgetDevice')).length).toBe(0);
    const gone = new Set(doneBefore);
    const expected = new Map([...before].map(([u, keys]) => [u, keys.filter((k) => !gone.has(k))]));
    expect(await keysByUser()).toEqual(expected);
    await service.abandon();
  }, 60_000);
});
