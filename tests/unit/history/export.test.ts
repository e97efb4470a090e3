import { describe, expect, it } from 'vitest';
import { describeError } from '../../../utils/error-text';
import { CSV_COLUMNS, csvCell, toCsv, toJson, withErrorWords } from '../../../utils/history/export';
import type { HistoryEntry } from '../../../utils/history/types';
import { ALICE } from './fixtures';

const T = Date.UTC(2026, 2, 1, 12, 0, 0);

function entry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: 7,
    time: T,
    finishedAt: T + 120,
    durationMs: 120,
    mode: 'user',
    action: 'device.forget',
    outcome: 'failed',
    actor: ALICE,
    actorKey: 'us-east-1_Demo1|alice',
    target: { deviceKey: 'us-east-1_k1', deviceName: 'Phone' },
    statusBefore: 'remembered',
    error: { code: 'ERR_COGNITO_TOO_MANY_REQUESTS', message: 'Rate exceeded' },
    requestId: 'req-1',
    attempts: 3,
    ...overrides,
  };
}

/** A small RFC 4180 parser, to check that what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  expect(cell).toBe('');
  return rows;
}

describe('csvCell', () => {
  it.each([
    ['plain text', 'Phone', 'Phone'],
    ['a comma', 'a,b', '"a,b"'],
    ['a double quote', 'say "hi"', '"say ""hi"""'],
    ['a line feed', 'a\nb', '"a\nb"'],
    ['a carriage return inside', 'a\rb', '"a\rb"'],
    ['nothing', undefined, ''],
    ['a number', 42, '42'],
    ['an empty string', '', ''],
  ])('quotes per RFC 4180: %s', (_name, value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['=', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+', '+1+2', "'+1+2"],
    ['-', '-2+3', "'-2+3"],
    ['@', '@SUM(A1)', "'@SUM(A1)"],
    ['TAB', '\t=1', "'\t=1"],
    ['CR', '\r=1', `"'\r=1"`],
    ['spaces then =', '  =1+2', "'  =1+2"],
    ['a space then +', ' +1', "' +1"],
    ['spaces then -', '   -2+3', "'   -2+3"],
    ['a space then @', ' @SUM(A1)', "' @SUM(A1)"],
    ['a no-break space then =', '\u00a0=1', "'\u00a0=1"],
    ['an ideographic space then =', '\u3000=1', "'\u3000=1"],
    ['full-width ＝', '＝HYPERLINK("http://x")', `"'＝HYPERLINK(""http://x"")"`],
    ['full-width ＋', '＋1', "'＋1"],
    ['full-width －', '－2', "'－2"],
    ['full-width ＠', '＠SUM(A1)', "'＠SUM(A1)"],
    ['spaces then full-width ＝', '  ＝1', "'  ＝1"],
  ])('neutralises a cell starting with %s', (_name, value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['an equals sign later', 'a=b'],
    ['a hyphen later', 'us-east-1_k1'],
    ['an at sign later', 'alice@example.com'],
    ['spaces then text', '  Old phone'],
    ['a full-width sign later', 'a＝b'],
  ])('leaves %s alone', (_name, value) => {
    expect(csvCell(value)).toBe(value);
  });
});

describe('toCsv', () => {
  it('writes the fixed header and one CRLF-terminated row per entry, which parse back', () => {
    const hostile = entry({
      id: 8,
      target: { deviceKey: 'us-east-1_k2', deviceName: '=cmd|" /C calc"!A0,\r\n<img src=x onerror=alert(1)>' },
    });
    const csv = toCsv([entry(), hostile]);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(CSV_COLUMNS.map(([name]) => name));
    expect(rows).toHaveLength(3);
    const column = (name: string) => rows[0]?.indexOf(name) ?? -1;
    expect(rows[1]?.[column('time')]).toBe('2026-03-01T12:00:00.000Z');
    expect(rows[1]?.[column('errorCode')]).toBe('ERR_COGNITO_TOO_MANY_REQUESTS');
    expect(rows[1]?.[column('attempts')]).toBe('3');
    expect(rows[2]?.[column('deviceName')]).toBe(`'=cmd|" /C calc"!A0,\r\n<img src=x onerror=alert(1)>`);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('an empty log is the header alone', () => {
    expect(toCsv([])).toBe(`${CSV_COLUMNS.map(([n]) => n).join(',')}\r\n`);
  });

  it('has no column that could carry a secret', () => {
    const names = CSV_COLUMNS.map(([name]) => name.toLowerCase()).join(' ');
    expect(names).not.toMatch(/token|secret|password|credential/);
  });
});

describe('toJson', () => {
  it('writes a header (format, exported at, filter, count) and the entries without internal keys', () => {
    const doc = JSON.parse(toJson([entry(), entry({ id: 9 })], { exportedAt: T, filter: { outcome: 'failed' } }));
    expect(doc).toMatchObject({
      format: 'cognito-device-dashboard.history',
      version: 1,
      exportedAt: '2026-03-01T12:00:00.000Z',
      filter: { outcome: 'failed' },
      count: 2,
    });
    expect(doc.entries[1].id).toBe(9);
    expect(doc.entries[0].actorKey).toBeUndefined();
    expect(doc.entries[0].target.deviceName).toBe('Phone');
  });
});

describe('withErrorWords', () => {
  it('fills the code’s words where the store kept no message, and leaves an entry’s own message and the rest', () => {
    const own = entry();
    const bare = entry({ id: 8, error: { code: 'ERR_NETWORK', message: '' } });
    const ok = entry({ id: 9, outcome: 'ok', error: undefined });
    const filled = withErrorWords([own, bare, ok], (code) => describeError(code).title);
    expect(filled[0]).toBe(own);
    expect(filled[1]?.error).toEqual({ code: 'ERR_NETWORK', message: describeError('ERR_NETWORK').title });
    expect(describeError('ERR_NETWORK').title.length).toBeGreaterThan(0);
    expect(filled[2]).toBe(ok);
    expect(bare.error?.message).toBe('');
    const csv = parseCsv(toCsv(filled));
    const column = CSV_COLUMNS.findIndex(([name]) => name === 'errorMessage');
    expect(csv[2]?.[column]).toBe(describeError('ERR_NETWORK').title);
  });
});
