/**
 * The IndexedDB schema of the history log and its migrations. Opening the
 * database happens here and only here (DESIGN.md: utils/history is the only
 * code that opens IndexedDB).
 *
 * Versions (each step runs once, in order, from the version found on disk):
 * - v1: `entries` (auto-increment `id`) with indexes `time`, and the
 *   `[field, time]` compound indexes `byDevice`, `byAction`, `byOutcome`,
 *   `byParent`, so a filtered "newest first" page is an index walk.
 * - v2: `actorKey` (`pool|username`) on every entry with the `byActor`
 *   index, and the `devices` store (the dashboard's memory of devices, with
 *   every name each device had, which is where free-text search starts),
 *   both back-filled from the v1 entries.
 * - v3: the pool audit (utils/history/audit-store.ts): `auditRuns` (one
 *   checkpoint per run, key `id`) and `auditResults` (one row per user, key
 *   `[runId, username]`, so a user crawled twice is stored once). Nothing to
 *   back-fill.
 * - v4: `listings` (one row per account, key `actorKey`): the account's last
 *   listing, and the devices it showed with facts unchanged, whose rows it
 *   therefore did not rewrite (device-memory.ts `seenThrough`). A watch tick
 *   or popup opening then writes one row, not one per device. Nothing to
 *   back-fill: with no row, a device reads as its own row says. And the
 *   `byActorOutcome` index (`[actorKey, outcome, time]`), so an account's
 *   interrupted entries are one index walk (utils/devices/reconcile-single.ts).
 *
 * A `devices` row may also carry the last IP and times a listing showed
 * (KnownDevice `lastIp` … `factsAt`). Those are optional value fields, not a
 * store, key or index, so they needed no version step of their own: a row
 * written before them reads as "no facts kept".
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction } from 'idb';
import { wrap } from 'idb';
import { AppError } from '../errors';
import type { AuditRun, AuditUserResult } from './audit-types';
import type { HistoryEntry, IpSeen, KnownDevice } from './types';
import { actorKeyOf, impliedStatusAfter, listedFactsOf } from './types';

/** The schema version this code writes. */
export const HISTORY_DB_VERSION = 4;

/** Default database name. */
export const HISTORY_DB_NAME = 'cognito-device-history';

/** How many distinct past names a device row keeps for free-text search. */
export const MAX_NAMES_PER_DEVICE = 16;

/** A row of the `devices` store. */
export interface DeviceMemoryRecord extends KnownDevice {
  readonly actorKey: string;
  /** Every name seen for the device (lowercased, most recent last): free-text search starts here. */
  readonly names: readonly string[];
}

/**
 * A row of the `listings` store: when the account was last listed, and the
 * devices that listing showed unchanged. Their rows were not rewritten: each
 * was seen at `listedAt`, and the facts its row holds were stated again then.
 * Device keys and a time only.
 */
export interface ListingRecord {
  readonly actorKey: string;
  readonly listedAt: number;
  readonly unchanged: readonly string[];
}

/** Add a name to a row's name list (lowercased, distinct, most recent last, capped). */
export function withName(names: readonly string[] | undefined, name: string | undefined): string[] {
  const list = [...(names ?? [])];
  if (name === undefined) return list;
  const lower = name.toLowerCase();
  return [...list.filter((n) => n !== lower), lower].slice(-MAX_NAMES_PER_DEVICE);
}

/** How many distinct IPs a device row keeps, with when each was first seen. */
export const MAX_IPS_PER_DEVICE = 16;

/** Add a listing's IP to a row's IPs (distinct; an IP seen before keeps its first time; the oldest dropped past the cap). */
export function withIp(seen: readonly IpSeen[] | undefined, ip: string | undefined, at: number): IpSeen[] {
  const list = [...(seen ?? [])];
  if (ip === undefined || list.some((s) => s.ip === ip)) return list;
  return [...list, { ip, at }].slice(-MAX_IPS_PER_DEVICE);
}

/** The current schema (v4). */
export interface HistoryDB extends DBSchema {
  entries: {
    key: number;
    value: HistoryEntry;
    indexes: {
      time: number;
      byDevice: [string, number];
      byAction: [string, number];
      byOutcome: [string, number];
      byParent: [number, number];
      byActor: [string, number];
      byActorOutcome: [string, string, number];
    };
  };
  devices: {
    key: [string, string];
    value: DeviceMemoryRecord;
  };
  auditRuns: {
    key: string;
    value: AuditRun;
  };
  auditResults: {
    key: [string, string];
    value: AuditUserResult;
  };
  listings: {
    key: string;
    value: ListingRecord;
  };
}

/** The names of the `[field, time]` indexes. */
export type CompoundIndex = 'byDevice' | 'byAction' | 'byOutcome' | 'byParent' | 'byActor' | 'byActorOutcome';

type UpgradeTx = IDBPTransaction<HistoryDB, ('entries' | 'devices')[], 'versionchange'>;
// The upgrade works on older shapes than HistoryDB describes, so steps take the untyped database.
type AnyDB = IDBPDatabase<unknown>;
type AnyTx = IDBPTransaction<unknown, string[], 'versionchange'>;

/** v1: the entries store with its time, device, action, outcome and parent indexes. */
function upgradeToV1(db: AnyDB): void {
  const entries = db.createObjectStore('entries', { keyPath: 'id', autoIncrement: true });
  entries.createIndex('time', 'time');
  entries.createIndex('byDevice', ['target.deviceKey', 'time']);
  entries.createIndex('byAction', ['action', 'time']);
  entries.createIndex('byOutcome', ['outcome', 'time']);
  entries.createIndex('byParent', ['parentId', 'time']);
}

