/**
 * A shared pacer (token bucket, as GCRA) that keeps bulk work under Cognito's
 * request-rate quotas, so throttling is the exception rather than the rule.
 * Quotas per account and region (DESIGN.md): reads 50/s, writes 25/s.
 * Callers reserve a slot in FIFO order and wait for it; waiting is cancellable.
 */

/** Which quota a request counts against. */
export type RequestKind = 'read' | 'write' | 'auth';

/** Waits until a request of some kind may go. */
export interface Pacer {
  /** Resolve when a request of `kind` may be sent; rejects with the signal's reason if aborted while waiting. */
  acquire(kind: RequestKind, signal?: AbortSignal): Promise<void>;
  /** The configured rates, requests per second. */
  readonly rates: Readonly<Record<RequestKind, number>>;
}

/** Sleep `ms`, rejecting with the signal's reason if it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface PacerOptions {
  /** Reads per second (ListDevices, GetDevice, GetUser, Admin reads). Default 50. */
  read?: number;
  /** Writes per second (UpdateDeviceStatus, ForgetDevice, Admin writes). Default 25. */
  write?: number;
  /** Sign-ins and refreshes per second. Default 120 (Cognito's UserAuthentication quota). */
  auth?: number;
  /** Requests allowed back to back before pacing starts. Default 1 (strict spacing). */
  burst?: number;
  now?: () => number;
  sleep?: Sleep;
}

/** The default quotas of Cognito (requests per second). */
export const DEFAULT_RATES: Readonly<Record<RequestKind, number>> = { read: 50, write: 25, auth: 120 };

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

/** Create a pacer; share one per account and region so all bulk work counts against the same quota. */
export function createPacer(options: PacerOptions = {}): Pacer {
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? defaultSleep;
  const burst = Math.max(1, options.burst ?? 1);
  const rates: Record<RequestKind, number> = {
    read: options.read ?? DEFAULT_RATES.read,
    write: options.write ?? DEFAULT_RATES.write,
    auth: options.auth ?? DEFAULT_RATES.auth,
  };
  for (const [kind, rate] of Object.entries(rates)) {
    if (!(rate > 0)) throw new RangeError(`pacer rate for ${kind} must be positive`);
  }
  // Theoretical arrival time per kind (GCRA): the next slot, reserved in call order.
  const tat: Record<RequestKind, number> = { read: -Infinity, write: -Infinity, auth: -Infinity };

  return {
    rates,
    async acquire(kind, signal) {
      if (signal?.aborted) throw signal.reason;
      const interval = 1000 / rates[kind];
      const t = now();
      const slot = Math.max(t, tat[kind] - (burst - 1) * interval);
      tat[kind] = Math.max(tat[kind], slot) + interval;
      if (slot > t) await sleep(slot - t, signal);
    },
  };
}
