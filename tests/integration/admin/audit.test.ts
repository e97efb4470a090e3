/**
 * The pool audit against the sandbox over real HTTP: 2,000 users and 6,000
 * devices under the read quota (sandbox quota and pacer both at 250 reads/s to
 * keep CI short), exact equality with the sandbox's state, an audit killed
 * halfway and resumed by a new runner on the same IndexedDB, a stale
 * pagination token, and throttling absorbed before it reaches the status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditRunner } from '../../../utils/admin/audit';
import { computeAuditReport } from '../../../utils/admin/report';
import type { AuditRun } from '../../../utils/history/audit-types';
import { freshStore, openScaleSandbox, resultsAsLines, stateAsLines } from './helpers';

const RATE = 250;

// 2,000 users take about 10 s on an idle machine; the 300 s timeouts are for a loaded one (they catch hangs).
describe('pool audit, 2,000 users / 6,000 devices', () => {
  let env: Awaited<ReturnType<typeof openScaleSandbox>>;
  beforeAll(async () => {
    env = await openScaleSandbox({ users: 2000, devicesPerUser: 3, rate: RATE });
  }, 300_000);
  afterAll(() => env?.close());

  it('crawls every user and device under the read quota; results equal the sandbox state', async () => {
    const { store } = await freshStore();
    const deferred: string[] = [];
    const runner = createAuditRunner({ store, client: () => env.client, onDeferred: (c) => deferred.push(c) });
    const started = Date.now();
    const run = await runner.start({ poolId: env.poolId, endpoint: env.endpoint });
    const final = (await runner.whenSettled(run.id)) as AuditRun;
    const seconds = (Date.now() - started) / 1000;

    expect(final).toMatchObject({ state: 'done', usersDone: 2000, devicesFound: 6000, pendingUsers: [] });
    expect(final.error).toBeUndefined();
    // 34 ListUsers pages + one AdminListDevices per user.
    expect(final.reads).toBe(34 + 2000);
    // Under the quota: never faster than the pacer allows.
    expect(final.reads / seconds).toBeLessThanOrEqual(RATE * 1.02);
    // The sandbox never throttled (no retry for TooManyRequests), and nothing was deferred.
    expect(env.retries.filter((r) => r.code === 'ERR_COGNITO_TOO_MANY_REQUESTS')).toEqual([]);
    expect(deferred).toEqual([]);

    const expected = stateAsLines(await env.state());
    const actual = await resultsAsLines(store, run.id);
    expect(actual.size).toBe(2000);
    expect(actual).toEqual(expected);

    const report = await computeAuditReport(store, run.id, { now: Date.UTC(2026, 0, 1), staleDays: 90 });
    const devices = [...expected.values()].flat();
    expect(report.users).toBe(2000);
    expect(report.devices).toBe(6000);
    expect(report.neverAuthenticated).toBe(devices.filter((d) => d.endsWith('|never')).length);
    expect(report.notRemembered).toBe(devices.filter((d) => d.includes('|false|')).length);
    store.close();
  }, 300_000);

  it('an audit killed halfway resumes in a new runner with no user skipped or counted twice', async () => {
    const { factory, store } = await freshStore();
    let resolveHalf: () => void = () => undefined;
    const half = new Promise<void>((resolve) => {
      resolveHalf = resolve;
    });
    const first = createAuditRunner({
      store,
      client: () => env.client,
      onChange: (r) => {
        if (r.usersDone >= 1000) resolveHalf();
      },
    });
    const run = await first.start({ poolId: env.poolId, endpoint: env.endpoint });
    await half;
    // The page closes / the worker dies: no clean shutdown, nothing more is written.
    await first.abandon();
    store.close();

    const { store: reopened } = await freshStore(factory);
    const interrupted = await reopened.getRun(run.id);
    expect(interrupted?.state).toBe('running');
    expect(interrupted?.usersDone).toBeGreaterThanOrEqual(1000);
    expect(interrupted?.usersDone).toBeLessThan(2000);

    const second = createAuditRunner({ store: reopened, client: () => env.client });
    expect(await second.resumeInterrupted()).toEqual([run.id]);
    const final = (await second.whenSettled(run.id)) as AuditRun;
    expect(final).toMatchObject({ state: 'done', usersDone: 2000, devicesFound: 6000 });
    expect(await resultsAsLines(reopened, run.id)).toEqual(stateAsLines(await env.state()));
    reopened.close();
  }, 300_000);
});

describe('pool audit, resilience', () => {
  let env: Awaited<ReturnType<typeof openScaleSandbox>>;
  beforeAll(async () => {
    env = await openScaleSandbox({ users: 300, devicesPerUser: 2, rate: RATE });
  });
  afterAll(() => env?.close());

  it('a pagination token refused after a pause restarts the listing without recounting users', async () => {
    const { store } = await freshStore();
    let resolvePaused: () => void = () => undefined;
    const enough = new Promise<void>((resolve) => {
      resolvePaused = resolve;
    });
    const runner = createAuditRunner({
      store,
      client: () => env.client,
      onChange: (r) => {
        if (r.usersDone >= 100) resolvePaused();
      },
    });
    const run = await runner.start({ poolId: env.poolId, endpoint: env.endpoint });
    await enough;
    const paused = await runner.pause(run.id);
    expect(paused.state).toBe('paused');
    expect(paused.nextPageToken).toBeDefined();
    // As after a long pause: the service no longer accepts the token.
    await store.updateRun(run.id, (r) => ({ ...r, nextPageToken: 'eyJzdGFsZSI6dHJ1ZX0.c3RhbGU' }));

    await runner.resume(run.id);
    const final = (await runner.whenSettled(run.id)) as AuditRun;
    expect(final).toMatchObject({ state: 'done', usersDone: 300, devicesFound: 600 });
    expect(final.listingRestarts).toBe(1);
    expect(await resultsAsLines(store, run.id)).toEqual(stateAsLines(await env.state()));
    store.close();
  });

  it('throttling and internal errors are absorbed: the run ends done, exact, with no error', async () => {
    await env.faults({
      rate: 0.05,
      kinds: ['TooManyRequests', 'InternalError'],
      operations: ['AdminListDevices', 'ListUsers'],
    });
    const { store } = await freshStore();
    const retriesBefore = env.retries.length;
    const runner = createAuditRunner({ store, client: () => env.client, retryDelayMs: 50 });
    const run = await runner.start({ poolId: env.poolId, endpoint: env.endpoint });
    const final = (await runner.whenSettled(run.id)) as AuditRun;
    await env.faults({ rate: 0, kinds: ['InternalError'] });
    expect(final.state).toBe('done');
    expect(final.error).toBeUndefined();
    expect(env.retries.length - retriesBefore).toBeGreaterThan(0);
    expect(await resultsAsLines(store, run.id)).toEqual(stateAsLines(await env.state()));
    store.close();
  });
});
