/**
 * A user's bulk "don't remember" against the real sandbox over loopback, cut
 * short mid-run as a worker stop would (the first service's calls, history
 * writes and plan writes stop; answers of calls already sent are lost), then
 * resumed by a fresh service over the same storage.local plan and the same
 * IndexedDB history. Ends with one entry per asked-for change and the
 * sandbox's devices as asked; in-flight calls are checked, not re-sent.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CognitoClient } from '../../../utils/cognito';
import { createDeviceService } from '../../../utils/devices/service';
import { type HistoryStore, openHistory } from '../../../utils/history/store';
import type { BulkJobSnapshot } from '../../../utils/storage';
import { bulkUserDevices, bulkUserSession, openQuotaSandbox, type QuotaSandbox } from '../quota/scenarios';

const DEVICES = 20;
const CUT_AT_CALL = 8;
const never = () => new Promise<never>(() => {});

let env: QuotaSandbox;
beforeAll(async () => {
  env = await openQuotaSandbox(DEVICES);
});
afterAll(() => env.close());

const bulkUserState = () => bulkUserDevices(env);

describe('bulk run survives a worker stop', () => {
  it('resumes by itself: pending items run, in-flight items checked before anything is re-sent', async () => {
    await env.route('DELETE', '/_sandbox/requests');
    const session = await bulkUserSession(env);
    const keys = (await bulkUserState()).map((d) => d.key);
    expect(keys).toHaveLength(DEVICES);
    const idb = new IDBFactory();
    /** storage.local's `bulkJob` item, shared by both workers. */
    let stored: BulkJobSnapshot | null = null;

    // Worker 1: dies when its CUT_AT_CALL-th call has been sent.
    let dead = false;
    let sent = 0;
    /** The devices whose call worker 1 sent (it reached the sandbox; its answer may be lost). */
    const sentKeys = new Set<string>();
    let cut: () => void = () => {};
    const died = new Promise<void>((resolve) => {
      cut = resolve;
    });
    const history1 = await openHistory({ indexedDB: idb });
    const deadHistory = new Proxy(history1, {
      get: (target, prop) => {
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function'
          ? (...args: unknown[]) => (dead ? never() : value.apply(target, args))
          : value;
      },
    }) as HistoryStore;
    const context1 = env.context();
    const worker1 = createDeviceService({
      sessions: { get: async () => session },
      cognito: async (endpoint) => {
        const real = await context1.cognito({ endpoint });
        return {
          ...real,
          listAllDevices: real.listAllDevices,
          getDevice: real.getDevice,
          forgetDevice: real.forgetDevice,
          updateDeviceStatus: async (input) => {
            if (dead) return never();
            sent++;
            sentKeys.add(input.deviceKey);
            const call = real.updateDeviceStatus(input);
            if (sent === CUT_AT_CALL) {
              dead = true;
              cut();
            }
            await call;
            // The answer reached a worker that is gone.
            if (dead) return never();
          },
        } as CognitoClient;
      },
      endpointOverride: context1.endpointOverride,
      history: async () => deadHistory,
      publishBulk: async (snapshot) => {
        if (!dead) stored = structuredClone(snapshot);
      },
    });
    await worker1.startBulk({ devices: keys.map((key) => ({ key, remembered: true })), action: 'notRemember' });
    await died;
    // Let the calls already sent reach the sandbox.
    await new Promise((r) => setTimeout(r, 300));
    const plan = stored as BulkJobSnapshot | null;
    expect(plan?.state).toBe('running');
    const inFlightKeys = plan?.items.filter((i) => i.outcome === 'inFlight').map((i) => i.key) ?? [];
    const inFlight = inFlightKeys.length;
    // In flight and sent: the change reached Cognito, only its answer was lost.
    const landed = inFlightKeys.filter((key) => sentKeys.has(key));
    expect(landed.length).toBeGreaterThan(0);
    expect(plan?.items.filter((i) => i.outcome === 'pending').length).toBeGreaterThan(0);

    // Worker 2: a fresh service over the same storage and history.
    const history2 = await openHistory({ indexedDB: idb });
    await history2.markInterrupted();
    const context2 = env.context();
    const worker2 = createDeviceService({
      sessions: { get: async () => session },
      cognito: (endpoint) => context2.cognito({ endpoint }),
      endpointOverride: context2.endpointOverride,
      history: async () => history2,
      publishBulk: async (snapshot) => {
        stored = structuredClone(snapshot);
      },
      currentBulk: async () => stored,
    });
    await worker2.recoverBulk();

    const final = stored as BulkJobSnapshot | null;
    expect(final?.state).toBe('done');
    // The landed ones are reconciled (checked, not re-sent); an in-flight one never sent is sent now.
    expect(
      final?.items
        .filter((i) => i.outcome === 'reconciled')
        .map((i) => i.key)
        .sort(),
    ).toEqual([...landed].sort());
    expect(final?.items.every((i) => i.outcome === 'ok' || i.outcome === 'reconciled')).toBe(true);

    // One entry per asked-for change, all settled ok with the status Cognito shows, under the one parent.
    const entries = await history2.list();
    const children = entries.filter((e) => e.parentId === final?.parentId);
    expect(children.map((e) => e.target?.deviceKey).sort()).toEqual([...keys].sort());
    expect(children.every((e) => e.outcome === 'ok' && e.statusAfter === 'not_remembered')).toBe(true);
    // What the check found is on the entry: a user token's GetDevice no longer sees a not-remembered device.
    const checked = children.filter((e) => e.reconciled !== undefined);
    expect(checked.map((e) => e.target?.deviceKey).sort()).toEqual([...landed].sort());
    expect(checked.every((e) => e.reconciled?.found === 'unlisted')).toBe(true);
    expect(entries.filter((e) => e.outcome === 'pending' || e.outcome === 'interrupted')).toEqual([]);
    expect(entries.find((e) => e.id === final?.parentId)).toMatchObject({ action: 'bulk.run', outcome: 'ok' });

    // The sandbox: every device not remembered; each change sent once; each in-flight one checked once.
    expect((await bulkUserState()).every((d) => d.remembered === false)).toBe(true);
    expect((await env.counts('UpdateDeviceStatus')).total).toBe(DEVICES);
    expect((await env.counts('GetDevice')).total).toBe(inFlight);
  }, 60_000);
});
