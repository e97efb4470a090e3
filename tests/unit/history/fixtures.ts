/** Shared helpers for the history tests: a fresh fake IndexedDB per store and a settable clock. */
import { IDBFactory } from 'fake-indexeddb';
import type { HistoryStore, OpenHistoryOptions } from '../../../utils/history/store';
import { openHistory } from '../../../utils/history/store';
import type { HistoryDraft } from '../../../utils/history/types';

export interface TestClock {
  now: () => number;
  set(time: number): void;
  advance(ms: number): void;
}

/** A clock that only moves when told. */
export function createTestClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let time = start;
  return {
    now: () => time,
    set(next) {
      time = next;
    },
    advance(ms) {
      time += ms;
    },
  };
}

/** A history store on its own fresh IDBFactory. */
export async function openTestHistory(
  clock: TestClock = createTestClock(),
  options: Partial<OpenHistoryOptions> = {},
): Promise<{ store: HistoryStore; factory: IDBFactory; clock: TestClock }> {
  const factory = new IDBFactory();
  const store = await openHistory({ indexedDB: factory, now: clock.now, ...options });
  return { store, factory, clock };
}

export const ALICE = { pool: 'us-east-1_Demo1', clientId: 'democlient1', username: 'alice', sub: 'sub-alice' };
export const BOB = { pool: 'us-east-1_Demo1', clientId: 'democlient1', username: 'bob', sub: 'sub-bob' };

/** A user-mode draft on one of alice's devices. */
export function deviceDraft(overrides: Partial<HistoryDraft> = {}): HistoryDraft {
  return {
    action: 'device.notRemember',
    mode: 'user',
    actor: ALICE,
    target: { deviceKey: 'us-east-1_11111111-1111-4111-8111-111111111111', deviceName: 'Laptop' },
    statusBefore: 'remembered',
    ...overrides,
  };
}
