/**
 * The one place that sends requests to Cognito: awsJson1_1 over `fetch`, paced
 * by the shared pacer, each attempt bounded by a timeout, retried with
 * exponential backoff and full jitter when a retry can help, cancellable at any
 * point. Every failure leaves as an AppError; secrets never go into one.
 */
import { AppError, type ErrorCode } from '../errors';
import type { RequestPace } from '../quotas';
import { parseWireError, toCognitoError } from './aws-errors';
import { createPacer, defaultSleep, type Pacer, type Sleep } from './pacer';

/** Retry policy: `maxAttempts` tries in all; delay before retry n = random(0, min(maxDelayMs, baseDelayMs·2ⁿ)). */
export interface RetryOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** The transport's defaults: each attempt's timeout, and the retry policy's. */
export const TRANSPORT_DEFAULTS = { timeoutMs: 10_000, maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 5_000 } as const;

/**
 * The longest one call's attempts can last, under a policy (the defaults by default): every attempt
 * timing out, and the longest backoff before each retry. The pacer's waits before each attempt are not
 * in it (they depend on the traffic): a caller bounding "may still change the service" adds a margin
 * for them. Pure.
 */
export function longestCallMs(
  policy: Required<RetryOptions> & { readonly timeoutMs: number } = TRANSPORT_DEFAULTS,
): number {
  const attempts = Math.max(1, policy.maxAttempts);
  let total = attempts * policy.timeoutMs;
  for (let n = 1; n < attempts; n++) total += Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
  return total;
}

/** Signs a request (SigV4) and returns the headers to send. */
export type RequestSigner = (request: {
  url: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<Headers>;

export interface TransportOptions {
  endpoint: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: RetryOptions;
  pacer?: Pacer;
  signal?: AbortSignal;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  /** Called before each retry (for metrics and tests); never given secrets. */
  onRetry?: (event: RetryEvent) => void;
}

/** What a retry is about to do. */
export interface RetryEvent {
  readonly operation: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly code: ErrorCode;
  readonly awsName?: string;
}

/** What happened before the current attempt, for operations that recover from a retry's outcome. */
export interface AttemptContext {
  /** True when an earlier attempt may have reached and changed the service (timeout, network, 5xx). */
  readonly mayHaveLanded: boolean;
}

/** One request to send. */
export interface CallSpec<T> {
  readonly operation: string;
  /** What it counts against in the pacer: category, per-user limit, user. */
  readonly pace: RequestPace;
  readonly body: Record<string, unknown>;
  /** True when sending it twice does no harm: timeouts and network failures are then retried. */
  readonly idempotent: boolean;
  /** Values to scrub from any service message (tokens, secrets). */
  readonly secrets: readonly string[];
  readonly signer?: RequestSigner;
  readonly signal?: AbortSignal;
  /** Turn an error into a result (e.g. ForgetDevice retried into ResourceNotFound = already forgotten). */
  readonly recover?: (error: AppError, context: AttemptContext) => T | undefined;
}

/** Sends calls; `T` is the parsed JSON body of the success response. */
export interface Transport {
  call<T = Record<string, unknown>>(spec: CallSpec<T>): Promise<T>;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const LANDED_CODES: ReadonlySet<ErrorCode> = new Set(['ERR_TIMEOUT', 'ERR_NETWORK', 'ERR_COGNITO_INTERNAL']);

/**
 * One signal that aborts when any input aborts (undefined when none is given;
 * the input itself when only one is). Call `dispose` to drop the listeners.
 */
function linkSignals(signals: readonly (AbortSignal | undefined)[]): {
  signal: AbortSignal | undefined;
  dispose: () => void;
} {
  const given = signals.filter((s): s is AbortSignal => s !== undefined);
  if (given.length <= 1) return { signal: given[0], dispose: () => {} };
  const controller = new AbortController();
  const cleanups: (() => void)[] = [];
  for (const s of given) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    const onAbort = () => controller.abort(s.reason);
    s.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => s.removeEventListener('abort', onAbort));
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const cleanup of cleanups) cleanup();
    },
  };
}

