/**
 * The worker's ONE pacer registry: every caller (a user's bulk run, an admin
 * remediation or audit, a session refresh) waits in the same buckets, because
 * Cognito counts their requests together (DESIGN.md "Quotas": per AWS account
 * and Region, across all its user pools).
 *
 * A request waits in every bucket `bucketsOf` lists for its scope. Today that
 * is one bucket per endpoint origin (the Region, or the sandbox's port): the
 * account is unknown to a user token, so two accounts in one Region share a
 * bucket — slower, never throttled. To add Cognito's categories or the
 * per-user 10/s, add fields to `PacerScope` (e.g. `user`) and return one more
 * `{ key, rates }` from `bucketsOf`: the registry and the callers stay as they are.
 */
import { createPacer, type Pacer, type RequestKind, type Sleep } from '../cognito';

/** What a request is counted against. */
export interface PacerScope {
  /** The resolved endpoint the request goes to. */
  readonly endpoint: string;
}

/** Rates of Settings (requests per second). */
export interface PacerRates {
  readonly read: number;
  readonly write: number;
}

/** One bucket a scope waits in: its key in the registry and its rates. */
export interface Bucket {
  readonly key: string;
  readonly rates: PacerRates;
}

function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return endpoint;
  }
}

/** The buckets a request of `scope` waits in (see the module comment to add more). */
export function bucketsOf(scope: PacerScope, rates: PacerRates): Bucket[] {
  return [{ key: `endpoint:${originOf(scope.endpoint)}`, rates }];
}

export interface PacerRegistryOptions {
  /** The current rates (Settings → quotas). */
  readonly rates: () => Promise<PacerRates>;
  readonly now?: () => number;
  readonly sleep?: Sleep;
}

/** A pacer for a scope, from the one registry. */
export type PacerFor = (scope: PacerScope) => Promise<Pacer>;

/** Create the registry. A bucket whose rates changed in Settings starts again at the new rates. */
export function createPacerRegistry(options: PacerRegistryOptions): PacerFor {
  const pacers = new Map<string, Pacer>();
  const bucket = ({ key, rates }: Bucket): Pacer => {
    let pacer = pacers.get(key);
    if (!pacer || pacer.rates.read !== rates.read || pacer.rates.write !== rates.write) {
      pacer = createPacer({ read: rates.read, write: rates.write, now: options.now, sleep: options.sleep });
      pacers.set(key, pacer);
    }
    return pacer;
  };
  return async (scope) => {
    const parts = bucketsOf(scope, await options.rates()).map(bucket);
    const [first] = parts;
    if (!first) throw new RangeError('a pacer scope needs at least one bucket');
    if (parts.length === 1) return first;
    return {
      rates: first.rates,
      async acquire(kind: RequestKind, signal?: AbortSignal) {
        for (const part of parts) await part.acquire(kind, signal);
      },
    };
  };
}
