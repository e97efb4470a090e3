/** utils/one-at-a-time.ts and utils/kept-for.ts: the queue the worker's read-modify-write steps share, and the short-lived slot. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keptFor } from '../../utils/kept-for';
import { oneAtATime } from '../../utils/one-at-a-time';

describe('oneAtATime', () => {
  it('starts each task once the one before has settled, failed or not, and answers each its own result', async () => {
    const run = oneAtATime();
    const order: string[] = [];
    let release: () => void = () => undefined;
    const first = run(async () => {
      order.push('first starts');
      await new Promise<void>((r) => {
        release = r;
      });
      order.push('first ends');
      throw new Error('first failed');
    });
    const second = run(async () => {
      order.push('second starts');
      return 2;
    });
    await Promise.resolve();
    expect(order).toEqual(['first starts']);
    release();
    await expect(first).rejects.toThrow('first failed');
    expect(await second).toBe(2);
    expect(order).toEqual(['first starts', 'first ends', 'second starts']);
  });
});

describe('keptFor', () => {
  afterEach(() => vi.useRealTimers());

  it('holds a value until `ms` after it was last set or read, and not after clear', () => {
    vi.useFakeTimers();
    const slot = keptFor<string>(1000);
    expect(slot.get()).toBeUndefined();
    slot.set('keys');
    vi.advanceTimersByTime(900);
    expect(slot.get()).toBe('keys');
    vi.advanceTimersByTime(900);
    expect(slot.get()).toBe('keys');
    vi.advanceTimersByTime(1000);
    expect(slot.get()).toBeUndefined();
    slot.set('rows');
    slot.clear();
    expect(slot.get()).toBeUndefined();
  });
});
