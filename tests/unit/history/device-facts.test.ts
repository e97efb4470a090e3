/**
 * The device memory keeps what the last listing said of a device (last IP,
 * created, last signed in, last modified, status), dated by that listing, so a
 * device that leaves Cognito's list keeps its facts (issue 19, point 3).
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { HISTORY_DB_VERSION, openHistoryDb } from '../../../utils/history/schema';
import { openHistory } from '../../../utils/history/store';
import { ALICE, openTestHistory } from './fixtures';

const K1 = 'us-east-1_k1';
const K2 = 'us-east-1_k2';
const FACTS = {
  lastIp: '203.0.113.7',
  createdAt: Date.UTC(2025, 0, 2),
  lastAuthenticatedAt: Date.UTC(2025, 11, 24, 8, 30),
  lastModifiedAt: Date.UTC(2025, 11, 20),
};

describe('device memory: last-seen facts', () => {
  it('keeps every IP a listing showed for a device, each with when it was first shown', async () => {
    const { store, clock } = await openTestHistory();
    const first = clock.now();
    await store.noteListedDevices(ALICE, [{ deviceKey: K1, lastIp: '192.0.2.1' }]);
    clock.advance(120_000);
    await store.noteListedDevices(ALICE, [{ deviceKey: K1, lastIp: '198.51.100.2' }]);
    clock.advance(120_000);
    // Back to the first IP: it keeps its first time, and is not added twice.
    await store.noteListedDevices(ALICE, [{ deviceKey: K1, lastIp: '192.0.2.1' }]);
    const [known] = await store.knownDevices(ALICE);
    expect(known?.lastIp).toBe('192.0.2.1');
    expect(known?.ipsSeen).toEqual([
      { ip: '192.0.2.1', at: first },
      { ip: '198.51.100.2', at: first + 120_000 },
    ]);
  });

  it('keeps the listed IP and times, "as of" the listing, after the device is marked not remembered and leaves the list', async () => {
    const { store, clock } = await openTestHistory();
    const listedAt = clock.now();
    await store.noteListedDevices(ALICE, [
      { deviceKey: K1, deviceName: 'Old phone', status: 'remembered', ...FACTS },
      { deviceKey: K2, deviceName: 'Laptop', status: 'remembered' },
    ]);
    clock.advance(5_000);
    await store.recordAction(
      {
        action: 'device.notRemember',
        mode: 'user',
        actor: ALICE,
        target: { deviceKey: K1 },
        statusBefore: 'remembered',
      },
      async () => undefined,
    );
    clock.advance(120_000);
    // The next listing no longer shows k1 (a user's ListDevices lists remembered devices only).
    await store.noteListedDevices(ALICE, [{ deviceKey: K2, deviceName: 'Laptop', status: 'remembered' }]);
    const known = await store.knownDevices(ALICE);
    expect(known.find((d) => d.deviceKey === K1)).toEqual({
      pool: ALICE.pool,
      username: 'alice',
      deviceKey: K1,
      deviceName: 'Old phone',
      lastStatus: 'not_remembered',
      lastSeen: listedAt + 5_000,
      // The last thing learned of it: this account's own action.
      learnedFrom: 'userAction',
      ...FACTS,
      factsAt: listedAt,
      // The IP with when a listing first showed it: the action kept it.
      ipsSeen: [{ ip: FACTS.lastIp, at: listedAt }],
    });
    // An admin's listing of the same user says so.
    await store.noteListedDevices(ALICE, [{ deviceKey: K2, deviceName: 'Laptop', status: 'remembered' }], {
      by: 'admin',
      listedAt: clock.now() + 60_000,
    });
    expect((await store.knownDevices(ALICE)).find((d) => d.deviceKey === K2)?.learnedFrom).toBe('adminListing');
    // A device listed without facts has none, and no date for them.
    expect(known.find((d) => d.deviceKey === K2)).not.toHaveProperty('factsAt');
  });

  it('a listing that states facts replaces them all, dated anew; one that states none keeps the earlier ones', async () => {
    const { store, clock } = await openTestHistory();
    const first = clock.now();
    await store.noteListedDevices(ALICE, [{ deviceKey: K1, status: 'remembered', ...FACTS }]);
    clock.advance(120_000);
    await store.noteListedDevices(ALICE, [{ deviceKey: K1, status: 'remembered' }]);
    expect((await store.knownDevices(ALICE))[0]).toMatchObject({ ...FACTS, factsAt: first });
    clock.advance(120_000);
    const second = clock.now();
    await store.noteListedDevices(ALICE, [{ deviceKey: K1, status: 'remembered', lastIp: '198.51.100.9' }]);
    const [row] = await store.knownDevices(ALICE);
    expect(row).toMatchObject({ lastIp: '198.51.100.9', factsAt: second });
    // No creation date of one listing dated by another.
    expect(row).not.toHaveProperty('createdAt');
    expect(row).not.toHaveProperty('lastAuthenticatedAt');
  });

  it('a changed IP within the minute is written at once', async () => {
    const { store, clock } = await openTestHistory();
    await store.noteListedDevices(ALICE, [{ deviceKey: K1, status: 'remembered', ...FACTS }]);
    clock.advance(5_000);
    await store.noteListedDevices(ALICE, [{ deviceKey: K1, status: 'remembered', ...FACTS, lastIp: '192.0.2.1' }]);
    expect((await store.knownDevices(ALICE))[0]).toMatchObject({ lastIp: '192.0.2.1', factsAt: clock.now() });
  });

  it('stores the named facts only: nothing else a listed device carries (a token) reaches IndexedDB', async () => {
    const { store, factory } = await openTestHistory();
    const carrying = {
      deviceKey: K1,
      status: 'remembered' as const,
      ...FACTS,
      accessToken: 'eyJhbGciOiJSUzI1NiJ9.x.y',
    };
    await store.noteListedDevices(ALICE, [carrying]);
    store.close();
    const db = await openHistoryDb(factory);
    const rows = await db.getAll('devices');
    db.close();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('eyJ');
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(
      [
        'actorKey',
        'createdAt',
        'deviceKey',
        'factsAt',
        'lastAuthenticatedAt',
        'lastIp',
        'lastModifiedAt',
        'lastSeen',
        'lastStatus',
        'learnedFrom',
        'ipsSeen',
        'names',
        'pool',
        'username',
      ].sort(),
    );
  });

  it(`a version ${HISTORY_DB_VERSION} row written before the facts existed reads as it was, and gains them at the next listing`, async () => {
    const factory = new IDBFactory();
    const old = await openHistoryDb(factory, 'before-facts');
    const oldRow = {
      actorKey: `${ALICE.pool}|alice`,
      pool: ALICE.pool,
      username: 'alice',
      deviceKey: K1,
      deviceName: 'Old phone',
      lastStatus: 'not_remembered' as const,
      lastSeen: Date.UTC(2025, 5, 1),
      names: ['old phone'],
    };
    await old.put('devices', oldRow);
    old.close();
    let time = Date.UTC(2026, 0, 1);
    const store = await openHistory({ indexedDB: factory, name: 'before-facts', now: () => time });
    const { actorKey: _a, names: _n, ...known } = oldRow;
    expect(await store.knownDevices(ALICE)).toEqual([known]);
    time += 1000;
    await store.noteListedDevices(ALICE, [{ deviceKey: K1, status: 'remembered', ...FACTS }]);
    expect(await store.knownDevices(ALICE)).toEqual([
      {
        ...known,
        lastStatus: 'remembered',
        lastSeen: time,
        learnedFrom: 'userListing',
        ...FACTS,
        factsAt: time,
        ipsSeen: [{ ip: FACTS.lastIp, at: time }],
      },
    ]);
  });
});
