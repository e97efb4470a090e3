/**
 * A filter's `addedSince` (a suggested remediation from an audit comparison): only the devices
 * the earlier audit did not have, combined with the category; refused for a run that is missing,
 * unfinished or of another pool (otherwise every device would count as added), and for one that is
 * not earlier than the audit it filters.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { selectTargets } from '../../../utils/admin/remediation';
import { pageAuditDevices } from '../../../utils/admin/report';
import { openAuditStore } from '../../../utils/history/audit-store';
import type { AuditDevice, AuditRun, AuditState } from '../../../utils/history/audit-types';
import { auditRunAt } from './fakes';

const NOW = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;
const run = (id: string, state: AuditState, poolId = 'us-east-1_Demo1', at = NOW): AuditRun =>
  auditRunAt(id, at, { state, poolId });
const used = (key: string): AuditDevice => ({
  key,
  remembered: true,
  lastAuthenticatedAt: NOW - 1000,
  createdAt: NOW - 5000,
});
const unused = (key: string): AuditDevice => ({ key, remembered: true, createdAt: NOW - 5000 });

async function stored() {
  const store = await openAuditStore({ indexedDB: new IDBFactory(), name: 'added-since' });
  const put = async (r: AuditRun, users: Record<string, AuditDevice[]>) => {
    await store.createRun(r);
    for (const [username, devices] of Object.entries(users))
      await store.recordUser({ runId: r.id, username, devices }, { reads: 1, now: NOW });
  };
  await put(run('before', 'done', 'us-east-1_Demo1', NOW - DAY), {
    alice: [used('k1'), unused('k2')],
    bob: [unused('k3')],
  });
  await put(run('after', 'done'), {
    alice: [used('k1'), unused('k2'), unused('k4'), used('k5')],
    bob: [unused('k3'), unused('k6')],
  });
  await put(run('other-pool', 'done', 'us-east-1_Other'), { alice: [] });
  await put(run('unfinished', 'running'), { alice: [] });
  return store;
}

describe('addedSince', () => {
  it('selects only the devices added since the earlier audit, within the category', async () => {
    const store = await stored();
    const targets = await selectTargets(store, 'after', { category: 'neverAuthenticated', addedSince: 'before' }, NOW);
    expect(targets.map((t) => [t.username, t.deviceKey])).toEqual([
      ['alice', 'k4'],
      ['bob', 'k6'],
    ]);
    const all = await pageAuditDevices(
      store,
      'after',
      { category: 'all', addedSince: 'before' },
      { now: NOW, limit: 50 },
    );
    expect(all.rows.map((r) => r.device.key)).toEqual(['k4', 'k5', 'k6']);
  });

  it.each(['missing', 'other-pool', 'unfinished'])('refuses an earlier audit that is %s', async (id) => {
    const store = await stored();
    await expect(selectTargets(store, 'after', { category: 'all', addedSince: id }, NOW)).rejects.toMatchObject({
      code: 'ERR_ADMIN_AUDIT_NOT_FOUND',
      details: { field: 'addedSince' },
    });
  });

  it.each([
    ['later', 'before', 'after'],
    ['the same', 'after', 'after'],
  ])('refuses an "earlier" audit that is %s', async (_, runId, addedSince) => {
    const store = await stored();
    await expect(selectTargets(store, runId, { category: 'all', addedSince }, NOW)).rejects.toMatchObject({
      code: 'ERR_INVALID_INPUT',
      details: { field: 'addedSince' },
    });
  });

  it('reads the earlier audit once for a chunked walk, and again once a forget changed it', async () => {
    const store = await stored();
    const walked: string[] = [];
    const counting = {
      ...store,
      walkResults: (...args: Parameters<typeof store.walkResults>) => {
        walked.push(args[0]);
        return store.walkResults(...args);
      },
    };
    const filter = { category: 'all', addedSince: 'before' } as const;
    const first = await pageAuditDevices(counting, 'after', filter, { now: NOW, limit: 1 });
    const next = await pageAuditDevices(counting, 'after', filter, { now: NOW, limit: 50, after: first.after });
    expect([...first.rows, ...next.rows].map((r) => r.device.key)).toEqual(['k4', 'k5', 'k6']);
    expect(walked.filter((id) => id === 'before')).toHaveLength(1);
    // A remediation forgot k2 in the earlier audit: it is no longer among that audit's devices.
    await counting.updateDevice('before', 'alice', 'k2', { kind: 'forgotten' });
    const again = await pageAuditDevices(counting, 'after', filter, { now: NOW, limit: 50 });
    expect(again.rows.map((r) => r.device.key)).toEqual(['k2', 'k4', 'k5', 'k6']);
    expect(walked.filter((id) => id === 'before')).toHaveLength(2);
  });
});