function aborted(operation: string, cause?: unknown): AppError {
  return new AppError('ERR_ABORTED', undefined, { cause, details: { operation, retryable: false } });
}

/** Create the transport behind a client. */
export function createTransport(options: TransportOptions): Transport {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? TRANSPORT_DEFAULTS.timeoutMs;
  const maxAttempts = Math.max(1, options.retry?.maxAttempts ?? TRANSPORT_DEFAULTS.maxAttempts);
  const baseDelayMs = options.retry?.baseDelayMs ?? TRANSPORT_DEFAULTS.baseDelayMs;
  const maxDelayMs = options.retry?.maxDelayMs ?? TRANSPORT_DEFAULTS.maxDelayMs;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const pacer = options.pacer ?? createPacer({ now: options.now, sleep });

  async function attempt<T>(spec: CallSpec<T>, outer: AbortSignal | undefined): Promise<T> {
    if (outer?.aborted) throw aborted(spec.operation, outer.reason);
    // One controller per attempt: aborted by the timeout or by the caller's signal.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onOuterAbort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    const body = JSON.stringify(spec.body);
    const baseHeaders = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `${TARGET_PREFIX}${spec.operation}`,
    };
    const details = { operation: spec.operation, retryable: spec.idempotent };
    try {
      const headers = spec.signer
        ? await spec.signer({ url: options.endpoint, headers: baseHeaders, body })
        : baseHeaders;
      let response: Response;
      let text: string;
      try {
        response = await fetchFn(options.endpoint, { method: 'POST', headers, body, signal: controller.signal });
        text = await response.text();
      } catch (error) {
        if (outer?.aborted) throw aborted(spec.operation, outer.reason);
        // The cause is kept for debugging; fetch errors carry no request body.
        if (timedOut) throw new AppError('ERR_TIMEOUT', undefined, { cause: error, details });
        throw new AppError('ERR_NETWORK', undefined, { cause: error, details });
      }
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : {};
      } catch {
        json = undefined;
      }
      if (!response.ok) {
        throw toCognitoError(parseWireError(response.headers, response.status, json), spec.operation, spec.secrets);
      }
      if (json === null || typeof json !== 'object' || Array.isArray(json)) {
        throw new AppError('ERR_BAD_RESPONSE', undefined, {
          details: {
            operation: spec.operation,
            httpStatus: response.status,
            requestId: response.headers.get('x-amzn-requestid') ?? undefined,
            retryable: false,
          },
        });
      }
      return json as T;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    }
  }

  return {
    async call<T>(spec: CallSpec<T>): Promise<T> {
      const linked = linkSignals([options.signal, spec.signal]);
      const signal = linked.signal;
      let mayHaveLanded = false;
      try {
        for (let n = 1; ; n++) {
          try {
            await pacer.acquire(spec.pace, signal);
          } catch (error) {
            throw aborted(spec.operation, error);
          }
          try {
            return await attempt(spec, signal);
          } catch (caught) {
            const error =
              caught instanceof AppError ? caught : new AppError('ERR_INTERNAL', undefined, { cause: caught });
            const recovered = spec.recover?.(error, { mayHaveLanded });
            if (recovered !== undefined) return recovered;
            if (LANDED_CODES.has(error.code)) mayHaveLanded = true;
            // A call that is not safe to repeat is not retried after an error it may have landed through.
            const unsafeRepeat = !spec.idempotent && LANDED_CODES.has(error.code);
            if (error.code === 'ERR_ABORTED' || !error.details.retryable || unsafeRepeat || n >= maxAttempts)
              throw error;
            const delayMs = random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1));
            options.onRetry?.({
              operation: spec.operation,
              attempt: n,
              delayMs,
              code: error.code,
              awsName: error.details.awsName,
            });
            try {
              await sleep(delayMs, signal);
            } catch (sleepError) {
              throw aborted(spec.operation, sleepError);
            }
          }
        }
      } finally {
        linked.dispose();
      }
    },
  };
}
