/**
 * One kind of change of an audit comparison as a file: CSV (formula-safe
 * cells, utils/history/export.ts) or JSON, with the columns of the panel's
 * table. Pure; the handler walks the audits and answers the file in chunks
 * (the audit export's protocol, audit-export.ts: `head`, every chunk's
 * `text`, `tail`), which the page gathers into the download.
 */
import { csvCell, isoTime } from '../history/export';
import type { CompareKind, CompareRow } from './audit-compare';
import type { AuditExportChunk, ExportCursor } from './audit-export';

/** Rows per chunk of the comparison's file (about 0.5 MB of CSV). */
export const COMPARE_CHUNK_ROWS = 5000;

/** What the JSON file says of itself. */
export interface ComparisonMeta {
  readonly poolId: string;
  readonly fromRunId: string;
  readonly toRunId: string;
  readonly kind: CompareKind;
}

/** The columns, in the table's order (the IP column splits into before / after). */
const COLUMNS: readonly (readonly [string, (row: CompareRow) => string | number | undefined])[] = [
  ['username', (r) => r.username],
  ['deviceKey', (r) => r.key],
  ['name', (r) => r.name],
  ['remembered', (r) => (r.remembered === undefined ? undefined : String(r.remembered))],
  ['previousIp', (r) => r.previousIp],
  ['lastIp', (r) => r.lastIp],
  ['lastAuthenticated', (r) => isoTime(r.lastAuthenticatedAt)],
  ['created', (r) => isoTime(r.createdAt)],
];

const CSV_HEADER = `${COLUMNS.map(([name]) => name).join(',')}\r\n`;
const csvLine = (row: CompareRow) => `${COLUMNS.map(([, read]) => csvCell(read(row))).join(',')}\r\n`;

/** A row in the JSON file: the CSV's columns, with JSON's own types (a boolean stays a boolean). */
const jsonDevice = (r: CompareRow) => ({
  ...Object.fromEntries(COLUMNS.map(([name, read]) => [name, read(r) ?? null])),
  remembered: r.remembered ?? null,
});

/** The rows as CSV: a header, one line per row, CRLF line ends. */
export function comparisonCsv(rows: readonly CompareRow[]): string {
  return CSV_HEADER + rows.map(csvLine).join('');
}

/** The rows as a JSON document naming the two audits and the kind. */
export function comparisonJson(rows: readonly CompareRow[], meta: ComparisonMeta, now: number): string {
  const devices = rows.map(jsonDevice);
  return JSON.stringify({ exportedAt: new Date(now).toISOString(), ...meta, count: rows.length, devices }, null, 2);
}

/**
 * The file's chunk that starts at `cursor.count` (the rows before it already sent), up to `limit` rows;
 * the last one brings the file's ends. Put together they are exactly comparisonCsv / comparisonJson of
 * all the rows, as of `cursor.asOf` (the first chunk's time).
 */
export function comparisonChunk(
  rows: readonly CompareRow[],
  options: { format: 'csv' | 'json'; meta: ComparisonMeta; cursor: ExportCursor; limit?: number },
): AuditExportChunk {
  const { format, meta, cursor } = options;
  const limit = Math.max(1, Math.floor(options.limit ?? COMPARE_CHUNK_ROWS));
  const start = Math.min(cursor.count, rows.length);
  const count = Math.min(rows.length, start + limit);
  const text = rows
    .slice(start, count)
    .map((row, i) =>
      format === 'csv'
        ? csvLine(row)
        : `${start + i === 0 ? '' : ',\n'}    ${JSON.stringify(jsonDevice(row), null, 2).replaceAll('\n', '\n    ')}`,
    )
    .join('');
  const base = { text, asOf: cursor.asOf, count };
  if (count < rows.length) return { ...base, after: String(count) };
  if (format === 'csv') return { ...base, ends: { head: CSV_HEADER, tail: '' } };
  // The document with no devices ends `"devices": []` and `}`: the rows go between the brackets.
  const empty = JSON.stringify(
    { exportedAt: new Date(cursor.asOf).toISOString(), ...meta, count: rows.length, devices: [] },
    null,
    2,
  );
  if (rows.length === 0) return { ...base, ends: { head: empty, tail: '' } };
  return { ...base, ends: { head: `${empty.slice(0, -'[]\n}'.length)}[\n`, tail: '\n  ]\n}' } };
}
