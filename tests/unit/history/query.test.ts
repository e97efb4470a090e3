import { beforeAll, describe, expect, it } from 'vitest';
import type { HistoryStore } from '../../../utils/history/store';
import type { HistoryAction, HistoryEntry, HistoryFilters } from '../../../utils/history/types';
import { ALICE, BOB, createTestClock, openTestHistory } from './fixtures';

const KEYS = ['us-east-1_aaaa', 'us-east-1_bbbb', 'us-east-1_cccc', 'us-east-1_dddd'];
const NAMES = ['Work Laptop', 'Phone', 'Kitchen TABLET', 'laptop (old)'];
const ACTIONS: HistoryAction[] = [
  'device.remember',
  'device.notRemember',
  'device.forget',
  'admin.device.forget',
  'session.refresh',
];
const BASE = Date.UTC(2026, 0, 1);

let store: HistoryStore;
let all: HistoryEntry[];

/** The reference answer: filter the full list by hand, newest first. */
function expected(filters: HistoryFilters): number[] {
  const text = filters.text?.toLowerCase();
  return all
    .filter(
      (e) =>
        (filters.deviceKey === undefined || e.target?.deviceKey === filters.deviceKey) &&
        (filters.action === undefined || e.action === filters.action) &&
        (filters.outcome === undefined || e.outcome === filters.outcome) &&
        (filters.mode === undefined || e.mode === filters.mode) &&
        (filters.parentId === undefined || e.parentId === filters.parentId) &&
        (filters.actor === undefined ||
          (e.actor.pool === filters.actor.pool &&
            (filters.actor.username === undefined || e.actor.username === filters.actor.username))) &&
        (filters.since === undefined || e.time >= filters.since) &&
        (filters.until === undefined || e.time <= filters.until) &&
        (text === undefined || (e.target?.deviceName ?? '').toLowerCase().includes(text)),
    )
    .sort((a, b) => b.time - a.time || b.id - a.id)
    .map((e) => e.id);
}

