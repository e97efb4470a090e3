/**
 * Quotas (token buckets per pool and category) and injected faults of the
 * sandbox: a burst over the quota answers TooManyRequestsException and
 * recovers; each fault kind behaves as documented; a fault never leaves a
 * change half applied.
 */
import {
  AdminGetDeviceCommand,
  ListDevicesCommand,
  UpdateDeviceStatusCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeEach, describe, expect, it } from 'vitest';
import { createQuotaLimiter } from '../../../sandbox/quota';
import {
  adminClient,
  expectCognitoError,
  mint,
  POOL_ID,
  rememberedOf,
  sandboxCall,
  userClient,
  useSandbox,
} from './helpers';

let token: string;
// One user sends every request here: the per-user limit (10 reads/s) is raised so that these tests
// measure the category buckets. tests/integration/sandbox/quotas.test.ts covers the per-user limits.
const sandbox = useSandbox({ resetEach: true, quotas: { PerUserRead: 1000, PerUserWrite: 1000 } });
beforeEach(async () => {
  token = (await mint(sandbox.endpoint, {})).AccessToken;
});

const list = (endpoint = sandbox.endpoint) => userClient(endpoint).send(new ListDevicesCommand({ AccessToken: token }));
const settle = (calls: Promise<unknown>[]) => Promise.allSettled(calls);

