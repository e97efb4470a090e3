/**
 * A pacer (token buckets, as GCRA) that keeps requests under Cognito's
 * request-rate quotas (quotas.ts), so throttling is the exception rather than
 * the rule: one bucket per category, and one per user for that user's reads
 * and writes (10/s each). Share one pacer per account scope and Region: its
 * category buckets are then pooled the way Cognito pools them.
 *
 * A request waits for its user's slot first and only then reserves a slot of
 * its category, so one user's wait never holds a category slot another user's
 * request could have used. Slots are reserved in call order; waiting is
 * cancellable.
 */
import { COGNITO_RATES, type QuotaName, type QuotaRates, type RequestPace } from '../quotas';

/** Waits until a request may go. */
export interface Pacer {
  /** Resolve when a request counted as `pace` may be sent; rejects with the signal's reason if aborted while waiting. */
  acquire(pace: RequestPace, signal?: AbortSignal): Promise<void>;
  /** The rates in force, requests per second. */
  readonly rates: QuotaRates;
}

/** Sleep `ms`, rejecting with the signal's reason if it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface PacerOptions {
  /** Rates by category and per-user limit; missing ones are Cognito's defaults. */
  rates?: Partial<Record<QuotaName, number>>;
  /** Requests allowed back to back in one bucket before pacing starts. Default 1 (strict spacing). */
  burst?: number;
  now?: () => number;
  sleep?: Sleep;
}

/** setTimeout-based sleep that honours an AbortSignal. */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Users' buckets kept before idle ones are dropped (an idle bucket holds no debt: dropping it changes nothing). */
const USER_BUCKETS_KEPT = 1000;

/** Create a pacer; share one per account scope and Region so all work counts against the same quotas. */
export function createPacer(options: PacerOptions = {}): Pacer {
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? defaultSleep;
  const burst = Math.max(1, options.burst ?? 1);
  const rates: QuotaRates = { ...COGNITO_RATES, ...options.rates };
  for (const [name, rate] of Object.entries(rates)) {
    if (!(rate > 0)) throw new RangeError(`pacer rate for ${name} must be positive`);
  }
  // Theoretical arrival time per bucket (GCRA): the next slot, reserved in call order.
  const tat = new Map<string, number>();
  let userBuckets = 0;

  const reserve = (key: string, rate: number, t: number): number => {
    const interval = 1000 / rate;
    const last = tat.get(key) ?? -Infinity;
    const slot = Math.max(t, last - (burst - 1) * interval);
    tat.set(key, Math.max(last, slot) + interval);
    return slot;
  };
  const wait = async (key: string, rate: number, signal?: AbortSignal) => {
    const t = now();
    const slot = reserve(key, rate, t);
    if (slot > t) await sleep(slot - t, signal);
  };
  const forgetIdleUsers = (t: number) => {
    if (++userBuckets <= USER_BUCKETS_KEPT) return;
    for (const [key, at] of tat) if (key.startsWith('user\n') && at <= t) tat.delete(key);
    userBuckets = [...tat.keys()].filter((k) => k.startsWith('user\n')).length;
  };

  return {
    rates,
    async acquire(pace, signal) {
      if (signal?.aborted) throw signal.reason;
      if (pace.perUser && pace.user !== undefined) {
        const key = `user\n${pace.user}\n${pace.perUser}`;
        if (!tat.has(key)) forgetIdleUsers(now());
        await wait(key, rates[pace.perUser], signal);
      }
      await wait(`category\n${pace.category}`, rates[pace.category], signal);
    },
  };
}
