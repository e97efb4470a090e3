/**
 * The account's listing row (schema v4): a listing that shows devices unchanged
 * writes one `listings` row instead of rewriting every device's row, and every
 * reader (knownDevices, actions, retention) sees each device as seen then.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { ListedDevice } from '../../../utils/history/device-memory';
import { openHistoryDb } from '../../../utils/history/schema';
import { openHistory } from '../../../utils/history/store';
import { ALICE, BOB, openTestHistory } from './fixtures';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const key = (i: number) => `us-east-1_${String(i).padStart(8, '0')}-1111-4111-8111-111111111111`;
const listed = (count: number, ip = '203.0.113.7'): ListedDevice[] =>
  Array.from({ length: count }, (_, i) => ({
    deviceKey: key(i),
    deviceName: `Device ${i}`,
    status: 'remembered' as const,
    lastIp: ip,
    lastAuthenticatedAt: Date.UTC(2025, 11, 1),
  }));

async function raw(factory: IDBFactory) {
  const db = await openHistoryDb(factory);
  const [devices, listings] = await Promise.all([db.getAll('devices'), db.getAll('listings')]);
  db.close();
  return { devices, listings };
}

/** Two listings 15 minutes apart (the second covers the devices), then, 15 minutes on, the next listing's read. */
async function coveredThenRead({ store, clock }: Awaited<ReturnType<typeof openTestHistory>>): Promise<void> {
  await store.noteListedDevices(ALICE, listed(3));
  clock.advance(15 * MIN);
  await store.noteListedDevices(ALICE, listed(3));
  clock.advance(15 * MIN);
  await store.knownDevices(ALICE);
}

/** Another connection (a page, or the bench) changes key(1)'s IP in its row, and the listing row when asked. */
async function otherConnectionChanges(factory: IDBFactory, listedAt?: number): Promise<void> {
  const other = await openHistoryDb(factory);
  const row = await other.get('devices', [`${ALICE.pool}|alice`, key(1)]);
  await other.put('devices', { ...(row as NonNullable<typeof row>), lastIp: '192.0.2.99' });
  const listingRow = await other.get('listings', `${ALICE.pool}|alice`);
  if (listedAt !== undefined)
    await other.put('listings', { ...(listingRow as NonNullable<typeof listingRow>), listedAt });
  other.close();
}

