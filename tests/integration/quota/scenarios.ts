/**
 * The two pacing scenarios of issue 14, run through the extension's own code
 * (the worker context's one pacer registry at default Settings) against a
 * sandbox at Cognito's default quotas, shared by the integration test (which
 * asserts the throttle count) and `npm run bench` (which prints the rate):
 * 1. one user's bulk "don't remember" of 60 devices (the device service's bulk
 *    action): bounded by the per-user 10 writes/s;
 * 2. an admin remediation of 300 devices across 100 users (audit, then
 *    runRemediation): the UserResourceUpdate category's 25 writes/s.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { generateSeed } from '../../../sandbox/seed-generator';
import { startSandbox } from '../../../sandbox/server';
import { createAuditRunner } from '../../../utils/admin/audit';
import { runRemediation, selectTargets } from '../../../utils/admin/remediation';
import { createDeviceService } from '../../../utils/devices/service';
import { openAuditStore } from '../../../utils/history/audit-store';
import type { AuditRun } from '../../../utils/history/audit-types';
import { createSession } from '../../../utils/session/create-session';
import { DEFAULT_SETTINGS } from '../../../utils/settings';
import type { BulkJobSnapshot } from '../../../utils/storage';
import { createWorkerContext } from '../../../utils/worker/context';
import { sandboxCall } from '../sandbox/helpers';

const POOL_ID = 'us-east-1_Scale1';
const CLIENT_ID = '5sandboxscaleclient000001';
/** The seeded user with many devices (scenario 1). */
const BULK_USER = 'bulkuser';

/** A sandbox at Cognito's default quotas: 100 users × 3 devices, plus one user with `bulkDevices` devices. */
export async function openQuotaSandbox(bulkDevices = 60) {
  const seed = generateSeed({ users: 100, devicesPerUser: 3 });
  const pool = seed.pools[0] as { users: unknown[] };
  // Another pool id only to derive other device keys.
  const many = generateSeed({ users: 1, devicesPerUser: bulkDevices, poolId: 'us-east-1_Bulk1' }).pools[0] as {
    users: { username: string; devices: { remembered: boolean }[] }[];
  };
  const bulk = many.users[0] as { username: string; password: string; devices: { remembered: boolean }[] };
  pool.users.push({ ...bulk, username: BULK_USER, devices: bulk.devices.map((d) => ({ ...d, remembered: true })) });
  const sandbox = await startSandbox({ port: 0, seed });
  const iam = seed.iam[0] as { accessKeyId: string; secretAccessKey: string };
  async function route(method: string, path: string, body?: unknown) {
    const { status, body: json } = await sandboxCall(sandbox.endpoint, method, path, body);
    if (status !== 200) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`);
    return json;
  }
  /** The sandbox's request log: how many of `operation` it answered, and how many it throttled. */
  async function counts(operation: string) {
    const { requests } = (await route('GET', '/_sandbox/requests')) as {
      requests: { operation: string; status: number; errorType?: string }[];
    };
    const mine = requests.filter((r) => r.operation === operation);
    return {
      ok: mine.filter((r) => r.status === 200).length,
      throttled: requests.filter((r) => r.errorType === 'TooManyRequestsException').length,
      total: mine.length,
    };
  }
  const context = () =>
    createWorkerContext({ readSettings: async () => ({ ...DEFAULT_SETTINGS, endpointOverride: sandbox.endpoint }) });
  return { sandbox, iam, route, counts, context, close: () => sandbox.close() };
}
export type QuotaSandbox = Awaited<ReturnType<typeof openQuotaSandbox>>;

/** A pasted session (id `s1`) of the user with many devices, minted by the sandbox. */
export async function bulkUserSession(env: QuotaSandbox) {
  const minted = (await env.route('POST', '/_sandbox/tokens', {
    poolId: POOL_ID,
    clientId: CLIENT_ID,
    username: BULK_USER,
  })) as { AccessToken: string };
  return createSession(
    { source: 'paste', accessToken: minted.AccessToken },
    { id: 's1', nowMs: Date.now(), endpointOverride: env.sandbox.endpoint },
  );
}

/** The devices of the user with many devices, as the sandbox holds them now. */
export async function bulkUserDevices(env: QuotaSandbox): Promise<{ key: string; remembered?: boolean }[]> {
  const state = (await env.route('GET', '/_sandbox/state')) as {
    pools: { users: { username: string; devices: { key: string; remembered?: boolean }[] }[] }[];
  };
  return state.pools[0]?.users.find((u) => u.username === BULK_USER)?.devices ?? [];
}

/** Scenario 1: the device service's bulk "don't remember" over every device of one user. */
export async function bulkOneUser(env: QuotaSandbox) {
  await env.route('DELETE', '/_sandbox/requests');
  const session = await bulkUserSession(env);
  const keys = (await bulkUserDevices(env)).map((d) => d.key);
  const context = env.context();
  let finished: (snapshot: BulkJobSnapshot) => void = () => {};
  const done = new Promise<BulkJobSnapshot>((resolve) => {
    finished = resolve;
  });
  const service = createDeviceService({
    sessions: { get: async () => session },
    cognito: (endpoint) => context.cognito({ endpoint }),
    endpointOverride: context.endpointOverride,
    history: async () => undefined,
    publishBulk: async (snapshot) => {
      if (snapshot && snapshot.state !== 'running') finished(snapshot);
    },
  });
  const started = performance.now();
  await service.startBulk({ devices: keys.map((key) => ({ key, remembered: true })), action: 'notRemember' });
  const job = await done;
  const seconds = (performance.now() - started) / 1000;
  return { job, seconds, writes: keys.length, log: await env.counts('UpdateDeviceStatus') };
}

/**
 * Scenario 2: an audit of the pool's 100 users, then an admin "forget" of their 300 devices
 * (`oneUser`: instead, of the bulk user's many devices alone: the per-user 10 writes/s applies).
 */
export async function remediateManyUsers(env: QuotaSandbox, options: { oneUser?: boolean } = {}) {
  const context = env.context();
  const endpoint = `${env.sandbox.endpoint}/`;
  const client = await context.cognito({ endpoint, credentials: env.iam });
  const store = await openAuditStore({ indexedDB: new IDBFactory(), name: `quota-${Math.random()}` });
  try {
    const runner = createAuditRunner({ store, client: () => client });
    const run = await runner.start({ poolId: POOL_ID, endpoint });
    const audited = (await runner.whenSettled(run.id)) as AuditRun;
    const targets = (await selectTargets(store, audited.id, { category: 'all' }, Date.now())).filter((t) =>
      options.oneUser ? t.username === BULK_USER : t.username !== BULK_USER,
    );
    await env.route('DELETE', '/_sandbox/requests');
    const started = performance.now();
    const job = await runRemediation(
      {
        id: 'r1',
        runId: audited.id,
        poolId: POOL_ID,
        action: 'forget',
        dryRun: false,
        filter: { category: 'all' },
        targets,
      },
      { client, store },
    );
    const seconds = (performance.now() - started) / 1000;
    const users = new Set(targets.map((t) => t.username)).size;
    return { job, seconds, writes: targets.length, users, log: await env.counts('AdminForgetDevice') };
  } finally {
    store.close();
  }
}
