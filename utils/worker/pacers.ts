/**
 * The worker's ONE pacer registry: every caller (a user's bulk run, an admin
 * remediation or audit, a session refresh) waits in the same buckets, because
 * Cognito counts their requests together (DESIGN.md "Quotas": each category
 * per AWS account and Region, across all its user pools; and 10 reads/s and
 * 10 writes/s per user). Each pacer holds a bucket per category and one per
 * user (utils/cognito createPacer); the registry keeps one pacer per account
 * scope.
 *
 * The account scope is the endpoint origin — the Region (or the sandbox's
 * port) — for sessions and admin alike. Why not the account: a user token does
 * not carry the AWS account (its issuer names the pool and Region only), and
 * the IAM key an admin signs with need not belong to the account that owns the
 * pool, while a user's session and an admin working on the same pool spend the
 * same account's quota. Keying by pool would let two pools of one account run
 * at twice the category rate, and keying an admin by access key would let the
 * admin and the user's bulk run do the same; one scope per Region can only
 * make two accounts in one Region share a rate: slower, never throttled.
 * Per-user buckets are keyed by pool and username inside it (the client tells
 * the user from the access token or the Username it sends).
 */
import { createPacer, type Pacer, type QuotaRates, type Sleep } from '../cognito';

/** What a request is counted against. */
export interface PacerScope {
  /** The resolved endpoint the request goes to. */
  readonly endpoint: string;
}

/** Rates by Cognito quota (Settings → quotas, after `effectiveRates`). */
export type PacerRates = QuotaRates;

function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return endpoint;
  }
}

/** The registry key of a scope: its account scope (see the module comment). */
export function accountScopeOf(scope: PacerScope): string {
  return `endpoint:${originOf(scope.endpoint)}`;
}

export interface PacerRegistryOptions {
  /** The current rates (Settings → quotas). */
  readonly rates: () => Promise<PacerRates>;
  readonly now?: () => number;
  readonly sleep?: Sleep;
}

/** A pacer for a scope, from the one registry. */
export type PacerFor = (scope: PacerScope) => Promise<Pacer>;

const sameRates = (a: PacerRates, b: PacerRates) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([k, v]) => b[k as keyof PacerRates] === v);

/** Create the registry. A scope whose rates changed in Settings starts again at the new rates. */
export function createPacerRegistry(options: PacerRegistryOptions): PacerFor {
  const pacers = new Map<string, Pacer>();
  return async (scope) => {
    const rates = await options.rates();
    const key = accountScopeOf(scope);
    let pacer = pacers.get(key);
    if (!pacer || !sameRates(pacer.rates, rates)) {
      pacer = createPacer({ rates, now: options.now, sleep: options.sleep });
      pacers.set(key, pacer);
    }
    return pacer;
  };
}
