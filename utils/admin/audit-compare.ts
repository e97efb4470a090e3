/**
 * Two kept audits compared: devices added, removed, newly remembered / newly
 * not remembered, changed last IP, and the users whose device count grew the
 * most. Pure: the caller feeds the older run's results, then the newer run's
 * (each in any order, e.g. straight from a cursor) and pages the outcome, so
 * the page gets counts and one page of rows, never the whole comparison.
 * Rows carry identifiers and device facts only; names stay untrusted text.
 */
import { AppError } from '../errors';
import type { AuditDevice, AuditUserResult } from '../history/audit-types';

/** The kinds of change, one table each. */
export const COMPARE_KINDS = ['added', 'removed', 'remembered', 'notRemembered', 'ipChanged'] as const;
export type CompareKind = (typeof COMPARE_KINDS)[number];

/** One changed device (facts as the newer audit saw it; `removed` as the older one did). */
export interface CompareRow {
  readonly username: string;
  readonly key: string;
  /** Untrusted text: render as text only. */
  readonly name?: string;
  readonly remembered?: boolean;
  readonly lastIp?: string;
  /** The older audit's last IP (`ipChanged` only). */
  readonly previousIp?: string;
  readonly lastAuthenticatedAt?: number;
  readonly createdAt?: number;
}

/** A user whose device count grew between the audits. */
export interface GrowthRow {
  readonly username: string;
  readonly before: number;
  readonly after: number;
}

/** The whole comparison (kept in the worker; the page sees `pageComparison`). */
export interface AuditComparison {
  readonly rows: Readonly<Record<CompareKind, readonly CompareRow[]>>;
  /** Users by growth, largest first (ties by username). */
  readonly growth: readonly GrowthRow[];
}

/** What the page gets: every count, the top growers, one page of one kind's rows. */
export interface ComparisonPage {
  readonly counts: Readonly<Record<CompareKind, number>>;
  readonly growth: readonly GrowthRow[];
  readonly kind: CompareKind;
  readonly offset: number;
  readonly rows: readonly CompareRow[];
}

type Facts = Pick<AuditDevice, 'name' | 'remembered' | 'lastIp' | 'lastAuthenticatedAt' | 'createdAt'>;

function facts(device: AuditDevice): Facts {
  const { key: _key, lastModifiedAt: _modified, ...rest } = device;
  return rest;
}

function row(username: string, device: AuditDevice, extra: Partial<CompareRow> = {}): CompareRow {
  return { username, key: device.key, ...facts(device), ...extra };
}

/** Feeds two audits' results in; `finish` gives the comparison. */
export interface AuditComparer {
  /** One user's result from the older audit. */
  addBefore(result: AuditUserResult): void;
  /** One user's result from the newer audit (after every `addBefore`). */
  addAfter(result: AuditUserResult): void;
  finish(): AuditComparison;
}

/** Create a comparer (the older audit's devices are held by key until the newer one is fed). */
export function createAuditComparer(): AuditComparer {
  const before = new Map<string, Map<string, AuditDevice>>();
  const seen = new Set<string>();
  const rows: Record<CompareKind, CompareRow[]> = {
    added: [],
    removed: [],
    remembered: [],
    notRemembered: [],
    ipChanged: [],
  };
  const growth: GrowthRow[] = [];
  return {
    addBefore(result) {
      const devices = before.get(result.username) ?? new Map<string, AuditDevice>();
      for (const d of result.devices) devices.set(d.key, d);
      before.set(result.username, devices);
    },
    addAfter(result) {
      seen.add(result.username);
      const old = before.get(result.username) ?? new Map<string, AuditDevice>();
      const keys = new Set<string>();
      for (const d of result.devices) {
        keys.add(d.key);
        const was = old.get(d.key);
        if (!was) {
          rows.added.push(row(result.username, d));
          continue;
        }
        if (d.remembered === true && was.remembered !== true) rows.remembered.push(row(result.username, d));
        if (d.remembered === false && was.remembered !== false) rows.notRemembered.push(row(result.username, d));
        if (d.lastIp !== undefined && d.lastIp !== was.lastIp) {
          rows.ipChanged.push(row(result.username, d, was.lastIp === undefined ? {} : { previousIp: was.lastIp }));
        }
      }
      for (const [key, d] of old) if (!keys.has(key)) rows.removed.push(row(result.username, d));
      if (keys.size > old.size) growth.push({ username: result.username, before: old.size, after: keys.size });
    },
    finish() {
      for (const [username, devices] of before) {
        if (seen.has(username)) continue;
        for (const d of devices.values()) rows.removed.push(row(username, d));
      }
      const order = (a: CompareRow, b: CompareRow) =>
        a.username < b.username ? -1 : a.username > b.username ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      for (const kind of COMPARE_KINDS) rows[kind].sort(order);
      growth.sort((a, b) => b.after - b.before - (a.after - a.before) || (a.username < b.username ? -1 : 1));
      return { rows, growth };
    },
  };
}

/** Compare two audits given as arrays (tests, small runs). */
export function compareAudits(before: Iterable<AuditUserResult>, after: Iterable<AuditUserResult>): AuditComparison {
  const comparer = createAuditComparer();
  for (const r of before) comparer.addBefore(r);
  for (const r of after) comparer.addAfter(r);
  return comparer.finish();
}

/** The page's view: every count, the `top` growers, rows `offset`… of `kind` (at most `limit`). */
export function pageComparison(
  comparison: AuditComparison,
  request: { readonly kind: CompareKind; readonly offset: number; readonly limit: number; readonly top: number },
): ComparisonPage {
  if (!(COMPARE_KINDS as readonly string[]).includes(request.kind)) {
    throw new AppError('ERR_INVALID_INPUT', 'Unknown kind of change.', { details: { field: 'kind' } });
  }
  const counts = Object.fromEntries(COMPARE_KINDS.map((k) => [k, comparison.rows[k].length])) as Record<
    CompareKind,
    number
  >;
  return {
    counts,
    growth: comparison.growth.slice(0, request.top),
    kind: request.kind,
    offset: request.offset,
    rows: comparison.rows[request.kind].slice(request.offset, request.offset + request.limit),
  };
}

/** The rows of a comparison a remediation may act on: `kind`'s rows, optionally only those that never authenticated. */
export function suggestedTargets(
  comparison: AuditComparison,
  kind: CompareKind,
  options: { readonly neverAuthenticated?: boolean } = {},
): CompareRow[] {
  return comparison.rows[kind].filter((r) => !options.neverAuthenticated || r.lastAuthenticatedAt === undefined);
}
