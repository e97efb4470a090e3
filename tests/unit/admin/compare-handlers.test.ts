/**
 * The audits-compared handlers over a real (fake-indexeddb) audit store: the
 * kept list, a comparison answered as counts + one page, the refusals, and a
 * new audit making room within the retention Settings keep.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { CompareKind } from '../../../utils/admin/audit-compare';
import { gatherAuditExport } from '../../../utils/admin/audit-export';
import { createAdminService } from '../../../utils/admin/service';
import { COGNITO_RATES, type CognitoClient } from '../../../utils/cognito';
import { openAuditStore } from '../../../utils/history/audit-store';
import type { AuditDevice, AuditRun, AuditState } from '../../../utils/history/audit-types';
import { createPacerRegistry } from '../../../utils/worker/pacers';
import { auditRunAt, memoryConnection } from './fakes';

const NOW = Date.UTC(2026, 11, 1);
const POOL = 'us-east-1_Demo1';
const DAY = 86_400_000;
const run = (id: string, daysAgo: number, state: AuditState = 'done', poolId = POOL): AuditRun =>
  auditRunAt(id, NOW - daysAgo * DAY, {
    state,
    poolId,
    ...(state === 'done' ? { finishedAt: NOW - daysAgo * DAY } : {}),
  });
const dev = (key: string, remembered = true): AuditDevice => ({ key, remembered, lastIp: '192.0.2.1' });

/** The comparison's file as the page gathers it: every chunk of the export, put together. */
async function exported(
  service: Awaited<ReturnType<typeof setup>>['service'],
  request: { kind: CompareKind; format: 'csv' | 'json' },
) {
  const { parts, last } = await gatherAuditExport((cursor) =>
    service.handlers['admin.audit.compareExport']({
      type: 'admin.audit.compareExport',
      fromRunId: 'old',
      toRunId: 'new',
      ...request,
      ...(cursor ? { asOf: cursor.asOf, count: cursor.count } : {}),
    }),
  );
  return { filename: last.filename, mimeType: last.mimeType, content: await new Blob(parts).text() };
}

async function setup(audits?: { keep: number; maxAgeDays: number }) {
  const memory = memoryConnection();
  const factory = new IDBFactory();
  const client = {
    async describeUserPool() {
      return { id: POOL, name: 'Demo', deviceConfiguration: undefined };
    },
    async listUsers() {
      return { users: [] };
    },
  } as unknown as CognitoClient;
  const service = createAdminService({
    connection: memory.connection,
    settings: async () => ({ endpointOverride: 'http://127.0.0.1:9/', ...(audits ? { audits } : {}) }),
    pacer: createPacerRegistry({ rates: async () => COGNITO_RATES }),
    cognito: () => client,
    auditStore: () => openAuditStore({ indexedDB: factory, name: 'cmp' }),
    now: () => NOW,
  });
  const store = await openAuditStore({ indexedDB: factory, name: 'cmp' });
  await service.handlers['admin.connect']({
    type: 'admin.connect',
    poolId: POOL,
    accessKeyId: 'AKIASANDBOXDEMO00001',
    secretAccessKey: 'sandboxDemoSecretKey0000000000000000000000',
  });
  return { service, store };
}

async function seed(
  store: Awaited<ReturnType<typeof openAuditStore>>,
  r: AuditRun,
  users: Record<string, AuditDevice[]>,
) {
  await store.createRun(r);
  for (const [username, devices] of Object.entries(users)) {
    await store.recordUser({ runId: r.id, username, devices }, { reads: 1, now: r.updatedAt });
  }
  await store.updateRun(r.id, (x) => ({ ...x, state: r.state }));
}

