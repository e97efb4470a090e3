/**
 * The audit report, computed by walking the stored results with a cursor:
 * counts, a devices-per-user histogram, the top users and IPs (counts only),
 * paged device tables (the exports, in chunks: audit-export.ts). Nothing keeps
 * the whole run in memory. Device categories are the same rules
 * the bulk remediation selects by (utils/admin/remediation.ts).
 */
import { AppError } from '../errors';
import type { AuditStore } from '../history/audit-store';
import type { AuditDevice, AuditUserResult } from '../history/audit-types';
import { AUDIT_CATEGORIES, type AuditFilter } from '../storage';
import { deviceKeysOf } from './audit-keys';

export { AUDIT_CATEGORIES, type AuditCategory, type AuditFilter } from '../storage';

const DAY_MS = 24 * 3600 * 1000;

/** Check a filter's fields (ERR_INVALID_INPUT names the field). */
export function checkAuditFilter(filter: AuditFilter): AuditFilter {
  const bad = (field: string, message: string) => new AppError('ERR_INVALID_INPUT', message, { details: { field } });
  if (!filter || !(AUDIT_CATEGORIES as readonly string[]).includes(filter.category)) {
    throw bad('category', 'Unknown device category.');
  }
  if (filter.category === 'stale') {
    const days = filter.staleDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 3650) {
      throw bad('staleDays', 'Stale days must be a whole number from 1 to 3650.');
    }
  }
  if (filter.category === 'ip' && (typeof filter.ip !== 'string' || filter.ip.trim() === '' || filter.ip.length > 64)) {
    throw bad('ip', 'Enter the IP address to select.');
  }
  if (filter.text !== undefined && (typeof filter.text !== 'string' || filter.text.length > 256)) {
    throw bad('text', 'The search text is too long.');
  }
  return filter;
}

/** The idle threshold of the kept audits' totals: the report's default. */
export const KEPT_STALE_DAYS = 90;

/** True when the device has not authenticated for more than `days` (by creation date if it never did). */
export function isStale(device: AuditDevice, days: number, now: number): boolean {
  const last = device.lastAuthenticatedAt ?? device.createdAt;
  return last !== undefined && now - last > days * DAY_MS;
}

/** True when the device (of `username`) matches the filter. */
export function matchesFilter(device: AuditDevice, username: string, filter: AuditFilter, now: number): boolean {
  const text = filter.text?.trim().toLowerCase();
  if (text && !username.toLowerCase().includes(text) && !device.name?.toLowerCase().includes(text)) return false;
  switch (filter.category) {
    case 'all':
      return true;
    case 'stale':
      return isStale(device, filter.staleDays ?? 90, now);
    case 'neverAuthenticated':
      return device.lastAuthenticatedAt === undefined;
    case 'notRemembered':
      return device.remembered === false;
    case 'remembered':
      return device.remembered === true;
    case 'ip':
      return device.lastIp === filter.ip?.trim();
  }
}

/** The report of one run. */
export interface AuditReport {
  readonly users: number;
  readonly usersWithoutDevices: number;
  /** Users that disappeared between ListUsers and AdminListDevices. */
  readonly goneUsers: number;
  readonly devices: number;
  readonly remembered: number;
  readonly notRemembered: number;
  readonly unknownStatus: number;
  readonly stale: number;
  readonly neverAuthenticated: number;
  readonly staleDays: number;
  /** How many users have n devices, by n ascending. */
  readonly devicesPerUser: readonly { readonly devices: number; readonly users: number }[];
  /** The users with the most devices (at most 10). */
  readonly topUsers: readonly { readonly username: string; readonly devices: number }[];
  readonly distinctIps: number;
  /** The IPs with the most devices (at most `topIps`). */
  readonly topIps: readonly { readonly ip: string; readonly devices: number; readonly users: number }[];
}

