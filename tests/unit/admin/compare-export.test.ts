/**
 * The comparison's file in chunks (utils/admin/compare-export.ts): put together in the audit export's
 * order (head, every chunk's text, tail), the chunks are exactly the file written at once, for CSV and
 * JSON, with no rows, one, and more rows than a chunk holds.
 */
import { describe, expect, it } from 'vitest';
import type { CompareRow } from '../../../utils/admin/audit-compare';
import type { AuditExportChunk, ExportCursor } from '../../../utils/admin/audit-export';
import { comparisonChunk, comparisonCsv, comparisonJson } from '../../../utils/admin/compare-export';

const NOW = Date.UTC(2026, 11, 8, 9, 30);
const META = { poolId: 'us-east-1_Demo1', fromRunId: 'old', toRunId: 'new', kind: 'added' as const };
const rows = (n: number): CompareRow[] =>
  Array.from({ length: n }, (_, i) => ({
    username: `user${i}`,
    key: `us-east-1_k${i}`,
    // Untrusted text: quotes, a line break, a formula.
    ...(i % 2 === 0 ? { name: `=HYPERLINK("x")\n"${i}"` } : {}),
    ...(i % 3 === 0 ? {} : { remembered: i % 3 === 1 }),
    lastIp: '203.0.113.7',
    ...(i === 1 ? { lastAuthenticatedAt: NOW - 1000 } : {}),
  }));

/** Every chunk, asked as the page asks (the cursor of the one before), put together. */
function whole(all: readonly CompareRow[], format: 'csv' | 'json', limit: number): { file: string; chunks: number } {
  const texts: string[] = [];
  let cursor: ExportCursor = { asOf: NOW, count: 0 };
  for (let chunks = 1; ; chunks++) {
    const chunk: AuditExportChunk = comparisonChunk(all, { format, meta: META, cursor, limit });
    texts.push(chunk.text);
    if ('ends' in chunk) return { file: chunk.ends.head + texts.join('') + chunk.ends.tail, chunks };
    cursor = { after: chunk.after, asOf: chunk.asOf, count: chunk.count };
  }
}

describe('the comparison file in chunks', () => {
  for (const n of [0, 1, 2, 7]) {
    it(`${n} rows, 3 a chunk: the CSV and the JSON are the files written at once`, () => {
      const csv = whole(rows(n), 'csv', 3);
      expect(csv.file).toBe(comparisonCsv(rows(n)));
      expect(csv.chunks).toBe(Math.max(1, Math.ceil(n / 3)));
      const json = whole(rows(n), 'json', 3);
      expect(json.file).toBe(comparisonJson(rows(n), META, NOW));
      expect(JSON.parse(json.file).devices).toHaveLength(n);
    });
  }

  it('a chunk holds at most the limit, and says how many rows are sent so far', () => {
    const first = comparisonChunk(rows(7), { format: 'csv', meta: META, cursor: { asOf: NOW, count: 0 }, limit: 3 });
    expect(first).toMatchObject({ count: 3, after: '3', asOf: NOW });
    expect(first.text.split('\r\n')).toHaveLength(4);
    expect(first).not.toHaveProperty('ends');
  });
});
