/**
 * Retries (exponential backoff, full jitter), per-attempt timeouts,
 * cancellation, and safe retried writes — under a fake clock.
 */
import { describe, expect, it } from 'vitest';
import { createCognitoClient, createPacer, longestCallMs, type RetryEvent, uniformRates } from '../../../utils/cognito';
import type { AppError } from '../../../utils/errors';
import {
  ACCESS_TOKEN,
  awsError,
  createFakeClock,
  DEVICE_KEY,
  hangingResponder,
  json,
  type Responder,
  scriptedFetch,
} from './helpers';

function setup(responders: Responder[], extra: Partial<Parameters<typeof createCognitoClient>[0]> = {}) {
  const clock = createFakeClock();
  const { fetch, requests } = scriptedFetch(...responders);
  const retries: RetryEvent[] = [];
  const client = createCognitoClient({
    endpoint: 'http://127.0.0.1:9329/',
    fetch,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    pacer: createPacer({ rates: uniformRates(1e6), now: clock.now, sleep: async () => {} }),
    retry: { baseDelayMs: 100, maxDelayMs: 300 },
    onRetry: (e) => retries.push(e),
    ...extra,
  });
  return { client, requests, clock, retries };
}

const list = { accessToken: ACCESS_TOKEN };
const ok = () => json(200, { Devices: [] });
const reset = (): never => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
};