async function allPages(filters: HistoryFilters, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 500; guard++) {
    const page = await store.query({ ...filters, limit, ...(cursor ? { cursor } : {}) });
    expect(page.entries.length).toBeLessThanOrEqual(limit);
    ids.push(...page.entries.map((e) => e.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('paging did not end');
}

beforeAll(async () => {
  const clock = createTestClock(BASE);
  ({ store } = await openTestHistory(clock));
  for (let i = 0; i < 60; i++) {
    clock.set(BASE + Math.floor(i / 3) * 1000); // three entries share each millisecond: ties broken by id
    const action = ACTIONS[i % ACTIONS.length] as HistoryAction;
    const device = action === 'session.refresh' ? undefined : i % KEYS.length;
    const id = await store.begin({
      action,
      mode: action.startsWith('admin.') ? 'admin' : 'user',
      actor: i % 2 ? BOB : ALICE,
      ...(device === undefined ? {} : { target: { deviceKey: KEYS[device], deviceName: NAMES[device] } }),
    });
    if (i % 3 === 0) await store.complete(id, { outcome: 'ok' });
    if (i % 3 === 1)
      await store.complete(id, { outcome: 'failed', error: { code: 'ERR_NETWORK', message: 'offline' } });
  }
  await store.markInterrupted().then(async (n) => {
    expect(n).toBe(20);
    // A few fresh pending ones after the "restart".
    clock.set(BASE + 100_000);
    await store.begin({
      action: 'device.remember',
      mode: 'user',
      actor: ALICE,
      target: { deviceKey: KEYS[0], deviceName: NAMES[0] },
    });
  });
  all = await store.list();
  expect(all).toHaveLength(61);
});

describe('query filters (each against a hand-filtered reference, all pages)', () => {
  it.each<[string, HistoryFilters]>([
    ['no filter', {}],
    ['device key', { deviceKey: KEYS[1] }],
    ['action', { action: 'device.forget' }],
    ['outcome ok', { outcome: 'ok' }],
    ['outcome failed', { outcome: 'failed' }],
    ['outcome interrupted', { outcome: 'interrupted' }],
    ['outcome pending', { outcome: 'pending' }],
    ['actor with username', { actor: { pool: ALICE.pool, username: 'bob' } }],
    ['actor pool only', { actor: { pool: ALICE.pool } }],
    ['actor of another pool', { actor: { pool: 'eu-west-1_Other', username: 'alice' } }],
    ['mode admin', { mode: 'admin' }],
    ['time window', { since: BASE + 5000, until: BASE + 9000 }],
    ['free text (case-insensitive)', { text: 'LAPTOP' }],
    ['free text, no match', { text: 'toaster' }],
    ['device + outcome', { deviceKey: KEYS[0], outcome: 'ok' }],
    [
      'action + actor + window',
      { action: 'device.remember', actor: { pool: ALICE.pool, username: 'alice' }, since: BASE + 3000 },
    ],
    ['outcome + text', { outcome: 'failed', text: 'phone' }],
    ['device + text', { deviceKey: KEYS[2], text: 'tablet' }],
    ['text + actor', { text: 'laptop', actor: { pool: ALICE.pool, username: 'bob' } }],
    ['actor + outcome', { actor: { pool: ALICE.pool, username: 'alice' }, outcome: 'ok' }],
    ['actor + outcome interrupted', { actor: { pool: ALICE.pool, username: 'bob' }, outcome: 'interrupted' }],
    [
      'actor + outcome + mode + window',
      { actor: { pool: ALICE.pool, username: 'alice' }, outcome: 'failed', mode: 'user', since: BASE + 4000 },
    ],
    ['text + parent-less window', { text: 'o', since: BASE + 2000, until: BASE + 15_000 }],
  ])('%s', async (_name, filters) => {
    const want = expected(filters);
    for (const limit of [1, 4, 7, 100]) expect(await allPages(filters, limit)).toEqual(want);
    expect(await store.count(filters)).toBe(want.length);
  });
});

describe('paging', () => {
  it('a filtered first page is an index walk: it reads only the page (plus no more)', async () => {
    const page = await store.query({ deviceKey: KEYS[1], limit: 3 });
    expect(page.entries).toHaveLength(3);
    expect(page.scanned).toBe(3);
    expect(page.nextCursor).toBeDefined();
    expect(page.scanCapped).toBe(false);
  });

  it('an account’s entries of one outcome are an index walk too: the page, and no more, is read', async () => {
    const filters: HistoryFilters = { actor: { pool: ALICE.pool, username: 'alice' }, outcome: 'ok' };
    expect(expected(filters).length).toBeGreaterThan(3);
    const page = await store.query({ ...filters, limit: 3 });
    expect(page.entries).toHaveLength(3);
    expect(page.scanned).toBe(3);
  });

  it('the last page has no cursor, so no empty page follows', async () => {
    const n = expected({ action: 'device.forget' }).length;
    const page = await store.query({ action: 'device.forget', limit: n });
    expect(page.entries).toHaveLength(n);
    expect(page.nextCursor).toBeUndefined();
  });

  it('a text page starts from the devices that had a matching name: no match reads nothing', async () => {
    expect(await store.query({ text: 'toaster', limit: 5 })).toEqual({ entries: [], scanned: 0, scanCapped: false });
    const page = await store.query({ text: 'phone', limit: 3 });
    expect(page.scanned).toBe(3);
    expect(page.entries.every((e) => e.target?.deviceName === 'Phone')).toBe(true);
  });

  it('a non-indexed filter stops at the scan limit and says so; the cursor continues the search', async () => {
    const first = await store.query({
      text: 'laptop',
      mode: 'admin',
      action: 'device.remember',
      limit: 5,
      scanLimit: 10,
    });
    expect(first).toMatchObject({ entries: [], scanned: 10, scanCapped: true });
    expect(first.nextCursor).toBeDefined();
    const second = await store.query({
      text: 'laptop',
      mode: 'admin',
      action: 'device.remember',
      limit: 5,
      scanLimit: 10,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    expect(second.scanned).toBe(10);
  });

  it('is stable under concurrent appends: new entries do not shift later pages', async () => {
    const clock = createTestClock(BASE);
    const { store: live } = await openTestHistory(clock);
    for (let i = 0; i < 10; i++) {
      clock.set(BASE + Math.floor(i / 2));
      await live.begin({ action: 'session.refresh', mode: 'user', actor: ALICE });
    }
    const first = await live.query({ limit: 4 });
    // Appends at the same millisecond as the cursor's entry and later ones.
    clock.set(BASE + 4);
    await live.begin({ action: 'session.refresh', mode: 'user', actor: ALICE });
    clock.set(BASE + 50);
    await live.begin({ action: 'session.refresh', mode: 'user', actor: ALICE });
    const rest: number[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await live.query({ limit: 4, cursor });
      rest.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    }
    expect([...first.entries.map((e) => e.id), ...rest]).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it.each([
    ['a zero page size', { limit: 0 }, 'ERR_INVALID_INPUT'],
    ['a page size over 500', { limit: 501 }, 'ERR_INVALID_INPUT'],
    ['a fractional page size', { limit: 2.5 }, 'ERR_INVALID_INPUT'],
    ['a scan limit under the page size', { limit: 10, scanLimit: 5 }, 'ERR_INVALID_INPUT'],
    ['a forged cursor', { limit: 10, cursor: 'garbage' }, 'ERR_INVALID_PAGINATION_TOKEN'],
    ['a cursor of another format', { limit: 10, cursor: 'h1.zz.' }, 'ERR_INVALID_PAGINATION_TOKEN'],
    ['NaN bounds', { limit: 10, since: Number.NaN }, 'ERR_INVALID_INPUT'],
  ])('refuses %s', async (_name, query, code) => {
    await expect(store.query(query)).rejects.toMatchObject({ code });
  });
});

describe('free text over renamed devices', () => {
  it('finds an entry by the name the device had at the time, not only its latest name', async () => {
    const { store: s } = await openTestHistory();
    const key = 'us-east-1_renamed';
    for (const name of ['Grandma iPad', 'Living room tablet'])
      await s.recordAction(
        { action: 'device.remember', mode: 'user', actor: ALICE, target: { deviceKey: key, deviceName: name } },
        async () => undefined,
      );
    expect((await s.query({ text: 'grandma', limit: 10 })).entries.map((e) => e.target?.deviceName)).toEqual([
      'Grandma iPad',
    ]);
    expect((await s.query({ text: 'TABLET', limit: 10 })).entries.map((e) => e.target?.deviceName)).toEqual([
      'Living room tablet',
    ]);
    expect((await s.knownDevices(ALICE))[0]?.deviceName).toBe('Living room tablet');
  });

  it('refuses a device name without its key (it could never be found again)', async () => {
    const { store: s } = await openTestHistory();
    await expect(
      s.begin({ action: 'device.remember', mode: 'user', actor: ALICE, target: { deviceName: 'Lost' } }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_INPUT' });
  });
});

describe('device memory', () => {
  it('keeps every device an account acted on, with its last name and status', async () => {
    for (const username of ['alice', 'bob']) {
      const devices = await store.knownDevices({ pool: ALICE.pool, username });
      const acted = new Set(all.filter((e) => e.actor.username === username).map((e) => e.target?.deviceKey));
      acted.delete(undefined);
      expect(devices.map((d) => d.deviceKey).sort()).toEqual([...acted].sort());
      expect(devices.length).toBe(2);
      for (const device of devices) {
        const latest = all.find((e) => e.actor.username === username && e.target?.deviceKey === device.deviceKey);
        expect(device).toMatchObject({ pool: ALICE.pool, username, deviceName: latest?.target?.deviceName });
      }
    }
  });

  it('a device marked not remembered stays known (with its name) after it leaves ListDevices', async () => {
    const { store: s, clock } = await openTestHistory();
    await s.noteListedDevices(ALICE, [
      { deviceKey: 'us-east-1_k1', deviceName: 'Old phone', status: 'remembered' },
      { deviceKey: 'us-east-1_k2', deviceName: 'Laptop', status: 'remembered' },
    ]);
    clock.advance(1000);
    await s.recordAction(
      {
        action: 'device.notRemember',
        mode: 'user',
        actor: ALICE,
        target: { deviceKey: 'us-east-1_k1' },
        statusBefore: 'remembered',
      },
      async () => undefined,
    );
    clock.advance(1000);
    // The next listing no longer shows k1.
    await s.noteListedDevices(ALICE, [{ deviceKey: 'us-east-1_k2', deviceName: 'Laptop', status: 'remembered' }]);
    const known = await s.knownDevices(ALICE);
    expect(known.find((d) => d.deviceKey === 'us-east-1_k1')).toMatchObject({
      deviceName: 'Old phone',
      lastStatus: 'not_remembered',
    });
    expect(await s.knownDevices(BOB)).toEqual([]);
  });

  it('a listing rewrites a device only when its facts changed or it was last seen a minute ago or more', async () => {
    const { store: s, clock } = await openTestHistory();
    const changes: string[] = [];
    s.subscribe((change) => changes.push(change.type));
    const laptop = { deviceKey: 'us-east-1_k2', deviceName: 'Laptop', status: 'remembered' as const };
    await s.noteListedDevices(ALICE, [laptop]);
    const first = (await s.knownDevices(ALICE))[0]?.lastSeen;
    clock.advance(30_000);
    await s.noteListedDevices(ALICE, [laptop]);
    expect((await s.knownDevices(ALICE))[0]?.lastSeen).toBe(first);
    expect(changes).toEqual(['devices']);
    // A new name is written at once, and so is a device seen again a minute later.
    await s.noteListedDevices(ALICE, [{ ...laptop, deviceName: 'Work laptop' }]);
    expect((await s.knownDevices(ALICE))[0]).toMatchObject({
      deviceName: 'Work laptop',
      lastSeen: (first ?? 0) + 30_000,
    });
    clock.advance(60_000);
    await s.noteListedDevices(ALICE, [{ ...laptop, deviceName: 'Work laptop' }]);
    expect((await s.knownDevices(ALICE))[0]?.lastSeen).toBe((first ?? 0) + 90_000);
    expect(changes).toEqual(['devices', 'devices', 'devices']);
  });

  it('a status seen to change within the minute is written at once', async () => {
    const { store: s, clock } = await openTestHistory();
    const laptop = { deviceKey: 'us-east-1_k2', deviceName: 'Laptop', status: 'remembered' as const };
    await s.noteListedDevices(ALICE, [laptop]);
    clock.advance(5_000);
    await s.noteListedDevices(ALICE, [{ ...laptop, status: 'not_remembered' }]);
    expect((await s.knownDevices(ALICE))[0]?.lastStatus).toBe('not_remembered');
  });

  it('a listing asked for before an action finished does not undo what the action recorded', async () => {
    const { store: s, clock } = await openTestHistory();
    const target = { deviceKey: 'us-east-1_k2', deviceName: 'Laptop' };
    await s.noteListedDevices(ALICE, [{ ...target, status: 'remembered' }]);
    clock.advance(120_000);
    // The listing goes out; meanwhile "don't remember" finishes; then the listing's answer is noted.
    const listedAt = clock.now();
    clock.advance(500);
    await s.recordAction(
      { action: 'device.notRemember', mode: 'user', actor: ALICE, target, statusBefore: 'remembered' },
      async () => undefined,
    );
    clock.advance(500);
    await s.noteListedDevices(ALICE, [{ ...target, status: 'remembered' }], { listedAt });
    expect((await s.knownDevices(ALICE))[0]?.lastStatus).toBe('not_remembered');
  });

  it('a failed action keeps the previous status; a forget marks the device forgotten', async () => {
    const { store: s } = await openTestHistory();
    const target = { deviceKey: 'us-east-1_k9', deviceName: 'Tablet' };
    await s.recordAction({ action: 'device.remember', mode: 'user', actor: ALICE, target }, async () => undefined);
    await expect(
      s.recordAction({ action: 'device.notRemember', mode: 'user', actor: ALICE, target }, async () => {
        throw new Error('offline');
      }),
    ).rejects.toThrow();
    expect((await s.knownDevices(ALICE))[0]?.lastStatus).toBe('remembered');
    await s.recordAction(
      { action: 'device.forget', mode: 'user', actor: ALICE, target: { deviceKey: target.deviceKey } },
      async () => undefined,
    );
    expect((await s.knownDevices(ALICE))[0]).toMatchObject({ lastStatus: 'forgotten', deviceName: 'Tablet' });
  });
});
