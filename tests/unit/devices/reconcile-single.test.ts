/** Which interrupted entries the next listing checks, and what it says when a change is not in place. */
import { describe, expect, it } from 'vitest';
import { awaitingCheck, notInPlaceWords } from '../../../utils/devices/reconcile-single';
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