/** Folds results one by one into a report (counts only). */
export function createReportAccumulator(options: { now: number; staleDays: number; topIps?: number }) {
  const { now, staleDays } = options;
  const topIpCount = options.topIps ?? 20;
  const c = {
    users: 0,
    usersWithoutDevices: 0,
    goneUsers: 0,
    devices: 0,
    remembered: 0,
    notRemembered: 0,
    unknownStatus: 0,
    stale: 0,
    neverAuthenticated: 0,
  };
  const histogram = new Map<number, number>();
  const ips = new Map<string, { devices: number; users: number }>();
  let topUsers: { username: string; devices: number }[] = [];
  return {
    add(result: AuditUserResult): void {
      c.users++;
      if (result.gone) c.goneUsers++;
      const n = result.devices.length;
      if (n === 0) c.usersWithoutDevices++;
      histogram.set(n, (histogram.get(n) ?? 0) + 1);
      if (n > 0 && (topUsers.length < 10 || n > (topUsers.at(-1)?.devices ?? 0))) {
        topUsers = [...topUsers, { username: result.username, devices: n }]
          .sort((a, b) => b.devices - a.devices || a.username.localeCompare(b.username))
          .slice(0, 10);
      }
      const userIps = new Set<string>();
      for (const d of result.devices) {
        c.devices++;
        if (d.remembered === true) c.remembered++;
        else if (d.remembered === false) c.notRemembered++;
        else c.unknownStatus++;
        if (isStale(d, staleDays, now)) c.stale++;
        if (d.lastAuthenticatedAt === undefined) c.neverAuthenticated++;
        if (d.lastIp !== undefined) {
          const entry = ips.get(d.lastIp) ?? { devices: 0, users: 0 };
          entry.devices++;
          if (!userIps.has(d.lastIp)) entry.users++;
          userIps.add(d.lastIp);
          ips.set(d.lastIp, entry);
        }
      }
    },
    finish(): AuditReport {
      return {
        ...c,
        staleDays,
        devicesPerUser: [...histogram.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([devices, users]) => ({ devices, users })),
        topUsers,
        distinctIps: ips.size,
        topIps: [...ips.entries()]
          .map(([ip, v]) => ({ ip, ...v }))
          .sort((a, b) => b.devices - a.devices || a.ip.localeCompare(b.ip))
          .slice(0, topIpCount),
      };
    },
  };
}

/** Compute the report of a run by walking its results. */
export async function computeAuditReport(
  store: AuditStore,
  runId: string,
  options: { now: number; staleDays: number; topIps?: number },
): Promise<AuditReport> {
  const accumulator = createReportAccumulator(options);
  await store.walkResults(runId, (result) => {
    accumulator.add(result);
    return true;
  });
  return accumulator.finish();
}

/** One row of a device table or export. */
export interface AuditDeviceRow {
  readonly username: string;
  readonly sub?: string;
  readonly device: AuditDevice;
}

/** One page of devices; `after` continues after the last user of this page. */
export interface AuditDevicePage {
  readonly rows: AuditDeviceRow[];
  readonly after?: string;
}

/** Visit every matching device in username order; `visit` returns false to stop after the current user. */
export async function walkMatchingDevices(
  store: AuditStore,
  runId: string,
  filter: AuditFilter,
  now: number,
  visit: (row: AuditDeviceRow) => boolean | undefined,
  after?: string,
): Promise<{ last?: string; stopped: boolean }> {
  checkAuditFilter(filter);
  const earlier = filter.addedSince ? await deviceKeysOf(store, filter.addedSince, runId) : undefined;
  let stopped = false;
  const last = await store.walkResults(
    runId,
    (result) => {
      for (const device of result.devices) {
        if (!matchesFilter(device, result.username, filter, now) || earlier?.has(device.key)) continue;
        if (visit({ username: result.username, ...(result.sub ? { sub: result.sub } : {}), device }) === false)
          stopped = true;
      }
      return !stopped;
    },
    after,
  );
  return { last, stopped };
}

/** A page of at least `limit` matching devices (whole users, so a page may run a little over). */
export async function pageAuditDevices(
  store: AuditStore,
  runId: string,
  filter: AuditFilter,
  options: { now: number; limit: number; after?: string },
): Promise<AuditDevicePage> {
  const limit = Math.min(Math.max(1, Math.floor(options.limit)), 500);
  const rows: AuditDeviceRow[] = [];
  const { last, stopped } = await walkMatchingDevices(
    store,
    runId,
    filter,
    options.now,
    (row) => {
      rows.push(row);
      return rows.length < limit;
    },
    options.after,
  );
  return stopped && last !== undefined ? { rows, after: last } : { rows };
}
