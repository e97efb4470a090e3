/**
 * The dashboard's view of an account's devices: what Cognito lists now, merged
 * with what the history remembers (a device marked not remembered drops out of
 * a user's ListDevices but must not drop out of sight). Pure: no I/O.
 *
 * Times are epoch milliseconds so rows survive extension messaging (JSON).
 */
import { type KnownDevice, type ListedFacts, listedFactsOf } from '../history/types';
import { listedFacts } from '../records';
import type { DeviceDto } from '../storage';
import { type IpFacts, ipContext } from './ip-context';

export { toDeviceDto } from '../records';
export type { DeviceDto } from '../storage';

/** What the history knows of a device no longer listed (see utils/history KnownDevice). */
export type KnownDeviceLike = Pick<
  KnownDevice,
  'deviceKey' | 'deviceName' | 'lastStatus' | 'lastSeen' | 'learnedFrom' | 'ipsSeen'
> &
  ListedFacts;

/** One row of the device list. */
export interface DeviceRow extends DeviceDto {
  /** 'listed': Cognito lists it now; 'history': known only from the history log. */
  source: 'listed' | 'history';
  /** The device this browser's session is bound to (`device_key` claim). */
  isCurrent: boolean;
  /**
   * True when `remembered` was inferred, not stated: a user's ListDevices answered without
   * `dev:device_remembered_status` (the API reference's lean answer), and that list holds
   * remembered devices only.
   */
  rememberedInferred?: boolean;
  /**
   * A row known from history: when the listing that showed its last IP, creation and sign-in
   * times was (epoch ms). The pages label those facts "as of" this time; absent when none were kept.
   */
  factsAsOf?: number;
  /** A row known from history: how the extension last learned of it (a listing or an action, a user's or an admin's). */
  learnedFrom?: KnownDevice['learnedFrom'];
  /** Its last IP's context on this account (utils/devices/ip-context.ts): how many devices show it, and new or not. */
  ip?: IpFacts;
}

/**
 * Merge the listed devices with the history's memory. Devices known from the
 * history but not listed, and not forgotten, come back as `source: 'history'`
 * (typically: marked not remembered, so a user's ListDevices hides them).
 */
export function buildDeviceRows(
  listed: readonly DeviceDto[],
  known: readonly KnownDeviceLike[],
  currentDeviceKey?: string,
  /** When the listing was: with it, each row's last IP gets its context on the account (`ip`). */
  listedAt?: number,
): { listed: DeviceRow[]; knownOnly: DeviceRow[] } {
  const listedKeys = new Set(listed.map((d) => d.key));
  // A user's ListDevices lists remembered devices only: a device it lists without a status is remembered.
  const rows = listed.map(
    (d): DeviceRow => ({
      ...d,
      ...(d.remembered === undefined ? { remembered: true, rememberedInferred: true } : {}),
      source: 'listed',
      isCurrent: d.key === currentDeviceKey,
    }),
  );
  const knownOnly = known
    .filter((k) => !listedKeys.has(k.deviceKey) && k.lastStatus !== 'forgotten')
    .map(
      (k): DeviceRow => ({
        key: k.deviceKey,
        name: k.deviceName,
        remembered: k.lastStatus === undefined ? undefined : k.lastStatus === 'remembered',
        // The last listing's facts, "as of" it (its last-modified time is older than lastSeen, so not shown).
        ...(k.factsAt === undefined ? {} : factsAsOf(k, k.factsAt)),
        // The latest change the history knows: an action at lastSeen, or the listing that last showed it.
        lastModifiedAt: k.lastSeen,
        ...(k.learnedFrom === undefined ? {} : { learnedFrom: k.learnedFrom }),
        source: 'history',
        isCurrent: k.deviceKey === currentDeviceKey,
      }),
    );
  if (listedAt === undefined) return { listed: rows, knownOnly };
  const context = ipContext([...rows, ...knownOnly], known, listedAt);
  const withIp = (row: DeviceRow): DeviceRow => {
    const ip = row.lastIp === undefined ? undefined : context.get(row.lastIp);
    return ip ? { ...row, ip } : row;
  };
  return { listed: rows.map(withIp), knownOnly: knownOnly.map(withIp) };
}

export type DeviceSortKey = 'name' | 'lastIp' | 'lastAuthenticatedAt' | 'createdAt' | 'remembered';
export interface DeviceSort {
  key: DeviceSortKey;
  direction: 'asc' | 'desc';
}

/** Compare with missing values last, whatever the direction. */
function compareValues(a: string | number | undefined, b: string | number | undefined): number {
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b, 'en', { sensitivity: 'base' });
  return (a as number) - (b as number);
}

function sortValue(row: DeviceRow, key: DeviceSortKey): string | number | undefined {
  if (key === 'remembered') return row.remembered === undefined ? undefined : row.remembered ? 1 : 0;
  return row[key];
}

/** A sorted copy; devices lacking the sorted field go last in both directions. */
export function sortDeviceRows(rows: readonly DeviceRow[], sort: DeviceSort): DeviceRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const a = sortValue(x, sort.key);
    const b = sortValue(y, sort.key);
    if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
    return sign * compareValues(a, b) || x.key.localeCompare(y.key);
  });
}

