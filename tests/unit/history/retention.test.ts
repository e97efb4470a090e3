import { describe, expect, it } from 'vitest';
import { createTestClock, deviceDraft, openTestHistory } from './fixtures';

const DAY = 24 * 3600 * 1000;

async function seed(days: number[], pendingAt: number[] = []) {
  const clock = createTestClock(Date.UTC(2026, 0, 1));
  const start = clock.now();
  const { store } = await openTestHistory(clock);
  for (const [i, day] of days.entries()) {
    clock.set(start + day * DAY);
    const id = await store.begin(deviceDraft({ target: { deviceKey: `us-east-1_k${i}`, deviceName: `D${i}` } }));
    if (!pendingAt.includes(i)) await store.complete(id, { outcome: 'ok' });
  }
  return { store, clock, start };
}

describe('retention', () => {
  it('deletes entries older than the maximum age, and the devices last seen before it', async () => {
    const { store, start } = await seed([0, 1, 2, 80, 99, 100]);
    const result = await store.enforceRetention({
      maxEntries: 1000,
      maxAgeDays: 30,
      now: start + 100 * DAY,
      batchSize: 2,
    });
    expect(result).toEqual({ deletedByAge: 3, deletedByCount: 0, devicesForgotten: 3 });
    expect((await store.list()).map((e) => e.target?.deviceName)).toEqual(['D5', 'D4', 'D3']);
    expect((await store.knownDevices({ pool: 'us-east-1_Demo1', username: 'alice' })).map((d) => d.deviceName)).toEqual(
      ['D5', 'D4', 'D3'],
    );
  });

  it('keeps the newest maxEntries, deleting the oldest first in small batches', async () => {
    const { store, start } = await seed([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const result = await store.enforceRetention({
      maxEntries: 4,
      maxAgeDays: 365,
      now: start + 10 * DAY,
      batchSize: 3,
    });
    expect(result).toMatchObject({ deletedByAge: 0, deletedByCount: 6 });
    expect((await store.list()).map((e) => e.target?.deviceName)).toEqual(['D9', 'D8', 'D7', 'D6']);
  });

  it('never deletes a pending entry: its action may still be running', async () => {
    const { store, start } = await seed([0, 1, 2, 3], [0, 2]);
    const result = await store.enforceRetention({ maxEntries: 1, maxAgeDays: 1, now: start + 10 * DAY, batchSize: 1 });
    expect(result.deletedByAge).toBe(2);
    expect((await store.list()).map((e) => [e.target?.deviceName, e.outcome])).toEqual([
      ['D2', 'pending'],
      ['D0', 'pending'],
    ]);
  });

  it('applies age, then count', async () => {
    const { store, start } = await seed([0, 40, 41, 42, 43]);
    const result = await store.enforceRetention({ maxEntries: 2, maxAgeDays: 30, now: start + 45 * DAY });
    expect(result).toMatchObject({ deletedByAge: 1, deletedByCount: 2 });
    expect(await store.count()).toBe(2);
  });

  it('does nothing when within limits', async () => {
    const { store, start } = await seed([0, 1]);
    expect(await store.enforceRetention({ maxEntries: 10, maxAgeDays: 30, now: start + 2 * DAY })).toEqual({
      deletedByAge: 0,
      deletedByCount: 0,
      devicesForgotten: 0,
    });
  });

  it('lets other reads and writes through between its batches', async () => {
    const { store, start, clock } = await seed(Array.from({ length: 40 }, (_, i) => i / 100));
    clock.set(start + 400 * DAY);
    let finished = false;
    const running = store.enforceRetention({ maxEntries: 1, maxAgeDays: 1, batchSize: 5 });
    void running.then(() => {
      finished = true;
    });
    // Started while retention runs; it must not wait for the whole cleanup.
    const id = await store.begin(deviceDraft({ action: 'device.remember' }));
    expect(finished).toBe(false);
    // Only some batches ran before the write: the old entries are not all gone yet.
    expect(await store.count()).toBeGreaterThan(1);
    const result = await running;
    expect(result.deletedByAge).toBe(40);
    expect((await store.list()).map((e) => e.id)).toEqual([id]);
  });

  it.each([
    ['zero entries', { maxEntries: 0, maxAgeDays: 30 }],
    ['a negative age', { maxEntries: 10, maxAgeDays: -1 }],
    ['a zero batch', { maxEntries: 10, maxAgeDays: 30, batchSize: 0 }],
  ])('refuses %s', async (_name, policy) => {
    const { store } = await seed([0]);
    await expect(store.enforceRetention(policy)).rejects.toMatchObject({ code: 'ERR_INVALID_INPUT' });
  });

  it('clear deletes every entry and the device memory', async () => {
    const { store } = await seed([0, 1, 2]);
    await store.clear();
    expect(await store.count()).toBe(0);
    expect(await store.knownDevices({ pool: 'us-east-1_Demo1', username: 'alice' })).toEqual([]);
  });
});
