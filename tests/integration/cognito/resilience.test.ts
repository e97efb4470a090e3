/**
 * Resilience against the sandbox over real HTTP: throttling under a lowered
 * quota, injected faults (InternalError, connection reset, latency beyond the
 * timeout), safe retried writes, cancellation, and the pacer keeping a
 * 200-write burst for one user free of TooManyRequests at the default quotas.
 * Nothing here asserts on wall time: outcomes are counted (attempts, retries,
 * throttles), the throttling tests step the sandbox's quota clock by hand, and
 * a held write is awaited by polling the sandbox's state. How fast the burst
 * runs is a figure of `npm run bench`.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPacer, type RetryEvent, uniformRates } from '../../../utils/cognito';
import type { AppError } from '../../../utils/errors';
import { type OpenSandbox, openSandbox, POOL_ID, user } from './sandbox';

let sandbox: OpenSandbox;
let accessToken: string;
const alice = user('alice');
const deviceKeys = alice.devices.map((d) => d.key);
const rememberedKey = alice.devices.find((d) => d.remembered)?.key as string;
const unlimited = () => createPacer({ rates: uniformRates(1e6) });
/** The sandbox's quota clock: real time unless a test sets it; buckets start empty after every reset. */
let quotaClockMs: number | undefined;
const waitLong = { timeout: 10_000, interval: 20 };

beforeAll(async () => {
  sandbox = await openSandbox({ quotaClock: () => quotaClockMs ?? performance.now() });
});
afterEach(() => {
  quotaClockMs = undefined;
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.reset();
  accessToken = (await sandbox.tokens()).AccessToken;
});

describe('throttling', () => {
  it('over a lowered quota, an unpaced client without retries meets ERR_COGNITO_TOO_MANY_REQUESTS', async () => {
    quotaClockMs = 0; // no refill while the burst is out, however slowly it goes
    await sandbox.quotas({ read: 2 });
    const client = sandbox.client({ pacer: unlimited(), retry: { maxAttempts: 1 } });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => client.listDevices({ accessToken })));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as AppError).code : 'ok'));
    expect(codes.filter((c) => c === 'ok').length).toBeLessThanOrEqual(2);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(2);
    expect(codes.filter((c) => c === 'ERR_COGNITO_TOO_MANY_REQUESTS')).toHaveLength(4);
    expect(codes).toContain('ERR_COGNITO_TOO_MANY_REQUESTS');
    const throttled = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((throttled.reason as AppError).details).toMatchObject({
      awsName: 'TooManyRequestsException',
      retryable: true,
    });
  });

  it('with backoff retries the same burst succeeds', async () => {
    quotaClockMs = 0;
    await sandbox.quotas({ read: 5 });
    const retries: RetryEvent[] = [];
    let answered = 0;
    const client = sandbox.client({
      pacer: unlimited(),
      retry: { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 2000 },
      onRetry: (e) => retries.push(e),
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        answered++;
        return response;
      },
      // The backoff: once every first attempt has its answer, a second passes for the bucket (a full burst again).
      sleep: async () => {
        await vi.waitFor(() => expect(answered).toBeGreaterThanOrEqual(8), waitLong);
        quotaClockMs = 1000;
      },
    });
    const pages = await Promise.all(Array.from({ length: 8 }, () => client.listDevices({ accessToken })));
    expect(pages.every((p) => p.devices.length > 0)).toBe(true);
    expect(retries.some((r) => r.code === 'ERR_COGNITO_TOO_MANY_REQUESTS')).toBe(true);
    // 5 of 8 fit the burst; each of the other 3 is retried once, into the refilled bucket.
    expect(retries.map((r) => [r.code, r.attempt])).toEqual(Array(3).fill(['ERR_COGNITO_TOO_MANY_REQUESTS', 1]));
    expect(retries.every((r) => r.delayMs >= 0 && r.delayMs <= 200)).toBe(true);
    expect(answered).toBe(11);
  });

  it('a pacer set to the lowered quota avoids throttling altogether', async () => {
    await sandbox.quotas({ write: 5 });
    const client = sandbox.client({
      pacer: createPacer({ rates: { UserResourceUpdate: 5 } }),
      retry: { maxAttempts: 1 },
    });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client.updateDeviceStatus({
          accessToken,
          deviceKey: deviceKeys[i % deviceKeys.length] as string,
          remembered: true,
        }),
      ),
    );
  });
});

