/**
 * The device memory: what history knows of each device of an account (its
 * names, last status, when last seen, and the last IP and times a listing
 * showed, "as of" that listing), fed by actions and by listings. Identifiers
 * and device facts only: never a token.
 */

import type { IDBPObjectStore } from 'idb';
import { memoryWriteTx, type StoreContext } from './context';
import { guarded } from './guarded';
import type { DeviceMemoryRecord, HistoryDB, ListingRecord } from './schema';
import { withIp, withName } from './schema';
import { maskFlatRecord, storableDeviceName } from './secrets';
import type { DeviceStatus, KnownDevice } from './types';
import { actorKeyOf, type ListedFacts, listedFactsOf } from './types';

/** A device as a listing shows it, for the device memory. */
export interface ListedDevice {
  readonly deviceKey: string;
  readonly deviceName?: string;
  readonly status?: DeviceStatus;
  readonly lastIp?: string;
  readonly createdAt?: number;
  readonly lastAuthenticatedAt?: number;
  readonly lastModifiedAt?: number;
}

/** A listing this soon after the account's last one, with no device changed, writes nothing: `lastSeen` is kept to the minute. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** The facts of a device row other than when it was seen. */
function sameDeviceFacts(a: DeviceMemoryRecord, b: DeviceMemoryRecord): boolean {
  return (
    a.deviceName === b.deviceName &&
    a.lastStatus === b.lastStatus &&
    a.pool === b.pool &&
    a.username === b.username &&
    a.lastIp === b.lastIp &&
    a.createdAt === b.createdAt &&
    a.lastAuthenticatedAt === b.lastAuthenticatedAt &&
    a.lastModifiedAt === b.lastModifiedAt &&
    a.learnedFrom === b.learnedFrom &&
    (a.ipsSeen?.length ?? 0) === (b.ipsSeen?.length ?? 0) &&
    a.names.length === b.names.length &&
    a.names.every((name, i) => name === b.names[i])
  );
}

/** A listing's facts of a device, dated by the listing (nothing when it stated none). */
function factsSeen(device: ListedDevice, seen: number): ListedFacts {
  const { factsAt: _ignored, ...facts } = listedFactsOf(device);
  return Object.keys(facts).length > 0 ? { ...facts, factsAt: seen } : {};
}

/** A stored row without its listed facts: a listing that states facts replaces them all, dated anew. */
function withoutFacts(row: DeviceMemoryRecord | undefined): Partial<DeviceMemoryRecord> {
  if (!row) return {};
  const { lastIp: _i, createdAt: _c, lastAuthenticatedAt: _a, lastModifiedAt: _m, factsAt: _f, ...rest } = row;
  return rest;
}

export function deviceRowKey(actorKey: string, deviceKey: string): [string, string] {
  return [actorKey, deviceKey];
}

function toKnownDevice(row: DeviceMemoryRecord): KnownDevice {
  const { actorKey: _actorKey, names: _names, ...device } = row;
  return device;
}

/**
 * A device row as the account's last listing leaves it: a device that listing
 * showed unchanged was seen then, and the facts its row holds were stated then.
 * A row written since (an action) is newer than the listing and reads as stored.
 */
export function seenThrough(
  row: DeviceMemoryRecord,
  listing: ListingRecord | undefined,
  unchanged: ReadonlySet<string> | undefined = listing && new Set(listing.unchanged),
): DeviceMemoryRecord {
  if (!listing || !unchanged?.has(row.deviceKey) || row.lastSeen >= listing.listedAt) return row;
  return { ...row, lastSeen: listing.listedAt, ...(row.factsAt === undefined ? {} : { factsAt: listing.listedAt }) };
}

/** Every row of one account in the `devices` store. */
function accountRange(actorKey: string): IDBKeyRange {
  return IDBKeyRange.bound([actorKey], [actorKey, []]);
}

/** A read of an account's rows and listing row, kept for the write that follows it. */
interface KeptRead {
  readonly rows: DeviceMemoryRecord[];
  readonly listing: ListingRecord | undefined;
  /** The store's count of memory writes when the read began. */
  readonly writes: number;
  readonly at: number;
}

