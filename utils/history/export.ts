/**
 * Exports of the history log, pure (no IndexedDB): CSV per RFC 4180 with
 * formula-injection neutralised (OWASP "CSV Injection": a cell starting with
 * `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`; so does one where spaces
 * come first, which spreadsheets skip, and one starting with the full-width
 * `＝＋－＠` that some spreadsheets read as the ASCII signs), and JSON with a
 * small header. The columns are fixed; none of them can hold a secret.
 */
import type { HistoryEntry, HistoryFilters } from './types';

/** A time as ISO 8601 for an export's cell, or undefined when there is none (the admin exports use it too). */
export const isoTime = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/** The CSV columns, in order, with how each is read from an entry. */
export const CSV_COLUMNS: readonly (readonly [string, (entry: HistoryEntry) => string | number | undefined])[] = [
  ['id', (e) => e.id],
  ['time', (e) => new Date(e.time).toISOString()],
  ['finishedAt', (e) => isoTime(e.finishedAt)],
  ['durationMs', (e) => e.durationMs],
  ['mode', (e) => e.mode],
  ['action', (e) => e.action],
  ['outcome', (e) => e.outcome],
  ['pool', (e) => e.actor.pool],
  ['clientId', (e) => e.actor.clientId],
  ['username', (e) => e.actor.username],
  ['sub', (e) => e.actor.sub],
  ['deviceKey', (e) => e.target?.deviceKey],
  ['deviceName', (e) => e.target?.deviceName],
  ['statusBefore', (e) => e.statusBefore],
  ['statusAfter', (e) => e.statusAfter],
  ['errorCode', (e) => e.error?.code],
  ['errorMessage', (e) => e.error?.message],
  ['requestId', (e) => e.requestId],
  ['attempts', (e) => e.attempts],
  ['parentId', (e) => e.parentId],
  ['total', (e) => e.counts?.total],
  ['ok', (e) => e.counts?.ok],
  ['failed', (e) => e.counts?.failed],
  ['reconciledFound', (e) => e.reconciled?.found],
  ['reconciledAt', (e) => isoTime(e.reconciled?.at)],
  ['watchIp', (e) => e.watch?.ip],
  ['watchAt', (e) => isoTime(e.watch?.at)],
];

// Leading white space (ASCII, NBSP, the ideographic space U+3000, …) then a formula sign, or a TAB / CR first.
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell: neutralised against formulas, then quoted when RFC 4180 requires it. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The entries with the code's words where the store kept no message of its own (it keeps codes, not
 * words: utils/history/log.ts), for the exports a person reads. `wordsOf` is the words table's. Pure.
 */
export function withErrorWords(
  entries: readonly HistoryEntry[],
  wordsOf: (code: NonNullable<HistoryEntry['error']>['code']) => string,
): HistoryEntry[] {
  return entries.map((e) =>
    e.error && !e.error.message ? { ...e, error: { ...e.error, message: wordsOf(e.error.code) } } : e,
  );
}

/** The entries as CSV: a header row, then one row per entry, CRLF line ends. */
export function toCsv(entries: readonly HistoryEntry[]): string {
  const rows = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const entry of entries) rows.push(CSV_COLUMNS.map(([, read]) => csvCell(read(entry))).join(','));
  return `${rows.join('\r\n')}\r\n`;
}

/** The JSON export document. */
export interface HistoryJsonExport {
  readonly format: 'cognito-device-dashboard.history';
  readonly version: 1;
  readonly exportedAt: string;
  readonly filter: HistoryFilters;
  readonly count: number;
  readonly entries: readonly Omit<HistoryEntry, 'actorKey'>[];
}

/** The entries as a JSON document with a header (export time, filter, count). */
export function toJson(
  entries: readonly HistoryEntry[],
  options: { readonly exportedAt: number; readonly filter?: HistoryFilters },
): string {
  const document: HistoryJsonExport = {
    format: 'cognito-device-dashboard.history',
    version: 1,
    exportedAt: new Date(options.exportedAt).toISOString(),
    filter: options.filter ?? {},
    count: entries.length,
    entries: entries.map(({ actorKey: _actorKey, ...entry }) => entry),
  };
  return JSON.stringify(document, null, 2);
}
