/**
 * The history benches' entries and filters (Node on fake-indexeddb and the
 * Chromium page share them): 6 actions, 200 devices with 8 kinds of name, 90 %
 * ok, a second apart. Pure: no IndexedDB here.
 */
import type { HistoryAction, HistoryEntry, HistoryFilters, HistoryOutcome } from '../utils/history/types';
import { actorKeyOf } from '../utils/history/types';

export const DEVICES = 200;
export const PAGE = 50;
export const CHECKPOINTS = [1_000, 10_000, 100_000];
const NAMES = ['Work laptop', 'Phone', 'Kitchen tablet', 'Chromebook', 'Car display', 'Old desktop', 'TV', 'Watch'];
const ACTIONS: HistoryAction[] = [
  'device.remember',
  'device.notRemember',
  'device.forget',
  'admin.device.notRemember',
  'session.refresh',
  'device.list',
];
export const ACTOR = { pool: 'us-east-1_Bench1', clientId: 'benchclient', username: 'alice', sub: 'sub-alice' };
export const START = Date.UTC(2026, 0, 1);

/** The i-th entry (a second after the one before). */
export function historyRecord(i: number): Omit<HistoryEntry, 'id'> {
  const action = ACTIONS[i % ACTIONS.length] as HistoryAction;
  const device = (i * 7919) % DEVICES;
  const roll = (i * 2654435761) % 100;
  const outcome: HistoryOutcome = roll < 90 ? 'ok' : roll < 98 ? 'failed' : 'interrupted';
  const time = START + i * 1000;
  return {
    action,
    mode: action.startsWith('admin.') ? 'admin' : 'user',
    actor: ACTOR,
    actorKey: actorKeyOf(ACTOR),
    ...(action === 'session.refresh'
      ? {}
      : {
          target: {
            deviceKey: `us-east-1_${String(device).padStart(8, '0')}`,
            deviceName: `${NAMES[device % NAMES.length]} ${device}`,
          },
        }),
    time,
    outcome,
    finishedAt: time + 80,
    durationMs: 80,
    ...(outcome === 'failed' ? { error: { code: 'ERR_COGNITO_TOO_MANY_REQUESTS', message: 'Rate exceeded' } } : {}),
    requestId: `req-${i}`,
    attempts: 1,
  } as Omit<HistoryEntry, 'id'>;
}

/** The devices the entries name, as a listing shows them (the device memory free text starts from). */
export function listedDevices(): { deviceKey: string; deviceName: string }[] {
  return Array.from({ length: DEVICES }, (_, device) => ({
    deviceKey: `us-east-1_${String(device).padStart(8, '0')}`,
    deviceName: `${NAMES[device % NAMES.length]} ${device}`,
  }));
}

export const FILTERS: [string, HistoryFilters][] = [
  ['no filter', {}],
  ['device key', { deviceKey: 'us-east-1_00000042' }],
  ['action', { action: 'device.forget' }],
  ['outcome=failed', { outcome: 'failed' }],
  ['free text "tablet 1"', { text: 'tablet 1' }],
];

/** Flat: 100× the entries may cost at most 4× (plus 2 ms of timer and GC noise). */
export const isFlat = (smallMs: number, bigMs: number) => bigMs <= smallMs * 4 + 2;
