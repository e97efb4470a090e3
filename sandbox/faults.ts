/**
 * Injectable faults. Whether a request fails, and how, is decided once when it
 * arrives, before any handler runs, so a fault can never leave a change half
 * applied: "Reset" destroys the socket, "InternalError" answers HTTP 500
 * InternalErrorException, "TooManyRequests" answers TooManyRequestsException,
 * "Latency:N" delays the (otherwise normal) answer by N ms.
 */

export type FaultKind = 'InternalError' | 'TooManyRequests' | 'Reset' | { latencyMs: number };

/** The fault settings of `PUT /_sandbox/faults`. */
export interface FaultConfig {
  rate: number;
  kinds: FaultKind[];
  /** Only these operations are affected; absent = every operation. */
  operations?: string[];
}

/** Parses and checks a `PUT /_sandbox/faults` body; throws Error with a readable message. */
export function parseFaultConfig(body: unknown): FaultConfig {
  if (typeof body !== 'object' || body === null)
    throw new Error('body must be an object { "rate", "kinds", "operations"? }');
  const b = body as Record<string, unknown>;
  if (typeof b.rate !== 'number' || !(b.rate >= 0 && b.rate <= 1)) throw new Error('rate must be a number from 0 to 1');
  if (!Array.isArray(b.kinds) || b.kinds.length === 0) throw new Error('kinds must be a non-empty array');
  const kinds = b.kinds.map((k): FaultKind => {
    if (k === 'InternalError' || k === 'TooManyRequests' || k === 'Reset') return k;
    const m = typeof k === 'string' ? /^Latency:(\d{1,6})$/.exec(k) : null;
    if (m) return { latencyMs: Number(m[1]) };
    throw new Error(`unknown fault kind ${JSON.stringify(k)} (InternalError, TooManyRequests, Reset, Latency:<ms>)`);
  });
  let operations: string[] | undefined;
  if (b.operations !== undefined) {
    if (!Array.isArray(b.operations) || b.operations.some((o) => typeof o !== 'string')) {
      throw new Error('operations must be an array of operation names');
    }
    operations = b.operations as string[];
  }
  return { rate: b.rate, kinds, operations };
}

/** Picks the fault for one request of `operation`, or undefined. `random` is injected for tests. */
export function chooseFault(
  config: FaultConfig | undefined,
  operation: string,
  random: () => number = Math.random,
): FaultKind | undefined {
  if (!config || config.rate <= 0) return undefined;
  if (config.operations && !config.operations.includes(operation)) return undefined;
  if (random() >= config.rate) return undefined;
  return config.kinds[Math.floor(random() * config.kinds.length)];
}