/**
 * The one sort rule of every device table: a click on the sorted column turns
 * its direction; a click on another column sorts by it, newest / largest first.
 */
export function nextSort(current: DeviceSort, key: DeviceSortKey): DeviceSort {
  return { key, direction: current.key === key && current.direction === 'desc' ? 'asc' : 'desc' };
}

export type RememberedFilter = 'all' | 'remembered' | 'notRemembered';

/** Rows whose name, key or IP contains `text` (case-insensitive) and whose state matches. */
export function filterDeviceRows(
  rows: readonly DeviceRow[],
  text: string,
  remembered: RememberedFilter = 'all',
): DeviceRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter((row) => {
    if (remembered === 'remembered' && row.remembered !== true) return false;
    if (remembered === 'notRemembered' && row.remembered !== false) return false;
    if (!needle) return true;
    return [row.name, row.key, row.lastIp].some((v) => v?.toLowerCase().includes(needle));
  });
}

/** The end of a device key that tells two devices apart at a glance: its last 8 characters. */
export function shortKey(key: string): string {
  return key.slice(-8);
}

/** A device's display name: its name, else a shortened key. Untrusted text: render as text only. */
export function deviceLabel(row: Pick<DeviceDto, 'key' | 'name'>): string {
  return row.name?.trim() ? row.name : `Unnamed device ${shortKey(row.key)}`;
}

/** The popup's order: this browser's device first, then the most recently signed in; never-used last. */
export function popupOrder(rows: readonly DeviceRow[]): DeviceRow[] {
  const sorted = sortDeviceRows(rows, { key: 'lastAuthenticatedAt', direction: 'desc' });
  return [...sorted.filter((r) => r.isCurrent), ...sorted.filter((r) => !r.isCurrent)];
}

/** A history row's kept facts (no last-modified time: the row's is the history's own). */
function factsAsOf(k: ListedFacts, at: number): Partial<DeviceRow> {
  const { lastModifiedAt: _m, factsAt: _f, ...facts } = listedFactsOf(k);
  return { ...facts, factsAsOf: at };
}

/**
 * What stays known of a device leaving the list: the facts of the listing that shows it now,
 * else what the memory already kept (with its date), else those of an earlier listing. Pure.
 */
function keptFacts(
  listedNow: DeviceDto | undefined,
  known: KnownDeviceLike | undefined,
  seenEarlier: DeviceDto | undefined,
  listedAt: number,
): ListedFacts {
  const dated = (d: DeviceDto | undefined): ListedFacts => {
    const facts = d ? listedFacts(d) : {};
    return Object.keys(facts).length > 0 ? { ...facts, factsAt: listedAt } : {};
  };
  const now = dated(listedNow);
  if (now.factsAt !== undefined) return now;
  return known?.factsAt !== undefined ? listedFactsOf(known) : dated(seenEarlier);
}

/** What the worker last saw of an account's devices: the listing and the history's memory. */
export interface DeviceListing {
  readonly listed: readonly DeviceDto[];
  readonly known: readonly KnownDeviceLike[];
}

/**
 * Fold an action that succeeded into the last listing, as the next ListDevices
 * with a user token would show it (it lists remembered devices only): a
 * device marked not remembered moves to the history's memory, a forgotten one
 * goes, a remembered one is listed (with the facts last seen of it). Pure.
 */
export function foldDeviceAction(
  listing: DeviceListing,
  device: { key: string; name?: string },
  action: 'remember' | 'notRemember' | 'forget',
  at: number,
  lastSeen?: DeviceDto,
  /** When `listing` was fetched: the date of the facts it shows (defaults to `at`). */
  listedAt = at,
): DeviceListing {
  const listedNow = listing.listed.find((d) => d.key === device.key);
  const was = listedNow ?? lastSeen;
  const listed = listing.listed.filter((d) => d.key !== device.key);
  const known = listing.known.filter((k) => k.deviceKey !== device.key);
  const memory = listing.known.find((k) => k.deviceKey === device.key);
  const name = was?.name ?? device.name ?? memory?.deviceName;
  if (action === 'remember') {
    const restored: DeviceDto = {
      ...(was ?? { key: device.key }),
      ...(name === undefined ? {} : { name }),
      remembered: true,
    };
    const index = listing.listed.findIndex((d) => d.key === device.key);
    return {
      listed: index === -1 ? [...listing.listed, restored] : listing.listed.map((d, i) => (i === index ? restored : d)),
      known,
    };
  }
  const left: KnownDeviceLike = {
    deviceKey: device.key,
    ...(name === undefined ? {} : { deviceName: name }),
    lastStatus: action === 'forget' ? 'forgotten' : 'not_remembered',
    lastSeen: at,
    // As the history's memory says of it after this action (utils/history/schema.ts foldDevice).
    learnedFrom: 'userAction',
    // What was last seen of it stays known, dated by the listing that showed it.
    ...keptFacts(listedNow, memory, lastSeen, listedAt),
  };
  return { listed, known: [left, ...known] };
}