/** knownDevices and noteListedDevices over one database. */
export function createDeviceMemory(ctx: StoreContext) {
  const { db, now, emit, memoryWrites } = ctx;
  /**
   * The last read of each account's rows, for the listing that follows it (a listing reads the memory
   * before its fetch, for its answer, and writes it after). Used once, only while no write of the memory
   * started since and the account's row count and listing row are as read; otherwise read again.
   */
  const lastRead = new Map<string, KeptRead>();

  async function knownDevices(account: { readonly pool: string; readonly username?: string }): Promise<KnownDevice[]> {
    const actorKey = actorKeyOf(account);
    const writes = memoryWrites.count;
    const [rows, listing] = await guarded('ERR_HISTORY_UNAVAILABLE', () => {
      const tx = db.transaction(['devices', 'listings']);
      return Promise.all([
        tx.objectStore('devices').getAll(accountRange(actorKey)),
        tx.objectStore('listings').get(actorKey),
      ]);
    });
    const at = now();
    // A read whose listing never wrote (its fetch failed) is not held for nothing.
    for (const [key, kept] of lastRead) if (at - kept.at >= LAST_SEEN_RESOLUTION_MS) lastRead.delete(key);
    lastRead.set(actorKey, { rows, listing, writes, at });
    const unchanged = listing && new Set(listing.unchanged);
    return rows
      .map((row) => toKnownDevice(seenThrough(row, listing, unchanged)))
      .sort((a, b) => b.lastSeen - a.lastSeen);
  }

  /** The account's rows: the last read when nothing can have changed them since, else read now. */
  async function rowsOf(
    store: IDBPObjectStore<HistoryDB, ('devices' | 'listings')[], 'devices', 'readwrite'>,
    actorKey: string,
    listing: ListingRecord | undefined,
    kept: KeptRead | undefined,
    writes: number,
  ): Promise<DeviceMemoryRecord[]> {
    const range = accountRange(actorKey);
    if (
      kept &&
      kept.writes === writes &&
      now() - kept.at < LAST_SEEN_RESOLUTION_MS &&
      kept.listing?.listedAt === listing?.listedAt &&
      (await store.count(range)) === kept.rows.length
    )
      return kept.rows;
    return store.getAll(range);
  }

  async function noteListedDevices(
    account: { readonly pool: string; readonly username?: string },
    devices: readonly ListedDevice[],
    options: { readonly listedAt?: number; readonly by?: 'user' | 'admin' } = {},
  ): Promise<void> {
    const actorKey = actorKeyOf(account);
    const seen = options.listedAt ?? now();
    const rows: Omit<DeviceMemoryRecord, 'names'>[] = devices.map((device) =>
      maskFlatRecord({
        actorKey,
        pool: account.pool,
        username: account.username ?? '',
        deviceKey: device.deviceKey,
        ...(device.deviceName === undefined ? {} : { deviceName: storableDeviceName(device.deviceName) }),
        ...(device.status === undefined ? {} : { lastStatus: device.status }),
        ...factsSeen(device, seen),
        lastSeen: seen,
        learnedFrom: options.by === 'admin' ? ('adminListing' as const) : ('userListing' as const),
      }),
    );
    const written = await guarded('ERR_HISTORY_WRITE_FAILED', async () => {
      const kept = lastRead.get(actorKey);
      lastRead.delete(actorKey);
      const writesBefore = memoryWrites.count;
      const tx = memoryWriteTx(ctx, ['devices', 'listings']);
      const store = tx.objectStore('devices');
      // One read of the account's rows (or none: the one made for the listing's answer) and its last
      // listing, then only the writes that change something: every device list (each popup opening, each
      // watch tick) comes here. A device whose facts are unchanged is not rewritten: the account's listing
      // row says it was seen now.
      const last = await tx.objectStore('listings').get(actorKey);
      const stored = await rowsOf(store, actorKey, last, kept, writesBefore);
      const lastUnchanged = new Set(last?.unchanged);
      const previousOf = new Map(stored.map((row) => [row.deviceKey, seenThrough(row, last, lastUnchanged)]));
      // Two listings that crossed: the older, landing second, leaves the account's listing row as it is.
      const recording = !last || last.listedAt <= seen;
      const unchanged = new Set<string>();
      const rewritten = new Set<string>();
      const writes: Promise<unknown>[] = [];
      for (const row of rows) {
        const previous = previousOf.get(row.deviceKey);
        // Newer than this listing: an action finished while it was under way.
        if (previous && previous.lastSeen > seen) continue;
        // Facts this listing states replace the old ones (no IP of one listing dated by another);
        // a listing that states none keeps what an earlier one said, with its date.
        const next: DeviceMemoryRecord = {
          ...(row.factsAt === undefined ? previous : withoutFacts(previous)),
          ...row,
          ...(row.deviceName === undefined && previous?.deviceName !== undefined
            ? { deviceName: previous.deviceName }
            : {}),
          names: withName(previous?.names, row.deviceName),
        };
        const ipsSeen = withIp(previous?.ipsSeen, row.lastIp, seen);
        if (ipsSeen.length > 0) Object.assign(next, { ipsSeen });
        if (previous && sameDeviceFacts(previous, next)) {
          const recent = next.lastSeen - previous.lastSeen < LAST_SEEN_RESOLUTION_MS;
          // Facts stated again (or none, as before) date anew through the listing row. Facts kept from an
          // earlier listing, when this one states none, keep their date, so that row is written instead.
          if (recording && (row.factsAt !== undefined || previous.factsAt === undefined)) {
            if (lastUnchanged.has(row.deviceKey) || !recent) unchanged.add(row.deviceKey);
            continue;
          }
          if (recent) continue;
        }
        rewritten.add(row.deviceKey);
        writes.push(store.put(next));
      }
      const same =
        last !== undefined &&
        seen - last.listedAt < LAST_SEEN_RESOLUTION_MS &&
        [...unchanged].every((key) => lastUnchanged.has(key));
      // An account with no device covered now or before has nothing to record.
      const covers = unchanged.size > 0 || lastUnchanged.size > 0;
      if (recording && !same && covers) {
        // A device the last listing row covered that this one neither covers nor rewrote (it left the list)
        // keeps that listing's date in its own row.
        for (const row of stored) {
          if (!lastUnchanged.has(row.deviceKey) || rewritten.has(row.deviceKey) || unchanged.has(row.deviceKey))
            continue;
          const dated = seenThrough(row, last, lastUnchanged);
          if (dated !== row) writes.push(store.put(dated));
        }
        writes.push(tx.objectStore('listings').put({ actorKey, listedAt: seen, unchanged: [...unchanged] }));
      }
      await Promise.all([...writes, tx.done]);
      return writes.length;
    });
    if (written > 0) emit({ type: 'devices' });
  }
  return { knownDevices, noteListedDevices };
}