describe('admin.audit.kept and admin.audit.compare', () => {
  it('lists the finished audits of the pool newest first and compares two as counts and one page', async () => {
    const { service, store } = await setup();
    await seed(store, run('old', 7), { alice: [dev('k1'), dev('k2')], bob: [dev('k3')] });
    await seed(store, run('new', 1), { alice: [dev('k1', false), dev('k4'), dev('k5')], bob: [] });
    await seed(store, run('live', 0, 'running'), {});
    await seed(store, run('other', 2, 'done', 'eu-west-1_Other'), {});

    const kept = await service.handlers['admin.audit.kept']({ type: 'admin.audit.kept' });
    expect(kept.audits.map((a) => [a.id, a.devices, a.stale])).toEqual([
      ['new', 3, 0],
      ['old', 3, 0],
    ]);

    const page = await service.handlers['admin.audit.compare']({
      type: 'admin.audit.compare',
      fromRunId: 'old',
      toRunId: 'new',
      kind: 'added',
      offset: 1,
      limit: 1,
      top: 5,
    });
    expect(page.counts).toEqual({ added: 2, removed: 2, remembered: 0, notRemembered: 1, ipChanged: 0 });
    expect(page.rows.map((r) => r.key)).toEqual(['k5']);
    expect(page.growth).toEqual([{ username: 'alice', before: 2, after: 3 }]);
    expect([page.from.id, page.to.id]).toEqual(['old', 'new']);

    // The export holds the same rows as the table, in its order.
    const file = await exported(service, { kind: 'removed', format: 'csv' });
    expect(file).toMatchObject({
      mimeType: 'text/csv',
      filename: 'audit-compare-us-east-1_Demo1-removed-2026-12-01.csv',
    });
    expect(file.content.split('\r\n')).toEqual([
      'username,deviceKey,name,remembered,previousIp,lastIp,lastAuthenticated,created',
      'alice,k2,,true,,192.0.2.1,,',
      'bob,k3,,true,,192.0.2.1,,',
      '',
    ]);
    const json = await exported(service, { kind: 'notRemembered', format: 'json' });
    expect(JSON.parse(json.content)).toMatchObject({
      kind: 'notRemembered',
      count: 1,
      devices: [{ username: 'alice', deviceKey: 'k1', remembered: false, lastIp: '192.0.2.1' }],
    });
    await service.abandon();
  });

  it('cuts every chunk of an export from one comparison: a forget between chunks neither repeats nor skips a row', async () => {
    const { service, store } = await setup();
    const many = Array.from({ length: 5001 }, (_, i) => dev(`k${String(i).padStart(5, '0')}`));
    await seed(store, run('old', 7), { alice: [] });
    await seed(store, run('new', 1), { alice: many });
    const ask = (cursor?: { asOf: number; count: number }) =>
      service.handlers['admin.audit.compareExport']({
        type: 'admin.audit.compareExport',
        fromRunId: 'old',
        toRunId: 'new',
        kind: 'added',
        format: 'csv',
        ...cursor,
      });
    const first = await ask();
    expect(first.count).toBe(5000);
    // A remediation forgets the first device between the chunks.
    await store.updateDevice('new', 'alice', 'k00000', { kind: 'forgotten' });
    const last = await ask({ asOf: first.asOf, count: first.count });
    if (!('ends' in last)) throw new Error('expected the last chunk');
    const lines = (last.ends.head + first.text + last.text).split('\r\n');
    expect(lines).toHaveLength(5003);
    expect(new Set(lines.slice(1, -1)).size).toBe(5001);
    // The next export is of the audits as they are now.
    expect((await exported(service, { kind: 'added', format: 'csv' })).content.split('\r\n')).toHaveLength(5002);
  });

  it('counts each kept audit’s devices idle for over 90 days at its own end', async () => {
    const { service, store } = await setup();
    const at = (key: string, lastAuthDaysAgo?: number): AuditDevice => ({
      key,
      createdAt: NOW - 400 * DAY,
      ...(lastAuthDaysAgo === undefined ? {} : { lastAuthenticatedAt: NOW - lastAuthDaysAgo * DAY }),
    });
    // 'old' ended 100 days ago: k1 (last seen 200 days ago) was idle for 100 days then, k2 (120) for 20.
    await seed(store, run('old', 100), { alice: [at('k1', 200), at('k2', 120)] });
    // 'new' ended a day ago: k1, k2 and the never used k4 (created 400 days ago) are idle; k3 (seen 5 days ago) is not.
    await seed(store, run('new', 1), { alice: [at('k1', 200), at('k2', 120), at('k3', 5), at('k4')] });
    const kept = await service.handlers['admin.audit.kept']({ type: 'admin.audit.kept' });
    expect(kept.audits.map((a) => [a.id, a.devices, a.stale])).toEqual([
      ['new', 4, 3],
      ['old', 2, 1],
    ]);

    // Counted once: kept with the run, and read from there at the next look (a count put there is what it says).
    expect((await store.getRun('new'))?.staleAtEnd).toEqual({ count: 3, days: 90, devices: 4 });
    await store.updateRun('new', (r) => ({ ...r, staleAtEnd: { count: 42, days: 90, devices: 4 } }));
    const again = await service.handlers['admin.audit.kept']({ type: 'admin.audit.kept' });
    expect(again.audits.map((a) => a.stale)).toEqual([42, 1]);
    // A remediation forgets an idle device of 'new': its device count changed, so it is counted again.
    await store.updateDevice('new', 'alice', 'k4', { kind: 'forgotten' });
    const after = await service.handlers['admin.audit.kept']({ type: 'admin.audit.kept' });
    expect(after.audits.map((a) => [a.id, a.devices, a.stale])).toEqual([
      ['new', 3, 2],
      ['old', 2, 1],
    ]);
    expect((await store.getRun('new'))?.staleAtEnd).toEqual({ count: 2, days: 90, devices: 3 });
  });

  it.each([
    ['an unfinished audit', 'live', 'ERR_INVALID_INPUT', 'toRunId'],
    ['another pool', 'other', 'ERR_INVALID_INPUT', 'toRunId'],
    ['an audit not kept', 'gone', 'ERR_ADMIN_AUDIT_NOT_FOUND', 'runId'],
  ])('refuses to compare with %s', async (_name, toRunId, code, field) => {
    const { service, store } = await setup();
    await seed(store, run('old', 7), {});
    await seed(store, run('live', 0, 'running'), {});
    await seed(store, run('other', 2, 'done', 'eu-west-1_Other'), {});
    const request = { type: 'admin.audit.compare' as const, fromRunId: 'old', toRunId, kind: 'added' as const };
    await expect(
      service.handlers['admin.audit.compare']({ ...request, offset: 0, limit: 10, top: 0 }),
    ).rejects.toMatchObject({ code, details: { field } });
    await service.abandon();
  });

  it('a new audit deletes the finished audits beyond the retention, keeping room for itself', async () => {
    const { service, store } = await setup({ keep: 3, maxAgeDays: 365 });
    for (const [id, days] of [
      ['r1', 40],
      ['r2', 30],
      ['r3', 20],
      ['r4', 10],
    ] as const) {
      await seed(store, run(id, days), { alice: [dev(`k-${id}`)] });
    }
    await service.handlers['admin.audit.start']({ type: 'admin.audit.start' });
    const ids = (await store.listRuns()).filter((r) => r.state !== 'running').map((r) => r.id);
    expect(ids.filter((id) => id.startsWith('r'))).toEqual(['r4', 'r3']);
    let left = 0;
    await store.walkResults('r1', () => {
      left++;
      return true;
    });
    expect(left).toBe(0);
    await service.abandon();
  });
});