/** Fold one entry into the device memory (oldest first gives the latest state). */
export function foldDevice(
  previous: DeviceMemoryRecord | undefined,
  entry: HistoryEntry,
): DeviceMemoryRecord | undefined {
  const deviceKey = entry.target?.deviceKey;
  if (!deviceKey) return previous;
  // A Watch finding reports a listing, which the memory has already noted; a device gone elsewhere is no
  // longer remembered as the memory last said (found once, not at every check).
  if (entry.action === 'watch.gone' && previous) return { ...previous, lastStatus: 'not_remembered' };
  if (entry.action.startsWith('watch.')) return previous;
  const status =
    entry.outcome === 'ok'
      ? (entry.statusAfter ?? impliedStatusAfter(entry.action))
      : (previous?.lastStatus ?? entry.statusBefore);
  const name = entry.target?.deviceName ?? previous?.deviceName;
  return {
    // An action changes the status, not what the last listing said of the device: keep its facts.
    ...listedFactsOf(previous),
    ...(previous?.ipsSeen ? { ipsSeen: previous.ipsSeen } : {}),
    actorKey: entry.actorKey,
    pool: entry.actor.pool,
    username: entry.actor.username ?? '',
    deviceKey,
    ...(name === undefined ? {} : { deviceName: name }),
    ...(status === undefined ? {} : { lastStatus: status }),
    lastSeen: Math.max(previous?.lastSeen ?? 0, entry.finishedAt ?? entry.time),
    learnedFrom: entry.mode === 'admin' ? 'adminAction' : 'userAction',
    names: withName(previous?.names, entry.target?.deviceName),
  };
}

/** v2: actor index and device memory, back-filled from the v1 entries. */
async function upgradeToV2(db: AnyDB, tx: AnyTx): Promise<void> {
  const entries = tx.objectStore('entries');
  entries.createIndex('byActor', ['actorKey', 'time']);
  const devices = db.createObjectStore('devices', { keyPath: ['actorKey', 'deviceKey'] });
  const memory = new Map<string, DeviceMemoryRecord>();
  // Oldest first, so the device memory ends on each device's latest state.
  for (let cursor = await entries.openCursor(); cursor; cursor = await cursor.continue()) {
    const old = cursor.value as Omit<HistoryEntry, 'actorKey'>;
    const migrated: HistoryEntry = { ...old, actorKey: actorKeyOf(old.actor) };
    await cursor.update(migrated);
    const key = `${migrated.actorKey}\u0000${migrated.target?.deviceKey ?? ''}`;
    const row = foldDevice(memory.get(key), migrated);
    if (row) memory.set(key, row);
  }
  for (const row of memory.values()) await devices.put(row);
}

/** v3: the audit checkpoint and results stores (empty). */
function upgradeToV3(db: AnyDB): void {
  db.createObjectStore('auditRuns', { keyPath: 'id' });
  db.createObjectStore('auditResults', { keyPath: ['runId', 'username'] });
}

/** v4: the account listings store (empty), and the account-and-outcome index of the entries. */
function upgradeToV4(db: AnyDB, tx: AnyTx): void {
  db.createObjectStore('listings', { keyPath: 'actorKey' });
  tx.objectStore('entries').createIndex('byActorOutcome', ['actorKey', 'outcome', 'time']);
}

/**
 * Run every migration step from `oldVersion` up to `newVersion`. Exported so
 * tests can build a database exactly as an older release left it.
 */
export async function migrate(db: AnyDB, oldVersion: number, newVersion: number, tx: AnyTx): Promise<void> {
  if (oldVersion < 1 && newVersion >= 1) upgradeToV1(db);
  if (oldVersion < 2 && newVersion >= 2) await upgradeToV2(db, tx);
  if (oldVersion < 3 && newVersion >= 3) upgradeToV3(db);
  if (oldVersion < 4 && newVersion >= 4) upgradeToV4(db, tx);
}

/**
 * Open (creating or upgrading) the history database through an injected
 * IDBFactory. Another context asking for a newer version makes this
 * connection close itself instead of blocking the upgrade.
 */
export async function openHistoryDb(
  factory: IDBFactory,
  name: string = HISTORY_DB_NAME,
  version: number = HISTORY_DB_VERSION,
): Promise<IDBPDatabase<HistoryDB>> {
  let migration: Promise<void> = Promise.resolve();
  let request: IDBOpenDBRequest;
  try {
    request = factory.open(name, version);
  } catch (error) {
    throw new AppError('ERR_HISTORY_UNAVAILABLE', undefined, { cause: error });
  }
  request.onupgradeneeded = (event) => {
    const tx = request.transaction;
    if (!tx) return;
    const db = wrap(request.result) as AnyDB;
    const upgradeTx = wrap(tx) as unknown as UpgradeTx;
    migration = migrate(db, event.oldVersion, event.newVersion ?? version, upgradeTx as unknown as AnyTx);
    // A failed step aborts the version change, so the open request fails and the old data stays as it was.
    migration.catch(() => {
      try {
        upgradeTx.abort();
      } catch {
        // Already aborted by the failing request: nothing more to undo.
      }
    });
  };
  try {
    const db = (await wrap(request)) as unknown as IDBPDatabase<HistoryDB>;
    await migration;
    db.addEventListener('versionchange', () => db.close());
    return db;
  } catch (error) {
    throw new AppError('ERR_HISTORY_UNAVAILABLE', undefined, { cause: error });
  }
}
