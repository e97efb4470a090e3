import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { HISTORY_DB_VERSION, openHistoryDb } from '../../../utils/history/schema';
import { openHistory } from '../../../utils/history/store';
import { ALICE, BOB } from './fixtures';

const T0 = Date.UTC(2025, 5, 1);

/** Entries exactly as release 1 stored them: no actorKey. */
const V1_ENTRIES = [
  {
    action: 'device.remember',
    outcome: 'ok',
    actor: ALICE,
    target: { deviceKey: 'us-east-1_k1', deviceName: 'Phone' },
    statusAfter: 'remembered',
  },
  {
    action: 'device.notRemember',
    outcome: 'ok',
    actor: ALICE,
    target: { deviceKey: 'us-east-1_k1' },
    statusBefore: 'remembered',
  },
  {
    action: 'device.forget',
    outcome: 'failed',
    actor: ALICE,
    target: { deviceKey: 'us-east-1_k1', deviceName: 'Phone 2' },
    error: { code: 'ERR_NETWORK', message: 'offline' },
  },
  { action: 'device.forget', outcome: 'ok', actor: BOB, target: { deviceKey: 'us-east-1_k2', deviceName: 'Tablet' } },
  { action: 'session.signIn', outcome: 'ok', actor: BOB },
  {
    action: 'device.remember',
    outcome: 'pending',
    actor: ALICE,
    target: { deviceKey: 'us-east-1_k3', deviceName: 'Laptop' },
  },
].map((entry, i) => ({ mode: 'user', time: T0 + i * 1000, finishedAt: T0 + i * 1000 + 10, ...entry }));

describe('schema upgrade', () => {
  it(`migrates a version 1 database to version ${HISTORY_DB_VERSION} and keeps every entry`, async () => {
    expect(HISTORY_DB_VERSION).toBe(4);
    const factory = new IDBFactory();
    const v1 = await openHistoryDb(factory, 'history-upgrade', 1);
    expect(v1.version).toBe(1);
    expect([...v1.objectStoreNames]).toEqual(['entries']);
    expect([...v1.transaction('entries').store.indexNames].sort()).toEqual([
      'byAction',
      'byDevice',
      'byOutcome',
      'byParent',
      'time',
    ]);
    const ids: number[] = [];
    for (const entry of V1_ENTRIES) ids.push(await v1.add('entries', entry as never));
    const before = await v1.getAll('entries');
    // The old connection stays open: it must step aside for the upgrade instead of blocking it.

    const store = await openHistory({ indexedDB: factory, name: 'history-upgrade', now: () => T0 + 3_600_000 });
    const after = (await store.list()).sort((a, b) => a.id - b.id);
    expect(after).toHaveLength(V1_ENTRIES.length);
    after.forEach((entry, i) => {
      const { actorKey, ...rest } = entry;
      expect(rest).toEqual(before[i]);
      expect(actorKey).toBe(`${entry.actor.pool}|${entry.actor.username}`);
    });

    // The v2 index answers queries over the migrated entries.
    const bobs = await store.query({ actor: { pool: BOB.pool, username: 'bob' }, limit: 10 });
    expect(bobs.entries.map((e) => e.id)).toEqual([ids[4], ids[3]]);
    // The v4 account-and-outcome index holds the migrated entries too (built over the stored ones).
    let found = 0;
    for (const outcome of ['ok', 'failed', 'pending'] as const) {
      const want = after.filter((e) => e.actorKey === `${BOB.pool}|bob` && e.outcome === outcome).map((e) => e.id);
      const got = await store.query({ actor: { pool: BOB.pool, username: 'bob' }, outcome, limit: 10 });
      expect(got.entries.map((e) => e.id).sort()).toEqual(want.sort());
      expect(got.scanned).toBe(want.length);
      found += want.length;
    }
    expect(found).toBeGreaterThan(0);
    // The v1 indexes still work.
    expect(await store.count({ deviceKey: 'us-east-1_k1' })).toBe(3);

    // The device memory is back-filled, ending on each device's latest known state.
    const alice = await store.knownDevices(ALICE);
    expect(alice.find((d) => d.deviceKey === 'us-east-1_k1')).toMatchObject({
      deviceName: 'Phone 2',
      lastStatus: 'not_remembered',
    });
    expect(alice.find((d) => d.deviceKey === 'us-east-1_k3')).toMatchObject({ deviceName: 'Laptop' });
    expect(await store.knownDevices(BOB)).toEqual([
      expect.objectContaining({ deviceKey: 'us-east-1_k2', deviceName: 'Tablet', lastStatus: 'forgotten' }),
    ]);

    // Free text works over the migrated entries (the device memory holds every past name).
    expect((await store.query({ text: 'phone', limit: 10 })).entries.map((e) => e.id)).toEqual([ids[2], ids[0]]);

    // The pending entry from release 1 is still there to be explained at start-up.
    expect(await store.markInterrupted()).toBe(1);
    // New writes go on after the migrated ids.
    const next = await store.begin({ action: 'session.refresh', mode: 'user', actor: ALICE });
    expect(next).toBeGreaterThan(Math.max(...ids));
  });

  it('opening the current version twice does not migrate again', async () => {
    const factory = new IDBFactory();
    const first = await openHistory({ indexedDB: factory, name: 'h' });
    await first.begin({ action: 'session.signIn', mode: 'user', actor: ALICE });
    first.close();
    const second = await openHistory({ indexedDB: factory, name: 'h' });
    expect(await second.count()).toBe(1);
  });

  it('a database from a newer release is refused with ERR_HISTORY_UNAVAILABLE', async () => {
    const factory = new IDBFactory();
    const newer = await openHistoryDb(factory, 'future', HISTORY_DB_VERSION + 1);
    newer.close();
    await expect(openHistory({ indexedDB: factory, name: 'future' })).rejects.toMatchObject({
      code: 'ERR_HISTORY_UNAVAILABLE',
    });
  });
});