describe('quotas', () => {
  // The buckets read a clock only the test moves: throttling is the same however slowly requests go out.
  let clockMs = 0;
  // As above, the per-user limits are raised: these tests measure the category buckets.
  const quoted = useSandbox({
    resetEach: true,
    quotaClock: () => clockMs,
    quotas: { PerUserRead: 1000, PerUserWrite: 1000 },
  });
  beforeEach(async () => {
    token = (await mint(quoted.endpoint, {})).AccessToken;
  });

  it('a burst over the read quota answers TooManyRequestsException "Rate exceeded", then recovers', async () => {
    expect((await sandboxCall(quoted.endpoint, 'PUT', '/_sandbox/quotas', { read: 5, write: 5 })).status).toBe(200);
    const results = await settle(Array.from({ length: 20 }, () => list(quoted.endpoint)));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const throttled = results.filter(
      (r) => r.status === 'rejected' && (r.reason as Error).name === 'TooManyRequestsException',
    );
    expect(ok).toBe(5);
    expect(throttled.length).toBe(20 - ok);
    const err = (throttled[0] as PromiseRejectedResult).reason as Error & { $metadata: { httpStatusCode: number } };
    expect(err.message).toBe('Rate exceeded');
    expect(err.$metadata.httpStatusCode).toBe(400);
    // Writes have their own bucket.
    const key = rememberedOf('alice')[0]?.key;
    await userClient(quoted.endpoint).send(
      new UpdateDeviceStatusCommand({ AccessToken: token, DeviceKey: key, DeviceRememberedStatus: 'remembered' }),
    );
    // No time has passed for the buckets: still throttled; 200 ms refill one read (5/s); a second refills the burst.
    await expectCognitoError(list(quoted.endpoint), 'TooManyRequestsException');
    clockMs += 200;
    const refilled = await settle([list(quoted.endpoint), list(quoted.endpoint)]);
    expect(refilled.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    clockMs += 1000;
    const recovered = await settle(Array.from({ length: 6 }, () => list(quoted.endpoint)));
    expect(recovered.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
  });

  it('default read quota (50/s) lets 50 requests through in one burst, and no more', async () => {
    const results = await settle(Array.from({ length: 51 }, () => list(quoted.endpoint)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
  });

  it('token bucket: burst of one second, refill proportional to time', () => {
    let t = 0;
    const q = createQuotaLimiter({ read: 10 }, () => t);
    const burst = Array.from({ length: 12 }, () => q.take('p', 'read'));
    expect(burst.filter(Boolean)).toHaveLength(10);
    t += 250;
    expect([q.take('p', 'read'), q.take('p', 'read'), q.take('p', 'read')]).toEqual([true, true, false]);
    expect(q.take('other-pool', 'read')).toBe(true);
  });

  it('refuses a bad quota body', async () => {
    expect((await sandboxCall(quoted.endpoint, 'PUT', '/_sandbox/quotas', { read: -1 })).status).toBe(400);
    expect((await sandboxCall(quoted.endpoint, 'PUT', '/_sandbox/quotas', { bogus: 1 })).status).toBe(400);
  });
});

describe('faults', () => {
  const setFaults = (body: unknown) => sandboxCall(sandbox.endpoint, 'PUT', '/_sandbox/faults', body);

  it('InternalError → HTTP 500 InternalErrorException', async () => {
    await setFaults({ rate: 1, kinds: ['InternalError'] });
    await expectCognitoError(list(), 'InternalErrorException', 500);
  });

  it('TooManyRequests → TooManyRequestsException', async () => {
    await setFaults({ rate: 1, kinds: ['TooManyRequests'] });
    await expectCognitoError(list(), 'TooManyRequestsException');
  });

  it('Reset destroys the connection', async () => {
    await setFaults({ rate: 1, kinds: ['Reset'] });
    await expect(list()).rejects.toThrow(/socket hang up|ECONNRESET|aborted/i);
  });

  it('Latency:N delays a normal answer by N ms', async () => {
    await setFaults({ rate: 1, kinds: ['Latency:300'] });
    const started = Date.now();
    await expect(list()).resolves.toBeTruthy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('operations limits the faults to those operations; DELETE removes them; rate 0 never fires', async () => {
    await setFaults({ rate: 1, kinds: ['InternalError'], operations: ['GetDevice'] });
    await expect(list()).resolves.toBeTruthy();
    await sandboxCall(sandbox.endpoint, 'DELETE', '/_sandbox/faults');
    await setFaults({ rate: 0, kinds: ['InternalError'] });
    await expect(list()).resolves.toBeTruthy();
  });

  it('a fault never leaves a change half applied', async () => {
    const key = rememberedOf('alice')[0]?.key;
    const update = () =>
      userClient(sandbox.endpoint).send(
        new UpdateDeviceStatusCommand({ AccessToken: token, DeviceKey: key, DeviceRememberedStatus: 'not_remembered' }),
      );
    const status = async () =>
      (
        await adminClient(sandbox.endpoint).send(
          new AdminGetDeviceCommand({ UserPoolId: POOL_ID, Username: 'alice', DeviceKey: key }),
        )
      ).Device;
    const before = await status();
    for (const kind of ['Reset', 'InternalError', 'TooManyRequests']) {
      await setFaults({ rate: 1, kinds: [kind], operations: ['UpdateDeviceStatus'] });
      await expect(update()).rejects.toBeTruthy();
      expect(await status()).toEqual(before);
    }
    // Under a 50 % mix, every answered success is applied and every failure is not.
    await setFaults({ rate: 0.5, kinds: ['Reset', 'InternalError'], operations: ['UpdateDeviceStatus'] });
    let applied = false;
    for (let i = 0; i < 20 && !applied; i++) {
      const r = await update().then(
        () => true,
        () => false,
      );
      const remembered = (await status())?.DeviceAttributes?.find(
        (a) => a.Name === 'dev:device_remembered_status',
      )?.Value;
      expect(remembered).toBe(r ? 'not_remembered' : 'remembered');
      applied = r;
    }
    expect(applied).toBe(true);
  });

  it.each([
    [{ rate: 2, kinds: ['Reset'] }],
    [{ rate: 0.5, kinds: [] }],
    [{ rate: 0.5, kinds: ['Explode'] }],
    [{ rate: 0.5, kinds: ['Latency:abc'] }],
    [{ rate: 0.5, kinds: ['Reset'], operations: 'ListDevices' }],
  ])('refuses a bad fault body %j', async (body) => {
    expect((await setFaults(body)).status).toBe(400);
  });
});
