/**
 * A worker that stopped after beginning an item's history entry but before the plan kept its id
 * (the call is sent only after the plan is saved, so it never left): the resumed run adopts that
 * entry instead of beginning a second one — one entry per asked-for change (issue 17; the e2e
 * bulk-resume test found two for one device).
 */
import { describe, expect, it } from 'vitest';
import { runDurableJob } from '../../../utils/durable-runner';
import type { BulkJobSnapshot } from '../../../utils/storage';
import { ALICE, createTestClock, openTestHistory } from '../history/fixtures';

describe('a resumed run adopts an entry the stopped worker began', () => {
  it('completes the orphan entry rather than beginning another', async () => {
    const { store } = await openTestHistory(createTestClock());
    const parentId = await store.begin({ action: 'bulk.run', mode: 'user', actor: ALICE });
    const draft = (key: string) =>
      ({ action: 'device.notRemember', mode: 'user', actor: ALICE, target: { deviceKey: key }, parentId }) as const;
    // The stopped worker: a's entry begun, the plan saved without its id; b never begun.
    await store.begin(draft('us-east-1_a'));
    const job: BulkJobSnapshot = {
      id: 'j',
      sessionId: 's1',
      action: 'notRemember',
      state: 'running',
      progress: { total: 2, done: 0, ok: 0, failed: 0, rate: 0 },
      items: [
        { key: 'us-east-1_a', outcome: 'pending' },
        { key: 'us-east-1_b', outcome: 'pending' },
      ],
      startedAt: 1,
      parentId,
    };
    const sent: string[] = [];
    await runDurableJob(job, {
      history: store,
      draftOf: (device, p) => ({ ...draft(device.key), parentId: p ?? parentId }),
      parentDraft: () => ({ action: 'bulk.run', mode: 'user', actor: ALICE }),
      call: async (device) => {
        sent.push(device.key);
        return { alreadyForgotten: false };
      },
      check: async () => undefined,
      onDone: () => undefined,
      save: async () => undefined,
      signal: new AbortController().signal,
      now: () => 2,
      tookEffect: () => false,
    });
    const entries = (await store.query({ parentId, limit: 50 })).entries;
    expect(entries.map((e) => [e.target?.deviceKey, e.outcome]).sort()).toEqual([
      ['us-east-1_a', 'ok'],
      ['us-east-1_b', 'ok'],
    ]);
    expect(sent.sort()).toEqual(['us-east-1_a', 'us-east-1_b']);
  });
});
