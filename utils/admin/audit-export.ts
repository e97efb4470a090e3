/**
 * The audit export in chunks: the worker answers one bounded chunk of rows per
 * message, read by cursor (the last username) from the stored results, and the
 * page gathers the chunks into one file. Concatenated in order — `head`, every
 * chunk's `text`, `tail` — they make exactly the file the whole export was: a
 * CSV with its header once (formula-safe cells, CRLF), or one JSON document
 * whose header (with the count, known only at the end) comes with the last chunk.
 */
import type { AuditStore } from '../history/audit-store';
import { csvCell, isoTime } from '../history/export';
import { type AuditDeviceRow, type AuditFilter, walkMatchingDevices } from './report';

/** Rows per chunk (whole users, so a chunk may run over by one user's devices): ~0.4 MB of CSV. */
export const EXPORT_CHUNK_ROWS = 2000;

/** The CSV columns of the audit export. */
export const AUDIT_CSV_COLUMNS: readonly (readonly [string, (row: AuditDeviceRow) => string | number | undefined])[] = [
  ['username', (r) => r.username],
  ['sub', (r) => r.sub],
  ['deviceKey', (r) => r.device.key],
  ['deviceName', (r) => r.device.name],
  ['remembered', (r) => (r.device.remembered === undefined ? undefined : String(r.device.remembered))],
  ['lastIp', (r) => r.device.lastIp],
  ['createdAt', (r) => isoTime(r.device.createdAt)],
  ['lastModifiedAt', (r) => isoTime(r.device.lastModifiedAt)],
  ['lastAuthenticatedAt', (r) => isoTime(r.device.lastAuthenticatedAt)],
];

/** Where a chunk starts: after `after` (a username), `count` rows already exported, all as of `asOf`. */
export interface ExportCursor {
  readonly after?: string;
  /** The time the export's categories (stale) are judged at, and its `exportedAt`: the first chunk's. */
  readonly asOf: number;
  readonly count: number;
}

/** The file's two ends, given with the last chunk. */
export interface ExportEnds {
  readonly head: string;
  readonly tail: string;
}

/** One chunk: its text, and either the cursor of the next one or (the last) the file's ends. */
export type AuditExportChunk = {
  readonly text: string;
  readonly asOf: number;
  /** Rows exported so far, this chunk's included. */
  readonly count: number;
} & ({ readonly after: string } | { readonly ends: ExportEnds });

function jsonRow(row: AuditDeviceRow): string {
  const { device } = row;
  return JSON.stringify({
    username: row.username,
    sub: row.sub,
    deviceKey: device.key,
    deviceName: device.name,
    remembered: device.remembered,
    lastIp: device.lastIp,
    createdAt: isoTime(device.createdAt),
    lastModifiedAt: isoTime(device.lastModifiedAt),
    lastAuthenticatedAt: isoTime(device.lastAuthenticatedAt),
  });
}

/** The file's ends once every row is known. */
function ends(
  format: 'csv' | 'json',
  meta: { poolId: string; runId: string; filter: AuditFilter; asOf: number; count: number },
): ExportEnds {
  if (format === 'csv') return { head: `${AUDIT_CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`, tail: '' };
  const header = JSON.stringify({
    format: 'cognito-device-dashboard.audit',
    version: 1,
    exportedAt: new Date(meta.asOf).toISOString(),
    poolId: meta.poolId,
    runId: meta.runId,
    filter: meta.filter,
    count: meta.count,
  });
  return { head: `${header.slice(0, -1)},"devices":[\n`, tail: '\n]}\n' };
}

/** One chunk of the matching devices (at least `limit` rows unless it is the last), CSV or JSON. */
export async function exportAuditChunk(
  store: AuditStore,
  runId: string,
  filter: AuditFilter,
  options: { format: 'csv' | 'json'; poolId: string; cursor: ExportCursor; limit?: number },
): Promise<AuditExportChunk> {
  const { format, cursor } = options;
  const limit = Math.max(1, Math.floor(options.limit ?? EXPORT_CHUNK_ROWS));
  const rows: string[] = [];
  let count = cursor.count;
  const { last, stopped } = await walkMatchingDevices(
    store,
    runId,
    filter,
    cursor.asOf,
    (row) => {
      if (format === 'csv') rows.push(`${AUDIT_CSV_COLUMNS.map(([, read]) => csvCell(read(row))).join(',')}\r\n`);
      else rows.push(`${count === 0 ? '' : ',\n'}${jsonRow(row)}`);
      count++;
      return rows.length < limit;
    },
    cursor.after,
  );
  const text = rows.join('');
  if (stopped && last !== undefined) return { text, asOf: cursor.asOf, count, after: last };
  return {
    text,
    asOf: cursor.asOf,
    count,
    ends: ends(format, { poolId: options.poolId, runId, filter, ...cursor, count }),
  };
}

/**
 * Ask for chunks until the last and gather them as Blob parts, in the file's order (each chunk's text goes into a
 * Blob at once, so the page's heap holds one chunk, not the file). `ask` sends the export message with the cursor.
 */
export async function gatherAuditExport<C extends AuditExportChunk>(
  ask: (cursor: ExportCursor | undefined) => Promise<C>,
): Promise<{ parts: Blob[]; last: C }> {
  const parts: Blob[] = [];
  let cursor: ExportCursor | undefined;
  for (;;) {
    const chunk = await ask(cursor);
    if (chunk.text) parts.push(new Blob([chunk.text]));
    if ('ends' in chunk)
      return { parts: [new Blob([chunk.ends.head]), ...parts, new Blob([chunk.ends.tail])], last: chunk };
    cursor = { after: chunk.after, asOf: chunk.asOf, count: chunk.count };
  }
}
