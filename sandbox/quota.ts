/**
 * Request quotas per pool and category, as token buckets whose burst is one
 * second's worth. Defaults follow Cognito's: reads 50/s, writes 25/s, and
 * sign-ins/refreshes 120/s. Over the quota the caller gets
 * TooManyRequestsException "Rate exceeded" (HTTP 400).
 */

export type QuotaCategory = 'read' | 'write' | 'auth';

/** Requests per second per pool, by category. */
export interface QuotaRates {
  read: number;
  write: number;
  auth: number;
}

export const DEFAULT_QUOTAS: QuotaRates = { read: 50, write: 25, auth: 120 };

/** The category of each operation (the `/_sandbox` routes are never limited). */
export const OPERATION_CATEGORY: Record<string, QuotaCategory> = {
  ListDevices: 'read',
  GetDevice: 'read',
  GetUser: 'read',
  AdminListDevices: 'read',
  AdminGetDevice: 'read',
  ListUsers: 'read',
  DescribeUserPool: 'read',
  UpdateDeviceStatus: 'write',
  ForgetDevice: 'write',
  ConfirmDevice: 'write',
  AdminUpdateDeviceStatus: 'write',
  AdminForgetDevice: 'write',
  GlobalSignOut: 'write',
  RevokeToken: 'write',
  InitiateAuth: 'auth',
  GetTokensFromRefreshToken: 'auth',
};

/** Token buckets keyed by pool and category. */
export interface QuotaLimiter {
  /** Takes one request from the bucket; false when the quota is exhausted. */
  take(poolId: string, category: QuotaCategory): boolean;
  /** Replaces the rates (missing categories keep theirs) and refills every bucket. */
  setRates(rates: Partial<QuotaRates>): void;
  rates(): QuotaRates;
}

/** Creates a limiter; `now` returns milliseconds (injected for tests). */
export function createQuotaLimiter(
  initial: Partial<QuotaRates> = {},
  now: () => number = () => performance.now(),
): QuotaLimiter {
  let rates: QuotaRates = { ...DEFAULT_QUOTAS, ...initial };
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(poolId, category) {
      const rate = rates[category];
      const key = `${poolId}\n${category}`;
      const t = now();
      const b = buckets.get(key) ?? { tokens: rate, at: t };
      b.tokens = Math.min(rate, b.tokens + ((t - b.at) / 1000) * rate);
      b.at = t;
      buckets.set(key, b);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    setRates(next) {
      rates = { ...rates, ...next };
      buckets.clear();
    },
    rates: () => ({ ...rates }),
  };
}

/** Checks a rate object from a request or option; returns an error text or undefined. */
export function checkRates(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null)
    return 'quotas must be an object { "read": n, "write": n, "auth"?: n }';
  for (const [k, v] of Object.entries(value)) {
    if (!(k in DEFAULT_QUOTAS)) return `unknown quota category "${k}" (read, write, auth)`;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return `quota "${k}" must be a number > 0`;
  }
  return undefined;
}
