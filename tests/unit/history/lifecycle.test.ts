import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../utils/errors';
import { ALICE, createTestClock, deviceDraft, openTestHistory } from './fixtures';

describe('write-ahead lifecycle', () => {
  it('writes pending before the call and settles it after, with duration', async () => {
    const { store, clock } = await openTestHistory();
    const id = await store.begin(deviceDraft());
    const [pending] = (await store.query({ limit: 10 })).entries;
    expect(pending).toMatchObject({ id, outcome: 'pending', time: clock.now(), action: 'device.notRemember' });
    expect(pending?.finishedAt).toBeUndefined();

    clock.advance(250);
    await store.complete(id, { outcome: 'ok', requestId: 'req-1', attempts: 2 });
    const [done] = (await store.query({ limit: 10 })).entries;
    expect(done).toMatchObject({
      id,
      outcome: 'ok',
      durationMs: 250,
      requestId: 'req-1',
      attempts: 2,
      statusBefore: 'remembered',
      statusAfter: 'not_remembered',
    });
  });

  it('recordAction: the entry is pending while the action runs, and no transaction is open around it', async () => {
    const { store, clock } = await openTestHistory();
    const result = await store.recordAction(
      deviceDraft({ action: 'device.remember' }),
      async (id) => {
        const during = await store.query({ limit: 1 });
        expect(during.entries[0]).toMatchObject({ id, outcome: 'pending' });
        // The store stays writable while the "network call" awaits: nothing holds a transaction.
        await new Promise((resolve) => setTimeout(resolve, 5));
        await store.noteListedDevices(ALICE, []);
        clock.advance(40);
        return { requestId: 'req-ok' };
      },
      (r) => ({ requestId: r.requestId, attempts: 1 }),
    );
    expect(result).toEqual({ requestId: 'req-ok' });
    const [entry] = (await store.query({ limit: 1 })).entries;
    expect(entry).toMatchObject({
      outcome: 'ok',
      requestId: 'req-ok',
      attempts: 1,
      durationMs: 40,
      statusAfter: 'remembered',
    });
  });

  it.each([
    [
      'an AppError keeps its code and request id',
      new AppError('ERR_COGNITO_NOT_AUTHORIZED', 'Access Token has been revoked', { details: { requestId: 'req-x' } }),
      'ERR_COGNITO_NOT_AUTHORIZED',
      'req-x',
    ],
    ['anything else becomes ERR_INTERNAL', new TypeError('boom'), 'ERR_INTERNAL', undefined],
  ])('recordAction records a failure and rethrows it: %s', async (_name, thrown, code, requestId) => {
    const { store } = await openTestHistory();
    await expect(store.recordAction(deviceDraft(), async () => Promise.reject(thrown))).rejects.toBe(thrown);
    const [entry] = (await store.query({ limit: 1 })).entries;
    expect(entry?.outcome).toBe('failed');
    expect(entry?.error?.code).toBe(code);
    expect(entry?.requestId).toBe(requestId);
    expect(entry?.statusAfter).toBeUndefined();
  });

  it('a failure message that carries a secret is not kept: the store keeps the code, the page says its words', async () => {
    const { store } = await openTestHistory();
    const jwt = `${btoa('{"alg":"RS256"}')}.eyJzdWIiOiJ4In0.c2lnbmF0dXJl`;
    await expect(
      store.recordAction(deviceDraft(), async () => {
        throw new AppError('ERR_COGNITO_INVALID_PARAMETER', `Value '${jwt}' failed`);
      }),
    ).rejects.toBeInstanceOf(AppError);
    const [entry] = (await store.query({ limit: 1 })).entries;
    expect(entry?.error?.code).toBe('ERR_COGNITO_INVALID_PARAMETER');
    expect(JSON.stringify(entry)).not.toContain(jwt);
    expect(entry?.error?.message).toBe('');
  });

  it('a completion whose message is only its code is kept empty too', async () => {
    const { store } = await openTestHistory();
    const id = await store.begin(deviceDraft());
    await store.complete(id, { outcome: 'failed', error: { code: 'ERR_NETWORK', message: 'ERR_NETWORK' } });
    const [entry] = (await store.query({ limit: 1 })).entries;
    expect(entry?.error).toEqual({ code: 'ERR_NETWORK', message: '' });
  });

  it('keeps a failure’s own message, and no words for a message that is only its code', async () => {
    const { store } = await openTestHistory();
    await store.recordAction(deviceDraft(), async () => Promise.reject(new AppError('ERR_NETWORK'))).catch(() => 0);
    await store
      .recordAction(deviceDraft(), async () =>
        Promise.reject(new AppError('ERR_COGNITO_UNKNOWN', 'Pool is being deleted')),
      )
      .catch(() => 0);
    const { entries } = await store.query({ limit: 2 });
    expect(entries.map((e) => e.error)).toEqual([
      { code: 'ERR_COGNITO_UNKNOWN', message: 'Pool is being deleted' },
      { code: 'ERR_NETWORK', message: '' },
    ]);
  });

  it('marks entries left pending by a previous run as interrupted, and only those', async () => {
    const clock = createTestClock();
    const { store, factory } = await openTestHistory(clock);
    const first = await store.begin(deviceDraft());
    const second = await store.begin(deviceDraft({ action: 'device.forget' }));
    const settled = await store.begin(deviceDraft({ action: 'device.remember' }));
    await store.complete(settled, { outcome: 'ok' });
    store.close();

    // The extension starts again: a new connection to the same database.
    const { openHistory } = await import('../../../utils/history/store');
    clock.advance(60_000);
    const restarted = await openHistory({ indexedDB: factory, now: clock.now });
    expect(await restarted.markInterrupted()).toBe(2);
    expect(await restarted.markInterrupted()).toBe(0);
    const byId = new Map((await restarted.list()).map((e) => [e.id, e]));
    expect(byId.get(first)).toMatchObject({ outcome: 'interrupted', finishedAt: clock.now() });
    expect(byId.get(second)?.outcome).toBe('interrupted');
    expect(byId.get(settled)?.outcome).toBe('ok');
    expect(await restarted.count({ outcome: 'pending' })).toBe(0);
    expect(await restarted.count({ outcome: 'interrupted' })).toBe(2);
  });

  it('bulk runs: child entries point at their parent, which carries the counts', async () => {
    const { store } = await openTestHistory();
    const parent = await store.begin({ action: 'bulk.run', mode: 'user', actor: ALICE });
    for (const [i, ok] of [true, false, true].entries()) {
      const child = await store.begin(
        deviceDraft({ parentId: parent, target: { deviceKey: `us-east-1_k${i}`, deviceName: `D${i}` } }),
      );
      await store.complete(
        child,
        ok
          ? { outcome: 'ok' }
          : { outcome: 'failed', error: { code: 'ERR_COGNITO_TOO_MANY_REQUESTS', message: 'Rate exceeded' } },
      );
    }
    await store.complete(parent, { outcome: 'ok', counts: { total: 3, ok: 2, failed: 1 } });
    const children = await store.query({ parentId: parent, limit: 10 });
    expect(children.entries.map((e) => e.target?.deviceKey)).toEqual(['us-east-1_k2', 'us-east-1_k1', 'us-east-1_k0']);
    const [top] = (await store.query({ action: 'bulk.run', limit: 1 })).entries;
    expect(top?.counts).toEqual({ total: 3, ok: 2, failed: 1 });
  });

  it('completing an unknown entry fails with ERR_HISTORY_WRITE_FAILED; recordAction reports it without failing the action', async () => {
    const onWriteError = vi.fn();
    const { store } = await openTestHistory(undefined, { onWriteError });
    await expect(store.complete(999, { outcome: 'ok' })).rejects.toMatchObject({ code: 'ERR_HISTORY_WRITE_FAILED' });
    const result = await store.recordAction(deviceDraft(), async () => {
      await store.clear();
      return 'done';
    });
    expect(result).toBe('done');
    expect(onWriteError).toHaveBeenCalledWith(expect.objectContaining({ code: 'ERR_HISTORY_WRITE_FAILED' }));
  });

  it('notifies subscribers of changes until they unsubscribe', async () => {
    const { store } = await openTestHistory();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const id = await store.begin(deviceDraft());
    await store.complete(id, { outcome: 'ok' });
    unsubscribe();
    await store.clear();
    expect(listener.mock.calls.map(([change]) => change.type)).toEqual(['begin', 'complete']);
  });
});

