/**
 * The audit export in chunks: whatever the chunk size, the chunks put together
 * are one file — the CSV's header once, formula prefixes defused, one valid
 * JSON document whose count is every row — and each chunk stops at its bound
 * (whole users), the next starting after the last user of the one before.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  type AuditExportChunk,
  type ExportCursor,
  exportAuditChunk,
  gatherAuditExport,
} from '../../../utils/admin/audit-export';
import type { AuditFilter } from '../../../utils/admin/report';
import { openAuditStore } from '../../../utils/history/audit-store';
import type { AuditDevice } from '../../../utils/history/audit-types';
import { auditRunAt } from './fakes';

const NOW = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;
const POOL = 'us-east-1_Demo1';
const HEADER = 'username,sub,deviceKey,deviceName,remembered,lastIp,createdAt,lastModifiedAt,lastAuthenticatedAt';

const device = (key: string, patch: Partial<AuditDevice> = {}): AuditDevice => ({
  key,
  name: `Phone ${key}`,
  remembered: true,
  lastIp: '198.51.100.1',
  createdAt: NOW - 200 * DAY,
  lastAuthenticatedAt: NOW - DAY,
  ...patch,
});

/** Users u00…u(n-1), three devices each; every third user's devices idle for a year; u01's first one hostile. */
async function stored(users: number) {
  const store = await openAuditStore({ indexedDB: new IDBFactory(), name: 'audit-export' });
  await store.createRun(auditRunAt('run', NOW));
  for (let i = 0; i < users; i++) {
    const username = `u${String(i).padStart(2, '0')}`;
    const idle = i % 3 === 0 ? { lastAuthenticatedAt: NOW - 365 * DAY } : {};
    const devices = [0, 1, 2].map((d) => device(`${username}-k${d}`, idle));
    if (i === 1) devices[0] = device('u01-k0', { name: '=HYPERLINK("http://evil.example","click")' });
    await store.recordUser({ runId: 'run', username, sub: `sub-${username}`, devices }, { reads: 1, now: NOW });
  }
  return store;
}

type Store = Awaited<ReturnType<typeof stored>>;

/** Every chunk of an export, in order, as the page asks for them. */
async function chunks(store: Store, filter: AuditFilter, format: 'csv' | 'json', limit: number) {
  const seen: AuditExportChunk[] = [];
  const { parts } = await gatherAuditExport(async (cursor: ExportCursor | undefined) => {
    const chunk = await exportAuditChunk(store, 'run', filter, {
      format,
      poolId: POOL,
      cursor: cursor ?? { asOf: NOW, count: 0 },
      limit,
    });
    seen.push(chunk);
    return chunk;
  });
  return { seen, file: await new Blob(parts).text() };
}

const ALL: AuditFilter = { category: 'all' };
const STALE: AuditFilter = { category: 'stale', staleDays: 90 };

