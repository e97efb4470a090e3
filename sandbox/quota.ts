/**
 * Request quotas as Cognito counts them ("Quotas in Amazon Cognito", developer
 * guide): each operation belongs to a category whose rate is pooled per AWS
 * account and Region across all its user pools; RespondToAuthChallenge has
 * its own allowance of three times UserAuthentication; and on top of that one
 * user may make at most 10 reads and 10 writes per second. Token buckets whose
 * burst is one second's worth. Over a quota: TooManyRequestsException
 * "Rate exceeded" (HTTP 400). The clock is injected (`now`, milliseconds).
 */

/** Cognito's category names (the ones the sandbox's operations fall in), and the two per-user limits. */
export const CATEGORIES = [
  'UserResourceRead',
  'UserResourceUpdate',
  'UserList',
  'UserPoolRead',
  'UserPoolClientRead',
  'UserRead',
  'UserUpdate',
  'UserAuthentication',
  'UserToken',
  'PerUserRead',
  'PerUserWrite',
] as const;
export type QuotaCategory = (typeof CATEGORIES)[number];

/** Requests per second by category. */
export type QuotaRates = Record<QuotaCategory, number>;

/** Default rates: the category quotas of the developer guide, and 10/s per user for reads and for writes. */
export const DEFAULT_QUOTAS: QuotaRates = {
  UserResourceRead: 50,
  UserResourceUpdate: 25,
  UserList: 30,
  UserPoolRead: 15,
  UserPoolClientRead: 15,
  UserRead: 120,
  UserUpdate: 25,
  UserAuthentication: 120,
  UserToken: 120,
  PerUserRead: 10,
  PerUserWrite: 10,
};

/**
 * The sandbox's former per-pool categories, still accepted as names for
 * groups of categories: `read` sets every read category, `write` every write
 * category, `auth` UserAuthentication.
 */
export const QUOTA_ALIASES: Record<'read' | 'write' | 'auth', QuotaCategory[]> = {
  read: ['UserResourceRead', 'UserRead', 'UserList', 'UserPoolRead', 'UserPoolClientRead'],
  write: ['UserResourceUpdate', 'UserUpdate', 'UserToken'],
  auth: ['UserAuthentication'],
};
export type QuotaName = QuotaCategory | keyof typeof QUOTA_ALIASES;

/** The category of each operation (the `/_sandbox` routes are never limited). */
export const OPERATION_CATEGORY: Record<string, QuotaCategory> = {
  ListDevices: 'UserResourceRead',
  GetDevice: 'UserResourceRead',
  AdminListDevices: 'UserResourceRead',
  AdminGetDevice: 'UserResourceRead',
  UpdateDeviceStatus: 'UserResourceUpdate',
  ForgetDevice: 'UserResourceUpdate',
  ConfirmDevice: 'UserResourceUpdate',
  AdminUpdateDeviceStatus: 'UserResourceUpdate',
  AdminForgetDevice: 'UserResourceUpdate',
  ListUsers: 'UserList',
  DescribeUserPool: 'UserPoolRead',
  DescribeUserPoolClient: 'UserPoolClientRead',
  GetUser: 'UserRead',
  GlobalSignOut: 'UserUpdate',
  InitiateAuth: 'UserAuthentication',
  GetTokensFromRefreshToken: 'UserAuthentication',
  RespondToAuthChallenge: 'UserAuthentication',
  RevokeToken: 'UserToken',
};

/**
 * What counts against one user's 10 reads/s or 10 writes/s: every operation
 * that acts on exactly one user, by its token or by Username. See
 * sandbox/README.md for the reasoning.
 */
export const PER_USER_KIND: Record<string, 'PerUserRead' | 'PerUserWrite'> = {
  GetUser: 'PerUserRead',
  ListDevices: 'PerUserRead',
  GetDevice: 'PerUserRead',
  AdminListDevices: 'PerUserRead',
  AdminGetDevice: 'PerUserRead',
  InitiateAuth: 'PerUserRead',
  RespondToAuthChallenge: 'PerUserRead',
  GetTokensFromRefreshToken: 'PerUserRead',
  UpdateDeviceStatus: 'PerUserWrite',
  ForgetDevice: 'PerUserWrite',
  ConfirmDevice: 'PerUserWrite',
  AdminUpdateDeviceStatus: 'PerUserWrite',
  AdminForgetDevice: 'PerUserWrite',
  GlobalSignOut: 'PerUserWrite',
  RevokeToken: 'PerUserWrite',
};

/** DescribeUserPoolClient is also limited to 5 requests per second per user pool. */
const PER_POOL_CLIENT_READ = 5;
/** RespondToAuthChallenge's allowance relative to UserAuthentication. */
const RESPOND_FACTOR = 3;

