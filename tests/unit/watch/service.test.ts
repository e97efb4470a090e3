/**
 * Watch's checks (utils/watch/service.ts) over the real device service and a real
 * history store (fake IndexedDB), with a fake Cognito: the first check is the
 * baseline, a new device becomes one `watch.newDevice` entry, a notification
 * when alerts are on, and a badge count; an unusable session stops the watch
 * once with its reason; a passing trouble keeps it on; a locked screen skips.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CognitoClient, Device } from '../../../utils/cognito';
import { createDeviceService } from '../../../utils/devices/service';
import { AppError } from '../../../utils/errors';
import { type HistoryStore, openHistory } from '../../../utils/history/store';
import type { Session } from '../../../utils/session/types';
import { NO_WATCH, type WatchState } from '../../../utils/storage-watch';
import { createWatchService, notificationId, parseNotificationId, type WatchDeps } from '../../../utils/watch/service';
import { setWatching } from '../../../utils/watch/state';
import { deviceSession, NOW } from '../devices/fixtures';
import { listingWithMemory } from './listing';

const device = (key: string, name: string, lastIp: string, signedIn = NOW - 3_600_000): Device =>
  ({
    key,
    name,
    remembered: true,
    lastIp,
    createdAt: new Date(signedIn),
    lastAuthenticatedAt: new Date(signedIn),
    attributes: [],
  }) as unknown as Device;

describe('Watch checks a watched session’s devices', () => {
  let history: HistoryStore;
  let devices: Device[];
  let listCalls: number;
  let failWith: AppError | undefined;
  let state: WatchState;
  let notes: { id: string; title: string; message: string }[];
  let badge: string;
  let idle: 'active' | 'idle' | 'locked';
  let time: number;
  let session: Session;

  function deps(): WatchDeps {
    const cognito = {
      async *listAllDevices() {
        listCalls++;
        if (failWith) throw failWith;
        yield* devices;
      },
      async getDevice() {
        throw new AppError('ERR_COGNITO_RESOURCE_NOT_FOUND');
      },
    } as unknown as CognitoClient;
    const deferred: (() => Promise<void>)[] = [];
    const deviceService = createDeviceService({
      sessions: { get: async () => session },
      cognito: async () => cognito,
      endpointOverride: async () => 'http://127.0.0.1:9/',
      history: async () => history,
      publishBulk: async () => undefined,
      now: () => time,
      defer: (task) => deferred.push(task),
    });
    return {
      sessions: { list: async () => [session] },
      list: listingWithMemory(deviceService, deferred),
      record: (draft, run) => history.recordAction(draft, run),
      read: async () => state,
      update: async (change) => {
        state = change(state);
        return state;
      },
      idleState: async () => idle,
      setBadge: async (text) => {
        badge = text;
      },
      notify: async (id, text) => {
        notes.push({ id, ...text });
        return true;
      },
      now: () => time,
    };
  }
  const service = () => createWatchService(deps());

  beforeEach(async () => {
    time = NOW;
    history = await openHistory({ indexedDB: new IDBFactory(), now: () => time });
    devices = [device('us-east-1_phone', 'Pixel 9', '203.0.113.7')];
    listCalls = 0;
    failWith = undefined;
    state = setWatching({ ...NO_WATCH, alerts: true }, 's1', true, NOW);
    notes = [];
    badge = '';
    idle = 'active';
    session = deviceSession();
  });

  const watchEntries = async () =>
    (await history.query({ limit: 50 })).entries.filter((e) => e.action.startsWith('watch.'));

  it('takes the first look as the baseline: one listing, no finding, no notification', async () => {
    const [result] = await service().tick();
    expect(result).toEqual({ sessionId: 's1', findings: [] });
    expect(listCalls).toBe(1);
    expect(await watchEntries()).toEqual([]);
    expect(notes).toEqual([]);
    expect(state.sessions.s1).toMatchObject({ on: true, lastRunAt: NOW, lastFound: 0 });
  });

  it('records a new device as watch.newDevice with its key, name, IP and time, notifies, and counts it on the badge', async () => {
    const watch = service();
    await watch.tick();
    time += 15 * 60_000;
    devices.push(device('us-east-1_laptop', 'Laptop', '198.51.100.4', time - 120_000));
    await watch.tick();
    const entries = await watchEntries();
    expect(entries.map((e) => e.action).sort()).toEqual(['watch.newDevice', 'watch.newIp']);
    expect(entries.find((e) => e.action === 'watch.newDevice')).toMatchObject({
      outcome: 'ok',
      mode: 'user',
      actor: { pool: 'us-east-1_Demo1', username: 'alice' },
      target: { deviceKey: 'us-east-1_laptop', deviceName: 'Laptop' },
      watch: { ip: '198.51.100.4', at: time - 120_000 },
    });
    // Identifiers only: nothing of the session's tokens reaches the log.
    expect(JSON.stringify(entries)).not.toContain(session.tokens.accessToken);
    expect(notes[0]).toMatchObject({
      title: 'New device signed in to alice’s account',
      message: 'Laptop — 198.51.100.4, 2 minutes ago',
    });
    expect(parseNotificationId(notes[0]?.id ?? '')).toEqual({ sessionId: 's1', deviceKey: 'us-east-1_laptop' });
    expect(state.unseen).toBe(2);
    expect(badge).toBe('2');
    // The same listing again finds nothing new.
    time += 15 * 60_000;
    await watch.tick();
    expect(await watchEntries()).toHaveLength(2);
    // The popup showed one of the two (the other came after it read the state): one stays unseen.
    expect(await watch.markSeen(1)).toBe(1);
    expect([state.unseen, badge]).toEqual([1, '1']);
    expect(await watch.markSeen(5)).toBe(0);
    expect([state.unseen, badge]).toEqual([0, '']);
  });

  it('reads the memory once per check, and finds nothing when it cannot be read (no false new devices)', async () => {
    const watch = service();
    await watch.tick();
    const reads = vi.spyOn(history, 'knownDevices');
    time += 15 * 60_000;
    await watch.tick();
    expect(reads).toHaveBeenCalledTimes(1);
    devices.push(device('us-east-1_laptop', 'Laptop', '198.51.100.4', time - 120_000));
    reads.mockRejectedValueOnce(new Error('IndexedDB closed'));
    time += 15 * 60_000;
    const [result] = await watch.tick();
    expect(result).toEqual({ sessionId: 's1', findings: [] });
    expect(await watchEntries()).toEqual([]);
  });

  it('without alerts, findings still reach the history and the badge', async () => {
    state = { ...state, alerts: false };
    const watch = service();
    await watch.tick();
    devices.push(device('us-east-1_laptop', 'Laptop', '203.0.113.7'));
    await watch.tick();
    expect((await watchEntries()).map((e) => e.action)).toEqual(['watch.newDevice']);
    expect(notes).toEqual([]);
    expect(badge).toBe('1');
  });

  it('stops once, with the reason, when the session cannot be used; no listing is sent', async () => {
    session = deviceSession({ status: { state: 'expired', reason: 'ERR_SESSION_EXPIRED' } });
    const [result] = await service().tick();
    expect(result).toEqual({ sessionId: 's1', stopped: 'ERR_SESSION_EXPIRED' });
    expect(listCalls).toBe(0);
    expect(state.sessions.s1).toMatchObject({ on: false, stopped: { code: 'ERR_SESSION_EXPIRED', shown: false } });
    // Stopped: the next tick has nothing to check (not a stream of errors).
    expect(await service().tick()).toEqual([]);
  });

  it('refreshes a due session before the check (the sessions pass): an expired access token does not stop it', async () => {
    const expired = deviceSession({ tokens: { accessToken: 'old', refreshToken: 'r' } });
    session = { ...expired, claims: { ...expired.claims, expiresAt: NOW / 1000 - 60 } };
    let refreshes = 0;
    let renew = true;
    const watch = createWatchService({
      ...deps(),
      refreshDue: async () => {
        refreshes++;
        if (renew) session = deviceSession({ tokens: { accessToken: 'new', refreshToken: 'r' } });
      },
    });
    expect((await watch.tick())[0]).toEqual({ sessionId: 's1', findings: [] });
    expect([refreshes, listCalls]).toEqual([1, 1]);
    // A refresh that met a passing trouble leaves the session active and expired: tried again next time.
    session = { ...expired, claims: { ...expired.claims, expiresAt: NOW / 1000 - 60 } };
    renew = false;
    expect((await watch.tick())[0]).toEqual({ sessionId: 's1', failed: 'ERR_TOKEN_EXPIRED' });
    expect(state.sessions.s1?.on).toBe(true);
    // Without a refresh token there is nothing to wait for: it stops.
    session = { ...session, tokens: { accessToken: 'old' } };
    expect((await watch.tick())[0]).toEqual({ sessionId: 's1', stopped: 'ERR_TOKEN_EXPIRED' });
  });

  it('keeps watching through a passing trouble, and says it failed', async () => {
    failWith = new AppError('ERR_NETWORK');
    const [result] = await service().tick();
    expect(result).toEqual({ sessionId: 's1', failed: 'ERR_NETWORK' });
    expect(state.sessions.s1).toMatchObject({ on: true, lastError: 'ERR_NETWORK' });
    failWith = undefined;
    await service().tick();
    expect(state.sessions.s1?.lastError).toBeUndefined();
  });

  it('does not check while the screen is locked', async () => {
    idle = 'locked';
    expect(await service().tick()).toEqual([{ sessionId: 's1', skipped: 'locked' }]);
    expect(listCalls).toBe(0);
  });

  it('stops the watch of a session that no longer exists with ERR_SESSION_NONE (said once)', async () => {
    state = setWatching(state, 'gone', true, NOW);
    await service().tick();
    expect(state.sessions.gone).toMatchObject({ on: false, stopped: { code: 'ERR_SESSION_NONE', shown: false } });
    expect(state.sessions.s1?.on).toBe(true);
  });

  it('reports a device removed elsewhere once, not at every check', async () => {
    devices.push(device('us-east-1_laptop', 'Laptop', '203.0.113.7'));
    const watch = service();
    await watch.tick();
    devices.pop();
    await watch.tick();
    await watch.tick();
    expect((await watchEntries()).map((e) => e.action)).toEqual(['watch.gone']);
    expect(state.unseen).toBe(1);
  });

  it('records the first check’s findings against an old memory without notifying or counting them', async () => {
    await service().tick(); // the memory learns the phone
    state = setWatching({ ...state, unseen: 0 }, 's1', true, NOW + 1); // Watch turned on again later
    devices.push(device('us-east-1_laptop', 'Laptop', '198.51.100.4'));
    await service().tick();
    expect((await watchEntries()).length).toBeGreaterThan(0);
    expect([notes.length, state.unseen, badge]).toEqual([0, 0, '']);
  });

  it('shows at most three notifications a check, then one that sums up the rest', async () => {
    const watch = service();
    await watch.tick();
    for (let i = 0; i < 5; i++) devices.push(device(`us-east-1_new${i}`, `New ${i}`, '203.0.113.7'));
    await watch.tick();
    expect(notes.map((n) => n.title)).toEqual([
      'New device signed in to alice’s account',
      'New device signed in to alice’s account',
      'New device signed in to alice’s account',
      '2 more changes on alice’s account',
    ]);
    expect(state.unseen).toBe(5);
  });

  it('does not report this session’s own device signing in again', async () => {
    session = deviceSession({ deviceKey: 'us-east-1_phone' });
    const watch = service();
    await watch.tick();
    time += 60_000;
    devices[0] = device('us-east-1_phone', 'Pixel 9', '203.0.113.7', time - 1000);
    await watch.tick();
    expect(await watchEntries()).toEqual([]);
  });

  it('leaves a watch turned off during a failing check off, without a stop to announce', async () => {
    failWith = new AppError('ERR_COGNITO_NOT_AUTHORIZED');
    const watch = createWatchService({
      ...deps(),
      list: async () => {
        state = setWatching(state, 's1', false, time);
        throw failWith;
      },
    });
    await watch.tick();
    expect(state.sessions.s1).toBeUndefined();
  });

  it('names notifications by session and device, and reads back only its own', () => {
    const id = notificationId('s1', { kind: 'newDevice', deviceKey: 'us-east-1_x', at: 5 });
    expect(parseNotificationId(id)).toEqual({ sessionId: 's1', deviceKey: 'us-east-1_x' });
    expect(parseNotificationId('other|s1|k')).toBeUndefined();
  });
});
