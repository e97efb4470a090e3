/** The pacer (GCRA token buckets per category and per user) under a fake clock. */
import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../utils/cognito/pacer';
import type { RequestPace } from '../../../utils/quotas';
import { createFakeClock } from './helpers';

const WRITE: RequestPace = { category: 'UserResourceUpdate' };
const READ: RequestPace = { category: 'UserResourceRead' };
const AUTH: RequestPace = { category: 'UserAuthentication' };
/** A clock with timers: `sleep` resolves in time order when `run` drives it (concurrent waits, as real timers). */
function virtualTimers() {
  let t = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const settle = () => new Promise<void>((r) => setTimeout(r, 0));
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((resolve) => void timers.push({ at: t + ms, resolve })),
    async run(until: Promise<unknown>) {
      let done = false;
      void until.finally(() => {
        done = true;
      });
      await settle();
      while (!done) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) break;
        t = Math.max(t, next.at);
        next.resolve();
        await settle();
      }
      await until;
    },
  };
}
const userWrite = (user: string): RequestPace => ({ category: 'UserResourceUpdate', perUser: 'PerUserWrite', user });

describe('createPacer', () => {
  it('spaces writes 40 ms apart at the default 25/s and reads 20 ms apart at 50/s', async () => {
    const clock = createFakeClock(0);
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    const writes: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pacer.acquire(WRITE);
      writes.push(clock.now());
    }
    expect(writes).toEqual([0, 40, 80, 120, 160]);
    const start = clock.now();
    await pacer.acquire(READ);
    await pacer.acquire(READ);
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
      rates: { UserResourceUpdate: 25 },
    });
    await Promise.all(Array.from({ length: 200 }, () => pacer.acquire(WRITE)));
    starts.unshift(0);
    starts.sort((a, b) => a - b);
    expect(starts).toHaveLength(200);
    for (let i = 25; i < starts.length; i++) {
      expect((starts[i] ?? 0) - (starts[i - 25] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    // …while keeping the full rate: 200 writes span 199 intervals of 40 ms.
    expect(starts.at(-1)).toBe(199 * 40);
  });

  it('holds one user to 10 writes/s (the per-user limit), below the 25/s category', async () => {
    const clock = virtualTimers();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    const all = Promise.all(
      Array.from({ length: 60 }, () => pacer.acquire(userWrite('pool/alice')).then(() => starts.push(clock.now()))),
    );
    await clock.run(all);
    starts.sort((a, b) => a - b);
    // The user's bucket is the slower one: 60 writes span 59 intervals of 100 ms.
    for (let i = 10; i < starts.length; i++) {
      expect((starts[i] ?? 0) - (starts[i - 10] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    expect(starts.at(-1)).toBe(59 * 100);
  });

  it('a user waiting for their own bucket does not hold up another user', async () => {
    const clock = virtualTimers();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    await pacer.acquire(userWrite('pool/alice'));
    const order: string[] = [];
    // alice's next slot is 100 ms away; bob's write goes at the next category slot (40 ms).
    const alice = pacer.acquire(userWrite('pool/alice')).then(() => order.push(`alice@${clock.now()}`));
    const bob = pacer.acquire(userWrite('pool/bob')).then(() => order.push(`bob@${clock.now()}`));
    await clock.run(Promise.all([alice, bob]));
    expect(order).toEqual(['bob@40', 'alice@100']);
  });

  it('runs many users together at the category rate, each user at most 10/s', async () => {
    const starts: { user: string; at: number }[] = [];
    let t = 0;
    const pacer = createPacer({
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    });
    // 300 writes, 100 users, interleaved (u0, u1, …, u99, u0, …), one at a time.
    for (let i = 0; i < 300; i++) {
      const user = `pool/u${i % 100}`;
      await pacer.acquire(userWrite(user));
      starts.push({ user, at: t });
    }
    // The category rate, 25/s: 300 writes span 299 intervals of 40 ms…
    expect(starts.at(-1)?.at).toBe(299 * 40);
    // …and no user's writes come closer than 100 ms (10/s).
    const last = new Map<string, number>();
    for (const s of starts) {
      const before = last.get(s.user);
      if (before !== undefined) expect(s.at - before).toBeGreaterThanOrEqual(100);
      last.set(s.user, s.at);
    }
  });

  it('does not slow requests that arrive slower than the rate', async () => {
    const clock = createFakeClock(0);
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep, rates: { UserResourceUpdate: 10 } });
    for (let i = 0; i < 3; i++) {
      await pacer.acquire(WRITE);
      clock.advance(150);
    }
    expect(clock.sleeps).toEqual([]);
  });

  it('allows a burst when configured, then paces', async () => {
    const clock = createFakeClock(0);
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep, rates: { UserResourceRead: 10 }, burst: 3 });
    for (let i = 0; i < 4; i++) await pacer.acquire(READ);
    expect(clock.sleeps).toEqual([100]);
  });

  it('keeps categories independent', async () => {
    const clock = createFakeClock(0);
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    await pacer.acquire(WRITE);
    await pacer.acquire(READ);
    await pacer.acquire(AUTH);
    await pacer.acquire({ category: 'UserList' });
    await pacer.acquire({ category: 'UserPoolRead' });
    expect(clock.sleeps).toEqual([]);
  });

  it('rejects a wait that is cancelled, and refuses an aborted signal at once', async () => {
    const pacer = createPacer({ rates: { UserResourceUpdate: 1 } });
    await pacer.acquire(WRITE);
    const controller = new AbortController();
    const waiting = pacer.acquire(WRITE, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    await expect(pacer.acquire(READ, controller.signal)).rejects.toThrow('stop');
  });

  it('refuses a non-positive rate', () => {
    expect(() => createPacer({ rates: { UserResourceUpdate: 0 } })).toThrow(RangeError);
    expect(() => createPacer({ rates: { PerUserWrite: -1 } })).toThrow(RangeError);
  });
});