/** One request as the limiter sees it. */
export interface QuotaRequest {
  operation: string;
  account: string;
  region: string;
  poolId: string;
  /** The user the request acts for or on, when there is one. */
  username?: string;
}

/** Token buckets for the categories, the per-user limits and the special allowances. */
export interface QuotaLimiter {
  /** Takes one token from every bucket `request` counts against, or none when any is empty; false = throttled. */
  admit(request: QuotaRequest): boolean;
  /** Takes one token from the bucket of `name` (a category, or an alias: its first category) under `scope`. */
  take(scope: string, name: QuotaName): boolean;
  /** Replaces the named rates (aliases expand; others keep theirs) and refills every bucket. */
  setRates(rates: Partial<Record<QuotaName, number>>): void;
  rates(): QuotaRates;
}

/** Expands aliases into categories (a category named explicitly wins over its alias). */
export function expandRates(rates: Partial<Record<QuotaName, number>>): Partial<QuotaRates> {
  const out: Partial<QuotaRates> = {};
  for (const [alias, categories] of Object.entries(QUOTA_ALIASES)) {
    const v = rates[alias as keyof typeof QUOTA_ALIASES];
    if (v !== undefined) for (const c of categories) out[c] = v;
  }
  for (const c of CATEGORIES) if (rates[c] !== undefined) out[c] = rates[c];
  return out;
}

/** Creates a limiter. `now` returns milliseconds (performance.now by default; inject a clock in tests). */
export function createQuotaLimiter(
  initial: Partial<Record<QuotaName, number>> = {},
  clock: (() => number) | { now?: () => number } = {},
): QuotaLimiter {
  const now = typeof clock === 'function' ? clock : (clock.now ?? (() => performance.now()));
  let rates: QuotaRates = { ...DEFAULT_QUOTAS, ...expandRates(initial) };
  const buckets = new Map<string, { tokens: number; at: number }>();

  /** The bucket after refilling it to time `t`. */
  const bucket = (key: string, rate: number, t: number) => {
    const b = buckets.get(key) ?? { tokens: rate, at: t };
    b.tokens = Math.min(rate, b.tokens + ((t - b.at) / 1000) * rate);
    b.at = t;
    buckets.set(key, b);
    return b;
  };
  const takeAll = (wanted: { key: string; rate: number }[]) => {
    const t = now();
    const found = wanted.map((w) => bucket(w.key, w.rate, t));
    if (found.some((b) => b.tokens < 1)) return false;
    for (const b of found) b.tokens -= 1;
    return true;
  };

  return {
    admit(r) {
      const category = OPERATION_CATEGORY[r.operation];
      if (!category) return true;
      const scope = `${r.account}/${r.region}`;
      const wanted: { key: string; rate: number }[] = [];
      if (r.operation === 'RespondToAuthChallenge') {
        wanted.push({ key: `${scope}\nRespondToAuthChallenge`, rate: rates.UserAuthentication * RESPOND_FACTOR });
      } else {
        wanted.push({ key: `${scope}\n${category}`, rate: rates[category] });
      }
      if (r.operation === 'DescribeUserPoolClient') {
        wanted.push({ key: `${scope}/${r.poolId}\nDescribeUserPoolClient`, rate: PER_POOL_CLIENT_READ });
      }
      const perUser = PER_USER_KIND[r.operation];
      if (perUser && r.username !== undefined) {
        wanted.push({ key: `${scope}/${r.poolId}/${r.username}\n${perUser}`, rate: rates[perUser] });
      }
      return takeAll(wanted);
    },
    take(scope, name) {
      const category = name in QUOTA_ALIASES ? QUOTA_ALIASES[name as keyof typeof QUOTA_ALIASES][0] : name;
      const c = category as QuotaCategory;
      return takeAll([{ key: `${scope}\n${c}`, rate: rates[c] }]);
    },
    setRates(next) {
      rates = { ...rates, ...expandRates(next) };
      buckets.clear();
    },
    rates: () => ({ ...rates }),
  };
}

/** Checks a rate object from a request or option; returns an error text or undefined. */
export function checkRates(value: unknown): string | undefined {
  const names = [...CATEGORIES, ...Object.keys(QUOTA_ALIASES)];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `quotas must be an object of requests per second by category (${names.join(', ')})`;
  for (const [k, v] of Object.entries(value)) {
    if (!names.includes(k)) return `unknown quota category "${k}" (${names.join(', ')})`;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return `quota "${k}" must be a number > 0`;
  }
  return undefined;
}
