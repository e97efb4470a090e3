import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../utils/errors';
import { createLazyHistory } from '../../../utils/history/lazy';
import { openHistory } from '../../../utils/history/store';

const actor = { pool: 'us-east-1_Demo1', username: 'alice' };

describe('createLazyHistory', () => {
  it('opens once, and marks entries a dead worker left pending as interrupted', async () => {
    const indexedDB = new IDBFactory();
    const before = await openHistory({ indexedDB });
    await before.begin({ action: 'device.forget', mode: 'user', actor, target: { deviceKey: 'us-east-1_a' } });
    before.close();

    const open = vi.fn(() => openHistory({ indexedDB }));
    const history = createLazyHistory({ open });
    const [a, b] = await Promise.all([history(), history()]);
    expect(a).toBe(b);
    expect(open).toHaveBeenCalledTimes(1);
    const page = await a?.query({ limit: 10 });
    expect(page?.entries.map((e) => e.outcome)).toEqual(['interrupted']);
  });

  it('applies retention from settings after opening', async () => {
    const indexedDB = new IDBFactory();
    const seed = await openHistory({ indexedDB });
    for (let i = 0; i < 5; i++) {
      const id = await seed.begin({ action: 'session.refresh', mode: 'user', actor });
      await seed.complete(id, { outcome: 'ok' });
    }
    seed.close();
    const history = createLazyHistory({
      open: () => openHistory({ indexedDB }),
      retention: async () => ({ maxEntries: 2, maxAgeDays: 30 }),
    });
    const store = await history();
    await vi.waitFor(async () => expect(await store?.count()).toBe(2));
  });

  it('gives undefined and reports the code when IndexedDB cannot be opened', async () => {
    const onUnavailable = vi.fn();
    const history = createLazyHistory({
      open: () => Promise.reject(new AppError('ERR_HISTORY_UNAVAILABLE')),
      onUnavailable,
    });
    expect(await history()).toBeUndefined();
    expect(onUnavailable).toHaveBeenCalledWith(expect.objectContaining({ code: 'ERR_HISTORY_UNAVAILABLE' }));
  });

  it('tries to open again after a failure instead of giving up for the worker’s life', async () => {
    const indexedDB = new IDBFactory();
    let attempts = 0;
    const history = createLazyHistory({
      open: () =>
        ++attempts === 1 ? Promise.reject(new AppError('ERR_HISTORY_UNAVAILABLE')) : openHistory({ indexedDB }),
      onUnavailable: () => {},
    });
    expect(await history()).toBeUndefined();
    expect(await history()).toBeDefined();
    expect(attempts).toBe(2);
  });
});
