/**
 * Query planning for the history log, pure: which index a query walks, over
 * which key range, which filters are left to check per record, and the opaque
 * page cursor. The order of every walk is (time desc, id desc), because each
 * index ends in `time` and IndexedDB breaks ties by primary key.
 */
import { AppError } from '../errors';
import type { CompoundIndex, DeviceMemoryRecord } from './schema';
import { storableIdentity } from './secrets';
import type { HistoryEntry, HistoryFilters, HistoryQuery } from './types';
import { actorKeyOf } from './types';

/** Largest page size. */
export const MAX_PAGE_SIZE = 500;
/** Records read for one page before giving back a partial page (free text and other non-indexed filters). */
export const DEFAULT_SCAN_LIMIT = 5000;

/** A position in the (time desc, id desc) order: the last entry of a page. */
export interface CursorPosition {
  readonly time: number;
  readonly id: number;
}

/** One index walk: `time`, or a `[field, time]` (or `[field, field, time]`) index whose fields are fixed to `prefix`. */
export interface IndexSource {
  readonly index: 'time' | CompoundIndex;
  readonly prefix?: string | number | readonly [string, string];
}

/** The walk a query needs. */
export interface QueryPlan extends IndexSource {
  /**
   * Free text without a device key: the device memory gives the devices that
   * ever had a matching name, and their `byDevice` walks are merged newest
   * first, so a text page reads about a page of records however big the log.
   */
  readonly viaDeviceNames?: { readonly text: string };
  /** Inclusive time bounds. */
  readonly since: number;
  readonly until: number;
  /** Filters the index does not apply, checked per record. */
  readonly residual: (entry: HistoryEntry) => boolean;
  /** True when `residual` can reject records (then `scanLimit` bounds the walk). */
  readonly hasResidual: boolean;
}

/** Encode a page position; opaque to callers. */
export function encodeCursor(position: CursorPosition): string {
  return `h1.${position.time.toString(36)}.${position.id.toString(36)}`;
}

/** Decode a cursor from `encodeCursor`, or throw ERR_INVALID_PAGINATION_TOKEN. */
export function decodeCursor(cursor: string): CursorPosition {
  const match = /^h1\.([0-9a-z]{1,12})\.([0-9a-z]{1,12})$/.exec(cursor);
  const time = match?.[1] === undefined ? Number.NaN : Number.parseInt(match[1], 36);
  const id = match?.[2] === undefined ? Number.NaN : Number.parseInt(match[2], 36);
  if (!Number.isSafeInteger(time) || !Number.isSafeInteger(id))
    throw new AppError('ERR_INVALID_PAGINATION_TOKEN', undefined, { details: { field: 'cursor' } });
  return { time, id };
}

function invalid(field: string, message: string): AppError {
  return new AppError('ERR_INVALID_INPUT', message, { details: { field } });
}

/** Check a query's page size and scan limit; returns them normalised. */
export function checkPaging(query: Pick<HistoryQuery, 'limit' | 'scanLimit'>): { limit: number; scanLimit: number } {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE_SIZE)
    throw invalid('limit', `The page size must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
  const scanLimit = query.scanLimit ?? DEFAULT_SCAN_LIMIT;
  if (!Number.isInteger(scanLimit) || scanLimit < query.limit)
    throw invalid('scanLimit', 'The scan limit must be an integer at least the page size.');
  return { limit: query.limit, scanLimit };
}

/**
 * Pick the most selective index the filters allow (device, parent, actor with
 * outcome, actor, action, outcome, else time) and keep the other filters as
 * the residual check.
 */
export function planQuery(filters: HistoryFilters): QueryPlan {
  const since = filters.since ?? Number.NEGATIVE_INFINITY;
  const until = filters.until ?? Number.POSITIVE_INFINITY;
  if (Number.isNaN(since) || Number.isNaN(until)) throw invalid('since', 'The time bounds must be numbers.');
  const text = filters.text?.trim().toLowerCase() || undefined;
  const actorKey = filters.actor?.username === undefined ? undefined : actorKeyOf(filters.actor);

  let index: QueryPlan['index'] = 'time';
  let prefix: IndexSource['prefix'];
  const viaDeviceNames = text !== undefined && filters.deviceKey === undefined;
  if (viaDeviceNames) index = 'byDevice';
  else if (filters.deviceKey !== undefined) [index, prefix] = ['byDevice', filters.deviceKey];
  else if (filters.parentId !== undefined) [index, prefix] = ['byParent', filters.parentId];
  else if (actorKey !== undefined && filters.outcome !== undefined)
    [index, prefix] = ['byActorOutcome', [actorKey, filters.outcome]];
  else if (actorKey !== undefined) [index, prefix] = ['byActor', actorKey];
  else if (filters.action !== undefined) [index, prefix] = ['byAction', filters.action];
  else if (filters.outcome !== undefined) [index, prefix] = ['byOutcome', filters.outcome];

  const checks: ((entry: HistoryEntry) => boolean)[] = [];
  if (filters.deviceKey !== undefined && index !== 'byDevice')
    checks.push((e) => e.target?.deviceKey === filters.deviceKey);
  if (filters.parentId !== undefined && index !== 'byParent') checks.push((e) => e.parentId === filters.parentId);
  const byActor = index === 'byActor' || index === 'byActorOutcome';
  if (actorKey !== undefined && !byActor) checks.push((e) => e.actorKey === actorKey);
  if (filters.actor !== undefined && actorKey === undefined) {
    const pool = filters.actor.pool;
    checks.push((e) => e.actor.pool === pool);
  }
  if (filters.action !== undefined && index !== 'byAction') checks.push((e) => e.action === filters.action);
  if (filters.outcome !== undefined && index !== 'byOutcome' && index !== 'byActorOutcome')
    checks.push((e) => e.outcome === filters.outcome);
  if (filters.mode !== undefined) checks.push((e) => e.mode === filters.mode);
  if (text !== undefined) checks.push((e) => (e.target?.deviceName ?? '').toLowerCase().includes(text));

  return {
    index,
    ...(prefix === undefined ? {} : { prefix }),
    ...(viaDeviceNames && text !== undefined ? { viaDeviceNames: { text } } : {}),
    since,
    until,
    residual: (entry) => checks.every((check) => check(entry)),
    hasResidual: checks.length > 0,
  };
}

/** The device keys whose known names contain `text` (already lowercased), for the account if given. */
export function deviceKeysMatching(
  rows: readonly DeviceMemoryRecord[],
  text: string,
  actor?: { readonly pool: string; readonly username?: string },
): string[] {
  const keys = new Set<string>();
  for (const row of rows) {
    // Rows keep identities as the log masks them (secrets.ts).
    if (
      actor &&
      (row.pool !== storableIdentity(actor.pool) ||
        (actor.username !== undefined && row.username !== storableIdentity(actor.username)))
    )
      continue;
    if (row.names.some((name) => name.includes(text))) keys.add(row.deviceKey);
  }
  return [...keys].sort();
}

/** The index key of (prefix, time) for a plan's index. */
export function indexKey(
  plan: Pick<QueryPlan, 'prefix'>,
  time: number,
): number | [string, number] | [number, number] | [string, string, number] {
  if (plan.prefix === undefined) return time;
  if (typeof plan.prefix === 'object') return [plan.prefix[0], plan.prefix[1], time];
  return typeof plan.prefix === 'string' ? [plan.prefix, time] : [plan.prefix, time];
}