describe('retries', () => {
  it.each<[string, Responder]>([
    ['TooManyRequestsException', () => awsError('TooManyRequestsException', 'Rate exceeded')],
    ['InternalErrorException', () => awsError('InternalErrorException', 'Internal error', 500)],
    ['a bare 503', () => new Response('Service Unavailable', { status: 503 })],
    ['a connection reset', reset],
  ])('retries %s, then succeeds', async (_, failure) => {
    const { client, requests, clock } = setup([failure, ok]);
    await expect(client.listDevices(list)).resolves.toEqual({ devices: [] });
    expect(requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([50]); // random 0.5 × min(300, 100 × 2⁰)
  });

  it('backs off exponentially with full jitter, capped, and gives up after maxAttempts', async () => {
    const throttled = () => awsError('TooManyRequestsException', 'Rate exceeded');
    const { client, requests, clock, retries } = setup([throttled], {
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 },
    });
    const error = (await client.listDevices(list).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('ERR_COGNITO_TOO_MANY_REQUESTS');
    expect(error.details).toMatchObject({
      operation: 'ListDevices',
      awsName: 'TooManyRequestsException',
      retryable: true,
    });
    expect(requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([50, 100, 150]); // 0.5 × 100, 0.5 × 200, 0.5 × min(300, 400)
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
  });

  it('draws each delay uniformly from [0, cap): random 0 → no wait, random ~1 → the cap', async () => {
    const throttled = () => awsError('TooManyRequestsException', 'Rate exceeded');
    const low = setup([throttled, ok], { random: () => 0 });
    await low.client.listDevices(list);
    expect(low.clock.sleeps).toEqual([0]);
    const high = setup([throttled, throttled, ok], { random: () => 0.999 });
    await high.client.listDevices(list);
    expect(high.clock.sleeps[1]).toBeCloseTo(199.8);
  });

  it('defaults to 3 attempts', async () => {
    const { client, requests } = setup([() => awsError('InternalErrorException', 'x', 500)], { retry: undefined });
    await expect(client.listDevices(list)).rejects.toMatchObject({ code: 'ERR_COGNITO_INTERNAL' });
    expect(requests).toHaveLength(3);
  });

  it.each([
    ['NotAuthorizedException', 'Access Token has expired', 'ERR_COGNITO_TOKEN_EXPIRED'],
    ['InvalidParameterException', 'bad', 'ERR_COGNITO_INVALID_PARAMETER'],
    ['ResourceNotFoundException', 'Device does not exist.', 'ERR_COGNITO_RESOURCE_NOT_FOUND'],
    ['UserNotFoundException', 'User does not exist.', 'ERR_COGNITO_USER_NOT_FOUND'],
  ])('never retries %s', async (name, message, code) => {
    const { client, requests, clock } = setup([() => awsError(name, message)]);
    await expect(client.listDevices(list)).rejects.toMatchObject({ code });
    expect(requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not retry a network failure of a non-idempotent call (ConfirmDevice)', async () => {
    const { client, requests } = setup([reset, () => json(200, {})]);
    await expect(client.confirmDevice({ accessToken: ACCESS_TOKEN, deviceKey: DEVICE_KEY })).rejects.toMatchObject({
      code: 'ERR_NETWORK',
    });
    expect(requests).toHaveLength(1);
  });

  it.each<[string, Responder, string]>([
    ['InternalErrorException', () => awsError('InternalErrorException', 'Internal error', 500), 'ERR_COGNITO_INTERNAL'],
    ['a bare 503', () => new Response('Service Unavailable', { status: 503 }), 'ERR_COGNITO_INTERNAL'],
  ])('does not retry %s of a non-idempotent call: it may have landed', async (_, failure, code) => {
    const { client, requests } = setup([failure, () => json(200, {})]);
    await expect(client.confirmDevice({ accessToken: ACCESS_TOKEN, deviceKey: DEVICE_KEY })).rejects.toMatchObject({
      code,
    });
    expect(requests).toHaveLength(1);
  });

  it('still retries throttling of a non-idempotent call: a throttled request never landed', async () => {
    const { client, requests } = setup([
      () => awsError('TooManyRequestsException', 'Rate exceeded'),
      () => json(200, {}),
    ]);
    await expect(client.confirmDevice({ accessToken: ACCESS_TOKEN, deviceKey: DEVICE_KEY })).resolves.toBeDefined();
    expect(requests).toHaveLength(2);
  });
});

describe('timeouts', () => {
  it('an attempt that hangs times out with ERR_TIMEOUT, and a read is retried', async () => {
    const { client, requests } = setup([hangingResponder, ok], { timeoutMs: 20 });
    await expect(client.listDevices(list)).resolves.toEqual({ devices: [] });
    expect(requests).toHaveLength(2);
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  it('gives ERR_TIMEOUT when every attempt hangs', async () => {
    const { client, requests } = setup([hangingResponder], { timeoutMs: 10, retry: { maxAttempts: 2 } });
    await expect(
      client.updateDeviceStatus({ accessToken: ACCESS_TOKEN, deviceKey: DEVICE_KEY, remembered: true }),
    ).rejects.toMatchObject({ code: 'ERR_TIMEOUT', details: { operation: 'UpdateDeviceStatus', retryable: true } });
    expect(requests).toHaveLength(2);
  });

  it('bounds how long a sent call can last: every attempt timing out, the longest backoff before each retry', () => {
    // 3 attempts of 10 s, then backoffs of at most 100 ms and 200 ms (base 100 ms, doubling, capped at 5 s).
    expect(longestCallMs()).toBe(30_300);
    expect(longestCallMs({ timeoutMs: 1_000, maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 5_000 })).toBe(
      5 * 1_000 + 1_000 + 2_000 + 4_000 + 5_000,
    );
  });

  it('does not retry a timed-out non-idempotent call', async () => {
    const { client, requests } = setup([hangingResponder], { timeoutMs: 10 });
    await expect(client.confirmDevice({ accessToken: ACCESS_TOKEN, deviceKey: DEVICE_KEY })).rejects.toMatchObject({
      code: 'ERR_TIMEOUT',
    });
    expect(requests).toHaveLength(1);
  });
});

describe('cancellation', () => {
  it('aborting a call in flight stops at once with ERR_ABORTED and no retry', async () => {
    const controller = new AbortController();
    const { client, requests } = setup([
      (r) => {
        setTimeout(() => controller.abort(), 5);
        return hangingResponder(r);
      },
      ok,
    ]);
    await expect(client.listDevices({ ...list, signal: controller.signal })).rejects.toMatchObject({
      code: 'ERR_ABORTED',
    });
    expect(requests).toHaveLength(1);
  });

  it('the client-wide signal cancels every call, before any request', async () => {
    const controller = new AbortController();
    controller.abort();
    const { client, requests } = setup([ok], { signal: controller.signal });
    await expect(client.listDevices(list)).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    expect(requests).toHaveLength(0);
  });

  it('aborting during the backoff sleep stops the retries', async () => {
    const controller = new AbortController();
    const { client, requests } = setup([() => awsError('TooManyRequestsException', 'Rate exceeded')], {
      sleep: async (_ms, signal) => {
        controller.abort();
        if (signal?.aborted) throw signal.reason;
      },
    });
    await expect(client.listDevices({ ...list, signal: controller.signal })).rejects.toMatchObject({
      code: 'ERR_ABORTED',
    });
    expect(requests).toHaveLength(1);
  });

  it('aborting while waiting for the pacer gives ERR_ABORTED without a request', async () => {
    const controller = new AbortController();
    const { client, requests } = setup([ok], {
      pacer: {
        rates: uniformRates(1),
        acquire: (_pace, signal) =>
          new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
      },
    });
    const pending = client.listDevices({ ...list, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    expect(requests).toHaveLength(0);
  });
});

describe('retried writes are safe', () => {
  const forget = { accessToken: ACCESS_TOKEN, deviceKey: DEVICE_KEY };
  const gone = () => awsError('ResourceNotFoundException', 'Device does not exist.');

  it.each<[string, Responder]>([
    ['a connection reset', reset],
    ['a timeout', hangingResponder],
    ['an internal error', () => awsError('InternalErrorException', 'x', 500)],
  ])('ForgetDevice: %s then ResourceNotFound is "already forgotten"', async (_, first) => {
    const { client, requests } = setup([first, gone], { timeoutMs: 10 });
    await expect(client.forgetDevice(forget)).resolves.toEqual({ alreadyForgotten: true });
    expect(requests).toHaveLength(2);
  });

  it('ForgetDevice: ResourceNotFound on the first attempt is a real failure', async () => {
    const { client } = setup([gone]);
    await expect(client.forgetDevice(forget)).rejects.toMatchObject({ code: 'ERR_COGNITO_RESOURCE_NOT_FOUND' });
  });

  it('ForgetDevice: throttled (never landed) then ResourceNotFound is a real failure', async () => {
    const { client } = setup([() => awsError('TooManyRequestsException', 'Rate exceeded'), gone]);
    await expect(client.forgetDevice(forget)).rejects.toMatchObject({ code: 'ERR_COGNITO_RESOURCE_NOT_FOUND' });
  });

  it('ForgetDevice: success is not "already forgotten"', async () => {
    const { client } = setup([() => json(200, {})]);
    await expect(client.forgetDevice(forget)).resolves.toEqual({ alreadyForgotten: false });
  });

  it('UpdateDeviceStatus is retried after a reset (idempotent)', async () => {
    const { client, requests } = setup([reset, () => json(200, {})]);
    await client.updateDeviceStatus({ ...forget, remembered: true });
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body).toEqual(requests[0]?.body);
  });

  it('GlobalSignOut: a reset then "revoked" means the first attempt signed out', async () => {
    const { client } = setup([reset, () => awsError('NotAuthorizedException', 'Access Token has been revoked')]);
    await expect(client.globalSignOut({ accessToken: ACCESS_TOKEN })).resolves.toBeUndefined();
  });
});

describe('errors carry facts, not secrets', () => {
  it('keeps operation, awsName, awsMessage, status and request id', async () => {
    const { client } = setup([() => awsError('NotAuthorizedException', 'Access Token does not have required scopes')]);
    const error = (await client.getUser({ accessToken: ACCESS_TOKEN }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('ERR_COGNITO_SCOPE_MISSING');
    expect(error.details).toEqual({
      operation: 'GetUser',
      awsName: 'NotAuthorizedException',
      awsMessage: 'Access Token does not have required scopes',
      httpStatus: 400,
      requestId: 'req-1',
      retryable: false,
    });
  });

  it('scrubs the access token if the service echoes it', async () => {
    const { client } = setup([
      () =>
        awsError('InvalidParameterException', `Value '${ACCESS_TOKEN}' at 'accessToken' failed to satisfy constraint`),
    ]);
    const error = (await client.listDevices(list).catch((e: unknown) => e)) as AppError;
    expect(`${error.message}${JSON.stringify(error.toJSON())}`).not.toContain(ACCESS_TOKEN);
    expect(error.details.field).toBe('accessToken');
  });
});