describe('device memory: the account listing row', () => {
  it('a listing of 60 unchanged devices writes the listing row only, and each device reads as seen then', async () => {
    const { store, factory, clock } = await openTestHistory();
    const first = clock.now();
    await store.noteListedDevices(ALICE, listed(60));
    clock.advance(15 * MIN);
    const second = clock.now();
    const changes: string[] = [];
    store.subscribe((change) => changes.push(change.type));
    await store.noteListedDevices(ALICE, listed(60));

    const { devices, listings } = await raw(factory);
    // The rows are as the first listing wrote them; the listing row carries the second.
    expect(devices.map((row) => row.lastSeen)).toEqual(Array(60).fill(first));
    expect(listings).toEqual([
      { actorKey: `${ALICE.pool}|alice`, listedAt: second, unchanged: listed(60).map((d) => d.deviceKey) },
    ]);
    const known = await store.knownDevices(ALICE);
    expect(known).toHaveLength(60);
    for (const device of known) expect(device).toMatchObject({ lastSeen: second, factsAt: second });
    // The pages hear that the memory moved on.
    expect(changes).toEqual(['devices']);
  });

  it('a listing within the minute of the last, with nothing changed, writes nothing and says nothing', async () => {
    const { store, factory, clock } = await openTestHistory();
    await store.noteListedDevices(ALICE, listed(3));
    clock.advance(15 * MIN);
    await store.noteListedDevices(ALICE, listed(3));
    const before = await raw(factory);
    clock.advance(20_000);
    const changes: string[] = [];
    store.subscribe((change) => changes.push(change.type));
    await store.noteListedDevices(ALICE, listed(3));
    expect(await raw(factory)).toEqual(before);
    expect(changes).toEqual([]);
  });

  it('a changed device is rewritten at once; the others stay covered by the listing row', async () => {
    const { store, factory, clock } = await openTestHistory();
    await store.noteListedDevices(ALICE, listed(3));
    clock.advance(15 * MIN);
    const second = clock.now();
    const next = listed(3);
    next[1] = { ...(next[1] as ListedDevice), lastIp: '198.51.100.2' };
    await store.noteListedDevices(ALICE, next);
    const { devices, listings } = await raw(factory);
    expect(devices.find((row) => row.deviceKey === key(1))).toMatchObject({ lastSeen: second, lastIp: '198.51.100.2' });
    expect(listings[0]?.unchanged).toEqual([key(0), key(2)]);
    const known = await store.knownDevices(ALICE);
    expect(known.find((d) => d.deviceKey === key(1))?.ipsSeen?.map((s) => s.ip)).toEqual([
      '203.0.113.7',
      '198.51.100.2',
    ]);
  });

  it('a covered device that leaves the list keeps, in its own row, the date of the last listing that showed it', async () => {
    const { store, factory, clock } = await openTestHistory();
    await store.noteListedDevices(ALICE, listed(3));
    clock.advance(15 * MIN);
    const shown = clock.now();
    await store.noteListedDevices(ALICE, listed(3));
    clock.advance(15 * MIN);
    const third = clock.now();
    await store.noteListedDevices(ALICE, listed(2));
    const gone = (await raw(factory)).devices.find((row) => row.deviceKey === key(2));
    expect(gone).toMatchObject({ lastSeen: shown, factsAt: shown });
    const known = await store.knownDevices(ALICE);
    expect(known.find((d) => d.deviceKey === key(2))).toMatchObject({ lastSeen: shown, factsAt: shown });
    expect(known.find((d) => d.deviceKey === key(0))).toMatchObject({ lastSeen: third, factsAt: third });
  });

  it('an action on a covered device keeps the listing date of its facts, and its own time', async () => {
    const { store, clock } = await openTestHistory();
    await store.noteListedDevices(ALICE, listed(2));
    clock.advance(15 * MIN);
    const shown = clock.now();
    await store.noteListedDevices(ALICE, listed(2));
    clock.advance(5_000);
    await store.recordAction(
      {
        action: 'device.notRemember',
        mode: 'user',
        actor: ALICE,
        target: { deviceKey: key(0) },
        statusBefore: 'remembered',
      },
      async () => undefined,
    );
    const device = (await store.knownDevices(ALICE)).find((d) => d.deviceKey === key(0));
    expect(device).toMatchObject({ lastStatus: 'not_remembered', lastSeen: clock.now(), factsAt: shown });
  });

  it('an older listing that lands after a newer one does not date the devices back', async () => {
    const { store, clock } = await openTestHistory();
    await store.noteListedDevices(ALICE, listed(2));
    clock.advance(15 * MIN);
    const newer = clock.now();
    await store.noteListedDevices(ALICE, listed(2));
    await store.noteListedDevices(ALICE, listed(2), { listedAt: newer - 5 * MIN });
    for (const device of await store.knownDevices(ALICE)) expect(device.lastSeen).toBe(newer);
  });

  it('each account has its own listing row', async () => {
    const { store, clock } = await openTestHistory();
    await store.noteListedDevices(ALICE, listed(2));
    await store.noteListedDevices(BOB, listed(2));
    const first = clock.now();
    clock.advance(15 * MIN);
    await store.noteListedDevices(ALICE, listed(2));
    for (const device of await store.knownDevices(BOB)) expect(device.lastSeen).toBe(first);
    for (const device of await store.knownDevices(ALICE)) expect(device.lastSeen).toBe(clock.now());
  });

  it('retention dates a device by the listing that covers it, and drops listing rows older than the limit', async () => {
    const { store, factory, clock } = await openTestHistory();
    const start = clock.now();
    await store.noteListedDevices(ALICE, listed(2));
    await store.noteListedDevices(BOB, listed(2));
    clock.advance(20 * DAY);
    await store.noteListedDevices(ALICE, listed(2));
    // Thirty days after the start: bob's devices and listing are older than 15 days; alice's were shown 10 days ago.
    const result = await store.enforceRetention({ maxEntries: 100, maxAgeDays: 15, now: start + 30 * DAY });
    expect(result.devicesForgotten).toBe(2);
    expect(await store.knownDevices(BOB)).toEqual([]);
    expect((await store.knownDevices(ALICE)).map((d) => d.lastSeen)).toEqual([start + 20 * DAY, start + 20 * DAY]);
    expect((await raw(factory)).listings.map((l) => l.actorKey)).toEqual([`${ALICE.pool}|alice`]);
  });

  it('clearing the history clears the listing rows', async () => {
    const { store, factory, clock } = await openTestHistory();
    await store.noteListedDevices(ALICE, listed(2));
    clock.advance(15 * MIN);
    await store.noteListedDevices(ALICE, listed(2));
    await store.clear();
    expect(await raw(factory)).toEqual({ devices: [], listings: [] });
  });

  it('a version 3 database gains the listings store, and its device rows read as they were', async () => {
    const factory = new IDBFactory();
    const v3 = await openHistoryDb(factory, 'v3', 3);
    const row = {
      actorKey: `${ALICE.pool}|alice`,
      pool: ALICE.pool,
      username: 'alice',
      deviceKey: key(0),
      lastStatus: 'remembered' as const,
      lastSeen: Date.UTC(2025, 5, 1),
      names: [],
    };
    await v3.put('devices', row);
    v3.close();
    const store = await openHistory({ indexedDB: factory, name: 'v3' });
    const { actorKey: _a, names: _n, ...known } = row;
    expect(await store.knownDevices(ALICE)).toEqual([known]);
    store.close();
    const v4 = await openHistoryDb(factory, 'v3');
    expect([...v4.objectStoreNames]).toContain('listings');
    v4.close();
  });

  it('the read made for a listing serves its write only while nothing changed the memory since', async () => {
    const { store, clock } = await openTestHistory();
    await store.noteListedDevices(ALICE, listed(3));

    // An action between the read and the write, on a device the read did not know: it reads as the action
    // left it, not as the older listing showed it.
    clock.advance(15 * MIN);
    await store.knownDevices(ALICE);
    clock.advance(1_000);
    await store.recordAction(
      { action: 'device.forget', mode: 'user', actor: ALICE, target: { deviceKey: key(3) } },
      async () => undefined,
    );
    await store.noteListedDevices(ALICE, listed(4), { listedAt: clock.now() - 2_000 });
    expect((await store.knownDevices(ALICE)).find((d) => d.deviceKey === key(3))?.lastStatus).toBe('forgotten');

    // The same for a device it knew, listed with a new IP.
    clock.advance(15 * MIN);
    await store.knownDevices(ALICE);
    clock.advance(1_000);
    await store.recordAction(
      { action: 'device.forget', mode: 'user', actor: ALICE, target: { deviceKey: key(0) } },
      async () => undefined,
    );
    await store.noteListedDevices(ALICE, listed(4, '198.51.100.9'), { listedAt: clock.now() - 2_000 });
    expect((await store.knownDevices(ALICE)).find((d) => d.deviceKey === key(0))?.lastStatus).toBe('forgotten');
  });

  it('a write that reuses the listing read leaves the database as a write that read again would', async () => {
    // The product's order (read for the answer, then write) on one store; the same writes on another
    // database by a store that never read before writing (so it always reads in the write).
    const product = await openTestHistory();
    const plain = await openTestHistory(product.clock);
    const { clock } = product;
    const listing = (devices: ListedDevice[], options?: { by: 'admin' }) => async () => {
      await product.store.knownDevices(ALICE);
      await product.store.noteListedDevices(ALICE, devices, options);
      await plain.store.noteListedDevices(ALICE, devices, options);
    };
    const action = (deviceKey: string) => async () => {
      for (const { store } of [product, plain])
        await store.recordAction(
          { action: 'device.notRemember', mode: 'user', actor: ALICE, target: { deviceKey } },
          async () => undefined,
        );
    };
    const steps = [
      listing(listed(4)),
      listing(listed(4)),
      listing([...listed(5)].reverse()),
      action(key(2)),
      listing(listed(2, '198.51.100.4')),
      listing(listed(3, '198.51.100.4'), { by: 'admin' }),
      listing(listed(3, '198.51.100.4')),
    ];
    for (const step of steps) {
      clock.advance(15 * MIN);
      await step();
      expect(await raw(product.factory)).toEqual(await raw(plain.factory));
    }
  });

  it('the listing read is not reused once a page has cleared the history, even with no listing row yet', async () => {
    const { store, factory, clock } = await openTestHistory();
    // One listing of new devices: their rows, and no listing row (it covers nothing yet).
    await store.noteListedDevices(ALICE, listed(3));
    expect((await raw(factory)).listings).toEqual([]);
    clock.advance(15 * MIN);
    await store.knownDevices(ALICE);
    const page = await openHistory({ indexedDB: factory });
    await page.clear();
    page.close();
    await store.noteListedDevices(ALICE, listed(3));
    expect((await store.knownDevices(ALICE)).map((d) => d.deviceKey)).toEqual([key(0), key(1), key(2)]);
  });

  it('the listing read is not reused once another connection has rewritten the listing row', async () => {
    const opened = await openTestHistory();
    const { store, factory, clock } = opened;
    await coveredThenRead(opened);
    // Another connection changes a device's IP and the listing row (the row count stays).
    await otherConnectionChanges(factory, clock.now() - 1);
    await store.noteListedDevices(ALICE, listed(3));
    expect((await store.knownDevices(ALICE)).find((d) => d.deviceKey === key(1))?.lastIp).toBe('203.0.113.7');
  });

  it('a listing read older than a minute is not reused', async () => {
    const opened = await openTestHistory();
    const { store, factory, clock } = opened;
    await coveredThenRead(opened);
    // A fetch that took over a minute; meanwhile another connection changed a device row only.
    clock.advance(61_000);
    await otherConnectionChanges(factory);
    await store.noteListedDevices(ALICE, listed(3));
    expect((await store.knownDevices(ALICE)).find((d) => d.deviceKey === key(1))?.lastIp).toBe('203.0.113.7');
  });

  it('an account with no devices writes no listing row and tells no change', async () => {
    const { store, factory, clock } = await openTestHistory();
    await store.noteListedDevices(ALICE, []);
    clock.advance(15 * MIN);
    const changes: string[] = [];
    store.subscribe((change) => changes.push(change.type));
    await store.noteListedDevices(ALICE, []);
    expect(await raw(factory)).toEqual({ devices: [], listings: [] });
    expect(changes).toEqual([]);
  });
});