describe('validation', () => {
  it.each([
    ['unknown action', { action: 'device.delete' }, 'ERR_INVALID_INPUT'],
    ['unknown mode', { mode: 'root' }, 'ERR_INVALID_INPUT'],
    ['admin action in user mode', { action: 'admin.device.forget', mode: 'user' }, 'ERR_INVALID_INPUT'],
    ['missing pool', { actor: { pool: '' } }, 'ERR_INVALID_INPUT'],
  ])('begin refuses %s', async (_name, overrides, code) => {
    const { store } = await openTestHistory();
    await expect(store.begin(deviceDraft(overrides as never))).rejects.toMatchObject({ code });
    expect(await store.count()).toBe(0);
  });

  it.each([
    ['an unknown outcome', { outcome: 'pending' }],
    ['a failure without its error', { outcome: 'failed' }],
  ])('complete refuses %s', async (_name, completion) => {
    const { store } = await openTestHistory();
    const id = await store.begin(deviceDraft());
    await expect(store.complete(id, completion as never)).rejects.toMatchObject({ code: 'ERR_INVALID_INPUT' });
  });

  it('stores only the named fields of a draft', async () => {
    const { store } = await openTestHistory();
    const draft = { ...deviceDraft(), accessToken: 'not-a-field', actor: { ...ALICE, password: 'hunter2' } };
    await store.begin(draft as never);
    const stored = JSON.stringify((await store.query({ limit: 1 })).entries);
    expect(stored).not.toContain('not-a-field');
    expect(stored).not.toContain('hunter2');
  });
});