describe('the audit export in chunks', () => {
  it.each([1, 2, 3, 4, 5, 7, 30, 2000])('is the same file whatever the chunk size (%i rows)', async (limit) => {
    const store = await stored(10);
    const whole = await chunks(store, ALL, 'csv', 10_000);
    const json = await chunks(store, STALE, 'json', 10_000);
    expect((await chunks(store, ALL, 'csv', limit)).file).toBe(whole.file);
    expect((await chunks(store, STALE, 'json', limit)).file).toBe(json.file);
  });

  it('stops each chunk at its bound, on whole users, the next after the last user', async () => {
    const store = await stored(10);
    const { seen } = await chunks(store, ALL, 'csv', 4);
    // 4 rows reached within the second user: that user's third device comes too.
    expect(seen.map((c) => c.text.split('\r\n').length - 1)).toEqual([6, 6, 6, 6, 6, 0]);
    expect(seen.map((c) => ('after' in c ? c.after : 'end'))).toEqual(['u01', 'u03', 'u05', 'u07', 'u09', 'end']);
    // The walk stopped exactly at the end: one more, empty, chunk says so and brings the ends.
    expect(seen.map((c) => c.count)).toEqual([6, 12, 18, 24, 30, 30]);
  });

  it('writes the CSV header once, cells formula-safe, CRLF', async () => {
    const store = await stored(4);
    const { file } = await chunks(store, ALL, 'csv', 2);
    const lines = file.split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines.filter((l) => l === HEADER)).toHaveLength(1);
    expect(lines).toHaveLength(1 + 12 + 1);
    expect(lines.at(-1)).toBe('');
    expect(file).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(lines[1]).toBe(
      `u00,sub-u00,u00-k0,Phone u00-k0,true,198.51.100.1,${new Date(NOW - 200 * DAY).toISOString()},,${new Date(NOW - 365 * DAY).toISOString()}`,
    );
  });

  it('is one valid JSON document across chunks, its header counting every row', async () => {
    const store = await stored(10);
    const { file, seen } = await chunks(store, STALE, 'json', 2);
    expect(seen.length).toBeGreaterThan(2);
    const doc = JSON.parse(file);
    expect(doc).toMatchObject({
      format: 'cognito-device-dashboard.audit',
      version: 1,
      exportedAt: new Date(NOW).toISOString(),
      poolId: POOL,
      runId: 'run',
      filter: STALE,
      count: 12,
    });
    // The filter: the idle users only (u00, u03, u06, u09), in username order.
    expect(doc.devices.map((d: { deviceKey: string }) => d.deviceKey)).toEqual(
      ['u00', 'u03', 'u06', 'u09'].flatMap((u) => [0, 1, 2].map((k) => `${u}-k${k}`)),
    );
    expect(file.startsWith('{"format":"cognito-device-dashboard.audit","version":1,')).toBe(true);
    expect(file).toMatch(/,"devices":\[\n\{"username":"u00",.*\},\n\{"username":"u00",/s);
    expect(file.endsWith('}\n]}\n')).toBe(true);
  });

  it('judges the categories at the first chunk’s time throughout', async () => {
    const store = await stored(10);
    const asOf = NOW - 300 * DAY; // nothing idle for 90 days back then
    const chunk = await exportAuditChunk(store, 'run', STALE, {
      format: 'csv',
      poolId: POOL,
      cursor: { asOf, count: 0 },
    });
    expect(chunk).toMatchObject({ text: '', count: 0, asOf });
  });

  it('carries the first chunk’s time through every later chunk, whatever the clock says then', async () => {
    const store = await stored(10);
    // Each chunk is asked for with the clock moved on by a year: the cursor's time, not the clock, judges.
    let clock = NOW;
    const seen: AuditExportChunk[] = [];
    const { parts } = await gatherAuditExport(async (cursor: ExportCursor | undefined) => {
      const chunk = await exportAuditChunk(store, 'run', STALE, {
        format: 'csv',
        poolId: POOL,
        cursor: cursor ?? { asOf: clock, count: 0 },
        limit: 3,
      });
      clock += 365 * DAY;
      seen.push(chunk);
      return chunk;
    });
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen.map((c) => c.asOf))).toEqual(new Set([NOW]));
    // The same idle users as a one-chunk export at NOW (u00, u03, u06, u09: 12 devices), not every user.
    const lines = (await new Blob(parts).text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 12);
  });

  it.each(['csv', 'json'] as const)('exports an empty result as the ends alone (%s)', async (format) => {
    const store = await stored(3);
    const filter: AuditFilter = { category: 'ip', ip: '203.0.113.9' };
    const { file, seen } = await chunks(store, filter, format, 2);
    expect(seen).toHaveLength(1);
    if (format === 'csv') expect(file).toBe(`${HEADER}\r\n`);
    else {
      expect(JSON.parse(file)).toMatchObject({ count: 0, devices: [] });
      expect(file.endsWith(',"devices":[\n\n]}\n')).toBe(true);
    }
  });
});
