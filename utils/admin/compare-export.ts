/**
 * One kind of change of an audit comparison as a file: CSV (formula-safe
 * cells, utils/history/export.ts) or JSON, with the columns of the panel's
 * table. Pure; the handler walks the audits, the page downloads the text.
 */
import { csvCell, isoTime } from '../history/export';
import type { CompareKind, CompareRow } from './audit-compare';

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

/** The rows as CSV: a header, one line per row, CRLF line ends. */
export function comparisonCsv(rows: readonly CompareRow[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const row of rows) lines.push(COLUMNS.map(([, read]) => csvCell(read(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The rows as a JSON document naming the two audits and the kind. */
export function comparisonJson(
  rows: readonly CompareRow[],
  meta: { readonly poolId: string; readonly fromRunId: string; readonly toRunId: string; readonly kind: CompareKind },
  now: number,
): string {
  // The CSV's columns, with JSON's own types (a boolean stays a boolean).
  const devices = rows.map((r) => ({
    ...Object.fromEntries(COLUMNS.map(([name, read]) => [name, read(r) ?? null])),
    remembered: r.remembered ?? null,
  }));
  return JSON.stringify({ exportedAt: new Date(now).toISOString(), ...meta, count: rows.length, devices }, null, 2);
}
