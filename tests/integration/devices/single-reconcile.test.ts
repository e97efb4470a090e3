/**
 * A single "don't remember" whose worker stopped during the call (issue 17):
 * the next worker marks its entry interrupted, and the account's next listing
 * checks it with GetDevice against the real sandbox and settles it as what
 * Cognito shows: done when the change landed, failed in words when it never
 * left. Nothing is sent again.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CognitoClient } from '../../../utils/cognito';
import { IN_FLIGHT_WINDOW_MS } from '../../../utils/devices/reconcile-single';
import { createDeviceService } from '../../../utils/devices/service';
import { openHistory } from '../../../utils/history/store';
import { bulkUserDevices, bulkUserSession, openQuotaSandbox, type QuotaSandbox } from '../quota/scenarios';

const never = () => new Promise<never>(() => {});

let env: QuotaSandbox;
beforeAll(async () => {
  env = await openQuotaSandbox(4);
});
afterAll(() => env.close());

describe('an interrupted single action', () => {
  it('is checked at the next listing and recorded as what Cognito shows, never re-sent', async () => {
    await env.route('DELETE', '/_sandbox/requests');
    const session = await bulkUserSession(env);
    const [landedKey, lostKey] = (await bulkUserDevices(env)).map((d) => d.key);
    if (!landedKey || !lostKey) throw new Error('the scale seed has devices');
    const idb = new IDBFactory();

    // Worker 1: the first call reaches Cognito but its answer is lost; the second never leaves.
    const history1 = await openHistory({ indexedDB: idb });
    const context1 = env.context();
    let landed: () => void = () => {};
    const sent = new Promise<void>((resolve) => {
      landed = resolve;
    });
    const worker1 = createDeviceService({
      sessions: { get: async () => session },
      cognito: async (endpoint) => {
        const real = await context1.cognito({ endpoint });
        return {
          ...real,
          updateDeviceStatus: async (input) => {
            if (input.deviceKey !== landedKey) return never();
            await real.updateDeviceStatus(input);
            landed();
            return never();
          },
        } as CognitoClient;
      },
      endpointOverride: context1.endpointOverride,
      history: async () => history1,
      publishBulk: async () => {},
    });
    void worker1.act({ sessionId: 's1', device: { key: landedKey, remembered: true }, action: 'notRemember' });
    void worker1.act({ sessionId: 's1', device: { key: lostKey, remembered: true }, action: 'notRemember' });
    await sent;
    await new Promise((r) => setTimeout(r, 100));

    // Worker 2, once the calls can no longer land: the history marks both interrupted; the next listing checks them.
    const history2 = await openHistory({ indexedDB: idb });
    expect(await history2.markInterrupted()).toBe(2);
    const context2 = env.context();
    const deferred: Promise<void>[] = [];
    const worker2 = createDeviceService({
      sessions: { get: async () => session },
      cognito: (endpoint) => context2.cognito({ endpoint }),
      endpointOverride: context2.endpointOverride,
      history: async () => history2,
      publishBulk: async () => {},
      defer: (task) => void deferred.push(task()),
      now: () => Date.now() + IN_FLIGHT_WINDOW_MS,
    });
    await worker2.list({ sessionId: 's1' });
    await Promise.all(deferred);

    const entries = await history2.list();
    const of = (key: string) => entries.find((e) => e.action === 'device.notRemember' && e.target?.deviceKey === key);
    // Landed: done, with what the check found (a user's GetDevice no longer sees a not-remembered device).
    expect(of(landedKey)).toMatchObject({
      outcome: 'ok',
      statusAfter: 'not_remembered',
      reconciled: { found: 'unlisted' },
    });
    // Never left: failed, in words, with the status Cognito shows; not sent again.
    expect(of(lostKey)).toMatchObject({
      outcome: 'failed',
      statusAfter: 'remembered',
      reconciled: { found: 'remembered' },
      error: { code: 'ERR_ACTION_INTERRUPTED' },
    });
    expect(of(lostKey)?.error?.message).toMatch(/Nothing was sent again/);
    expect(entries.filter((e) => e.outcome === 'pending' || e.outcome === 'interrupted')).toEqual([]);
    expect((await env.counts('UpdateDeviceStatus')).total).toBe(1);
    expect((await env.counts('GetDevice')).total).toBe(2);

    // A second listing finds nothing left to check.
    deferred.length = 0;
    await worker2.list({ sessionId: 's1' });
    await Promise.all(deferred);
    expect((await env.counts('GetDevice')).total).toBe(2);
  }, 30_000);
});
