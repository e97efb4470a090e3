/** The pacer (GCRA token bucket) under a fake clock. */
import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../utils/cognito/pacer';
import { createFakeClock } from './helpers';

describe('createPacer', () => {
  it('spaces writes 40 ms apart at the default 25/s and reads 20 ms apart at 50/s', async () => {
    const clock = createFakeClock(0);
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    const writes: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pacer.acquire('write');
      writes.push(clock.now());
    }
    expect(writes).toEqual([0, 40, 80, 120, 160]);
    const start = clock.now();
    await pacer.acquire('read');
    await pacer.acquire('read');
    expect(clock.now() - start).toBe(20);
  });

  it('never lets more than `rate` requests start in any one-second window (200-write burst)', async () => {
    // All 200 ask at t=0; each wait ends at the slot it reserved.
    const starts: number[] = [];
    const pacer = createPacer({
      now: () => 0,
      sleep: async (ms) => {
        starts.push(ms);
      },
      write: 25,
    });
    await Promise.all(Array.from({ length: 200 }, () => pacer.acquire('write')));
    starts.unshift(0);
    starts.sort((a, b) => a - b);
    expect(starts).toHaveLength(200);
    for (let i = 25; i < starts.length; i++) {
      expect((starts[i] ?? 0) - (starts[i - 25] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    // …while keeping the full rate: 200 writes span 199 intervals of 40 ms.
    expect(starts.at(-1)).toBe(199 * 40);
  });

  it('does not slow requests that arrive slower than the rate', async () => {
    const clock = createFakeClock(0);
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep, write: 10 });
    for (let i = 0; i < 3; i++) {
      await pacer.acquire('write');
      clock.advance(150);
    }
    expect(clock.sleeps).toEqual([]);
  });

  it('allows a burst when configured, then paces', async () => {
    const clock = createFakeClock(0);
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep, read: 10, burst: 3 });
    for (let i = 0; i < 4; i++) await pacer.acquire('read');
    expect(clock.sleeps).toEqual([100]);
  });

  it('keeps kinds independent', async () => {
    const clock = createFakeClock(0);
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    await pacer.acquire('write');
    await pacer.acquire('read');
    await pacer.acquire('auth');
    expect(clock.sleeps).toEqual([]);
  });

  it('rejects a wait that is cancelled, and refuses an aborted signal at once', async () => {
    const pacer = createPacer({ write: 1 });
    await pacer.acquire('write');
    const controller = new AbortController();
    const waiting = pacer.acquire('write', controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    await expect(pacer.acquire('read', controller.signal)).rejects.toThrow('stop');
  });

  it('refuses a non-positive rate', () => {
    expect(() => createPacer({ write: 0 })).toThrow(RangeError);
  });
});
