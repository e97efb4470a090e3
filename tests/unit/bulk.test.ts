import { describe, expect, it } from 'vitest';
import { assertSelection, type BulkProgress, describeProgress, runBulk, summarizeBulk } from '../../utils/bulk';
import { AppError } from '../../utils/errors';

const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];

describe('runBulk', () => {
  it('returns one result per key in input order, with failures in words and codes', async () => {
    const results = await runBulk(keys, async (key) => {
      await new Promise((r) => setTimeout(r, key === 'k1' ? 5 : 0));
      if (key === 'k3') throw new AppError('ERR_COGNITO_RESOURCE_NOT_FOUND');
      return key.toUpperCase();
    });
    expect(results.map((r) => r.key)).toEqual(keys);
    expect(results[0]).toEqual({ key: 'k1', outcome: 'ok', value: 'K1' });
    expect(results[2]).toMatchObject({
      key: 'k3',
      outcome: 'failed',
      error: { code: 'ERR_COGNITO_RESOURCE_NOT_FOUND' },
    });
    expect(summarizeBulk(results)).toEqual({ ok: 4, failed: 1, cancelled: 0 });
  });

  it('never runs more than `concurrency` items at once', async () => {
    let running = 0;
    let peak = 0;
    await runBulk(
      keys,
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2));
        running--;
      },
      { concurrency: 2 },
    );
    expect(peak).toBe(2);
  });

  it('reports progress after every item, ending at the total', async () => {
    const seen: BulkProgress[] = [];
    let t = 0;
    await runBulk(keys, async () => undefined, {
      concurrency: 1,
      onProgress: (p) => seen.push(p),
      now: () => (t += 100),
    });
    expect(seen.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(seen.at(-1)).toMatchObject({ total: 5, done: 5, ok: 5, failed: 0, etaMs: 0 });
    expect(seen.at(-1)?.rate).toBeGreaterThan(0);
  });

  it('stops starting new items once cancelled and marks the rest cancelled', async () => {
    const controller = new AbortController();
    const performed: string[] = [];
    const results = await runBulk(
      keys,
      async (key) => {
        performed.push(key);
        if (key === 'k2') controller.abort();
      },
      { concurrency: 1, signal: controller.signal },
    );
    expect(performed).toEqual(['k1', 'k2']);
    expect(summarizeBulk(results)).toEqual({ ok: 2, failed: 0, cancelled: 3 });
  });
});

describe('assertSelection', () => {
  it('refuses an empty selection with a stable code', () => {
    expect(() => assertSelection([])).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
    expect(() => assertSelection(['k'])).not.toThrow();
  });
});

describe('describeProgress', () => {
  it.each([
    [{ total: 5, done: 0, ok: 0, failed: 0, rate: 0 }, '0 ok'],
    [{ total: 5, done: 2, ok: 1, failed: 1, rate: 4.84, etaMs: 2600 }, '1 ok · 1 failed · 4.8/s · about 3 s left'],
    [{ total: 5, done: 5, ok: 5, failed: 0, rate: 5, etaMs: 0 }, '5 ok · 5.0/s'],
  ])('%j → %s', (progress, expected) => {
    expect(describeProgress(progress)).toBe(expected);
  });
});