describe('injected faults', () => {
  it('InternalError on every attempt → ERR_COGNITO_INTERNAL after 3 attempts', async () => {
    await sandbox.faults({ rate: 1, kinds: ['InternalError'], operations: ['ListDevices'] });
    const retries: RetryEvent[] = [];
    const client = sandbox.client({ retry: { baseDelayMs: 10 }, onRetry: (e) => retries.push(e) });
    const error = (await client.listDevices({ accessToken }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('ERR_COGNITO_INTERNAL');
    expect(error.details).toMatchObject({ httpStatus: 500, awsName: 'InternalErrorException', retryable: true });
    expect(retries).toHaveLength(2);
  });

  it('intermittent InternalError is absorbed by retries', async () => {
    await sandbox.faults({ rate: 0.3, kinds: ['InternalError'] });
    const client = sandbox.client({ retry: { maxAttempts: 8, baseDelayMs: 5 } });
    for (let i = 0; i < 10; i++)
      await expect(client.getUser({ accessToken })).resolves.toMatchObject({ username: 'alice' });
  });

  it('connection reset on every attempt → ERR_NETWORK', async () => {
    await sandbox.faults({ rate: 1, kinds: ['Reset'], operations: ['GetDevice'] });
    const retries: RetryEvent[] = [];
    const client = sandbox.client({ retry: { baseDelayMs: 10 }, onRetry: (e) => retries.push(e) });
    await expect(client.getDevice({ accessToken, deviceKey: rememberedKey })).rejects.toMatchObject({
      code: 'ERR_NETWORK',
    });
    expect(retries.map((r) => r.code)).toEqual(['ERR_NETWORK', 'ERR_NETWORK']);
  });

  it('a reset followed by a good answer succeeds (UpdateDeviceStatus retried, idempotent)', async () => {
    await sandbox.faults({ rate: 0.5, kinds: ['Reset'], operations: ['UpdateDeviceStatus'] });
    const client = sandbox.client({ retry: { maxAttempts: 10, baseDelayMs: 5 } });
    for (const deviceKey of deviceKeys.slice(0, 6)) {
      await client.updateDeviceStatus({ accessToken, deviceKey, remembered: false });
    }
    const devices = await sandbox.devicesOf('alice');
    expect(deviceKeys.slice(0, 6).every((k) => devices.find((d) => d.key === k)?.remembered === false)).toBe(true);
  });

  it('latency beyond the timeout → ERR_TIMEOUT', async () => {
    // Our 100 ms timer starts before the request leaves; the sandbox's 5 s hold starts when it arrives:
    // each attempt is cut by the timeout, never answered (an answer would resolve the call).
    await sandbox.faults({ rate: 1, kinds: ['Latency:5000'], operations: ['ListDevices'] });
    const retries: RetryEvent[] = [];
    const client = sandbox.client({
      timeoutMs: 100,
      retry: { maxAttempts: 2, baseDelayMs: 10 },
      onRetry: (e) => retries.push(e),
    });
    await expect(client.listDevices({ accessToken })).rejects.toMatchObject({
      code: 'ERR_TIMEOUT',
      details: { operation: 'ListDevices', retryable: true },
    });
    expect(retries.map((r) => [r.code, r.attempt])).toEqual([['ERR_TIMEOUT', 1]]);
  });

  it('latency within the timeout is just slower', async () => {
    await sandbox.faults({ rate: 1, kinds: ['Latency:50'], operations: ['ListDevices'] });
    const client = sandbox.client({ timeoutMs: 1000 });
    await expect(client.listDevices({ accessToken })).resolves.toMatchObject({ devices: expect.any(Array) });
  });
});

describe('retried writes are safe', () => {
  /** Before the retry: no more faults, and wait (polling the sandbox) until the held first attempt has landed. */
  const afterHeldAttempt = (landed: () => Promise<boolean>) => async () => {
    await sandbox.clearFaults();
    await vi.waitFor(async () => expect(await landed()).toBe(true), waitLong);
  };
  const isGone = (key: string) => async () => !(await sandbox.devicesOf('alice')).some((d) => d.key === key);

  it('ForgetDevice whose first attempt landed but timed out is reported "already forgotten"', async () => {
    // The first attempt is held by the sandbox past our timeout, then applied; the retry finds no device.
    await sandbox.faults({ rate: 1, kinds: ['Latency:300'], operations: ['ForgetDevice'] });
    const client = sandbox.client({ timeoutMs: 100, sleep: afterHeldAttempt(isGone(rememberedKey)) });
    await expect(client.forgetDevice({ accessToken, deviceKey: rememberedKey })).resolves.toEqual({
      alreadyForgotten: true,
    });
    expect((await sandbox.devicesOf('alice')).some((d) => d.key === rememberedKey)).toBe(false);
  });

  it('AdminForgetDevice the same way', async () => {
    await sandbox.faults({ rate: 1, kinds: ['Latency:300'], operations: ['AdminForgetDevice'] });
    const client = sandbox.client({ timeoutMs: 100, sleep: afterHeldAttempt(isGone(rememberedKey)) });
    await expect(
      client.adminForgetDevice({ userPoolId: POOL_ID, username: 'alice', deviceKey: rememberedKey }),
    ).resolves.toEqual({ alreadyForgotten: true });
  });

  it('UpdateDeviceStatus retried after a timeout lands exactly the requested state', async () => {
    await sandbox.faults({ rate: 1, kinds: ['Latency:300'], operations: ['UpdateDeviceStatus'] });
    const rememberedNow = async () =>
      (await sandbox.devicesOf('alice')).find((d) => d.key === rememberedKey)?.remembered;
    const retries: RetryEvent[] = [];
    const client = sandbox.client({
      timeoutMs: 100,
      onRetry: (e) => retries.push(e),
      // Both attempts have landed when the call returns: the held one before the retry is sent.
      sleep: afterHeldAttempt(async () => (await rememberedNow()) === false),
    });
    await client.updateDeviceStatus({ accessToken, deviceKey: rememberedKey, remembered: false });
    expect(retries.map((r) => r.code)).toEqual(['ERR_TIMEOUT']);
    expect((await sandbox.devicesOf('alice')).find((d) => d.key === rememberedKey)?.remembered).toBe(false);
  });
});

describe('cancellation', () => {
  it('aborting a slow call stops it at once with ERR_ABORTED', async () => {
    // The sandbox would answer after 60 s: a client that waited for the answer fails here (it resolves).
    await sandbox.faults({ rate: 1, kinds: ['Latency:60000'], operations: ['ListDevices'] });
    const controller = new AbortController();
    let attempts = 0;
    const client = sandbox.client({
      timeoutMs: 120_000,
      // Abort once the request is on its way (real fetch, real HTTP), not before it is sent.
      fetch: (input, init) => {
        attempts++;
        setTimeout(() => controller.abort(), 20);
        return fetch(input, init);
      },
    });
    await expect(client.listDevices({ accessToken, signal: controller.signal })).rejects.toMatchObject({
      code: 'ERR_ABORTED',
    });
    expect(attempts).toBe(1);
  });
});

describe('the pacer keeps bulk work under the quota', () => {
  it('a 200-write burst for one user at the default quotas (per-user 10 writes/s) sees no TooManyRequests', async () => {
    const retries: RetryEvent[] = [];
    // Default pacer (UserResourceUpdate 25/s, 10 writes/s per user: one user, so 10/s applies); one attempt
    // only, so any throttling would fail the call.
    const client = sandbox.client({ retry: { maxAttempts: 1 }, onRetry: (e) => retries.push(e) });
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        client.updateDeviceStatus({
          accessToken,
          deviceKey: deviceKeys[i % deviceKeys.length] as string,
          remembered: i % 2 === 0,
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const failures = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(failures.map((f) => (f.reason as AppError).code)).toEqual([]);
    expect(retries).toEqual([]);
    // Never above the per-user 10 writes/s (one user's burst) (a slow machine only lowers the rate). How close to it the burst
    // gets (target: at least 0.9 of it) is measured by `npm run bench`, not asserted here.
    const throughput = 200 / seconds;
    expect(throughput).toBeLessThanOrEqual(10.1);
  }, 40_000);
});
