/** Which interrupted entries the next listing checks, and what it says when a change is not in place. */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Device } from '../../../utils/cognito';
import {
  awaitingCheck,
  IN_FLIGHT_WINDOW_MS,
  notInPlaceWords,
  reconcileInterrupted,
} from '../../../utils/devices/reconcile-single';
import { AppError } from '../../../utils/errors';
import { openHistory } from '../../../utils/history/store';
import type { HistoryEntry } from '../../../utils/history/types';

const entry = (over: Partial<HistoryEntry>): HistoryEntry =>
  ({
    id: 1,
    time: 0,
    action: 'device.notRemember',
    mode: 'user',
    actor: { pool: 'us-east-1_P', username: 'alice' },
    actorKey: 'us-east-1_P|alice',
    target: { deviceKey: 'us-east-1_a' },
    outcome: 'interrupted',
    ...over,
  }) as HistoryEntry;

describe('awaitingCheck', () => {
  it('takes interrupted single device actions only', () => {
    const picked = awaitingCheck([
      entry({ id: 1 }),
      entry({ id: 2, action: 'device.forget' }),
      entry({ id: 3, parentId: 9 }), // a bulk run's step: the run resumes it
      entry({ id: 4, outcome: 'ok' }),
      entry({ id: 5, reconciled: { found: 'remembered', at: 1 } }),
      entry({ id: 6, action: 'device.list' }),
      entry({ id: 7, target: {} }),
    ]);
    expect(picked.map((p) => [p.entry.id, p.action, p.key])).toEqual([
      [1, 'notRemember', 'us-east-1_a'],
      [2, 'forget', 'us-east-1_a'],
    ]);
  });
});

describe('notInPlaceWords', () => {
  it('says a forget a user token cannot confirm is to be done again, and that nothing was re-sent otherwise', () => {
    expect(notInPlaceWords('forget', 'unlisted')).toMatch(/forget it again to be sure/);
    expect(notInPlaceWords('remember', 'not_remembered')).toMatch(/Nothing was sent again/);
  });
});

describe('reconcileInterrupted', () => {
  it('finds an older interrupted forget behind many newer interrupted entries of other kinds', async () => {
    let time = Date.UTC(2026, 11, 3);
    const history = await openHistory({ indexedDB: new IDBFactory(), now: () => (time += 1000) });
    const actor = { pool: 'us-east-1_P', username: 'alice' };
    const forget = await history.begin({
      action: 'device.forget',
      mode: 'user',
      actor,
      target: { deviceKey: 'us-east-1_old' },
      statusBefore: 'not_remembered',
    });
    for (let i = 0; i < 30; i += 1) await history.begin({ action: 'session.refresh', mode: 'user', actor });
    for (let i = 0; i < 25; i += 1)
      await history.begin({
        action: 'device.remember',
        mode: 'user',
        actor,
        target: { deviceKey: 'us-east-1_x' },
        parentId: 1,
      });
    await history.markInterrupted();
    const asked: string[] = [];
    const settled = await reconcileInterrupted({
      history,
      account: actor,
      getDevice: async (key): Promise<Device> => {
        asked.push(key);
        throw new AppError('ERR_COGNITO_RESOURCE_NOT_FOUND');
      },
      now: () => time + IN_FLIGHT_WINDOW_MS,
    });
    expect(settled).toBe(1);
    expect(asked).toEqual(['us-east-1_old']);
    const entry = (await history.list()).find((e) => e.id === forget);
    expect(entry).toMatchObject({
      outcome: 'failed',
      reconciled: { found: 'unlisted' },
      error: { code: 'ERR_ACTION_INTERRUPTED' },
    });
    expect(entry?.error?.message).toMatch(/forget it again to be sure/);
  });

  it('leaves a change found not in place for a later listing while its call may still land; in place settles at once', async () => {
    let time = Date.UTC(2026, 11, 4);
    const history = await openHistory({ indexedDB: new IDBFactory(), now: () => time });
    const actor = { pool: 'us-east-1_P', username: 'alice' };
    const draft = { action: 'device.notRemember', mode: 'user', actor, statusBefore: 'remembered' } as const;
    const held = await history.begin({ ...draft, target: { deviceKey: 'us-east-1_held' } });
    const landed = await history.begin({ ...draft, target: { deviceKey: 'us-east-1_landed' } });
    await history.markInterrupted();
    const remembered = new Set(['us-east-1_held']);
    const getDevice = async (key: string): Promise<Device> => {
      if (!remembered.has(key)) throw new AppError('ERR_COGNITO_RESOURCE_NOT_FOUND');
      return { key, remembered: true, attributes: [] };
    };
    const check = () => reconcileInterrupted({ history, account: actor, getDevice, now: () => time });
    const outcomeOf = async (id: number) => (await history.list()).find((e) => e.id === id);

    time += 5_000;
    expect(await check()).toBe(1);
    expect(await outcomeOf(landed)).toMatchObject({ outcome: 'ok', reconciled: { found: 'unlisted' } });
    expect(await outcomeOf(held)).toMatchObject({ outcome: 'interrupted' });
    expect((await outcomeOf(held))?.reconciled).toBeUndefined();

    time += IN_FLIGHT_WINDOW_MS;
    expect(await check()).toBe(1);
    expect(await outcomeOf(held)).toMatchObject({
      outcome: 'failed',
      reconciled: { found: 'remembered' },
      error: { code: 'ERR_ACTION_INTERRUPTED' },
    });
  });

  it('reads the interrupted entries only: a long settled log of the account is not walked, another account is not checked', async () => {
    let time = Date.UTC(2026, 11, 5);
    const history = await openHistory({ indexedDB: new IDBFactory(), now: () => (time += 1000) });
    const alice = { pool: 'us-east-1_P', username: 'alice' };
    const bob = { pool: 'us-east-1_P', username: 'bob' };
    const draft = { action: 'device.forget', mode: 'user', statusBefore: 'not_remembered' } as const;
    await history.begin({ ...draft, actor: bob, target: { deviceKey: 'us-east-1_bobs' } });
    const mine = await history.begin({ ...draft, actor: alice, target: { deviceKey: 'us-east-1_mine' } });
    await history.markInterrupted();
    for (let i = 0; i < 300; i += 1)
      await history.recordAction(
        { ...draft, actor: alice, target: { deviceKey: `us-east-1_k${i}` } },
        async () => undefined,
      );
    const queries: object[] = [];
    const counted = {
      ...history,
      query: (q: Parameters<typeof history.query>[0]) => {
        queries.push(q);
        return history.query(q);
      },
    };
    const asked: string[] = [];
    const settled = await reconcileInterrupted({
      history: counted,
      account: alice,
      getDevice: async (key): Promise<Device> => {
        asked.push(key);
        throw new AppError('ERR_COGNITO_RESOURCE_NOT_FOUND');
      },
      now: () => time,
    });
    expect(settled).toBe(1);
    expect(asked).toEqual(['us-east-1_mine']);
    expect((await history.list()).find((e) => e.id === mine)).toMatchObject({ reconciled: { found: 'unlisted' } });
    // One page of alice's interrupted entries: not one walk per action of her 300 settled ones.
    expect(queries).toEqual([{ outcome: 'interrupted', actor: alice, mode: 'user', limit: 500 }]);
  });
});
