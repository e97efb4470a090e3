/**
 * The Admin page follows progress one way: it asks once, then draws what the
 * worker publishes in storage.session; no timer asks again. The pages run on
 * fake timers: "never asked again" is checked a minute of page time later
 * (an old polling timer would have fired dozens of times), not after a sleep.
 */
import { fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditPanel } from '../../../entrypoints/options/admin/AuditPanel';
import { RemediationPanel } from '../../../entrypoints/options/admin/RemediationPanel';
import type { AuditStatus } from '../../../utils/admin/messages';
import { auditProgressItem, type RemediationJob, remediationJobItem } from '../../../utils/storage';
import { answerMessages } from './fake-runtime';

const status = (usersDone: number): AuditStatus => ({
  run: {
    id: 'run1',
    poolId: 'us-east-1_Test',
    endpoint: 'http://127.0.0.1:9/',
    state: 'running',
    listingDone: true,
    usersDone,
    devicesFound: usersDone * 2,
    pagesRead: 1,
    reads: usersDone + 1,
    listingRestarts: 0,
    startedAt: 0,
    updatedAt: usersDone,
    pendingCount: 10 - usersDone,
  },
  totalUsers: 10,
  totalExact: true,
  usersPerSec: 1,
  readsPerSec: 1,
  readQuota: 50,
  throttledRetries: 0,
});

describe('audit progress on the Admin page', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('asks for the status once, then draws the published progress without asking again', async () => {
    vi.useFakeTimers();
    const asked = answerMessages(async () => ({ ok: true, value: status(2) }));
    render(<AuditPanel connected />);
    await vi.advanceTimersByTimeAsync(0);
    const progress = screen.getByRole('region', { name: 'Audit progress' });
    expect(progress.textContent).toContain('2 of 10');
    await auditProgressItem.setValue(status(7));
    await vi.advanceTimersByTimeAsync(0);
    expect(progress.textContent).toContain('7 of 10');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toEqual(['admin.audit.status']);
  });
});

describe('remediation progress on the Admin page', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const job = (done: number, state: RemediationJob['state']): RemediationJob => ({
    id: 'job1',
    runId: 'run1',
    poolId: 'us-east-1_Test',
    action: 'forget',
    dryRun: false,
    filter: { category: 'stale', staleDays: 90 },
    state,
    progress: { total: 2, done, ok: done, failed: 0, rate: 1 },
    items: [
      { username: 'alice', deviceKey: 'us-east-1_a', outcome: done >= 1 ? 'ok' : 'pending' },
      { username: 'bob', deviceKey: 'us-east-1_b', outcome: done >= 2 ? 'ok' : 'pending' },
    ],
    startedAt: 0,
  });

  it('follows the published job, never asks for its status, and refreshes the report once when it ends', async () => {
    const asked = answerMessages(async (type) => {
      if (type === 'admin.remediation.preview') {
        return { ok: true, value: { total: 2, targets: [{ username: 'alice', deviceKey: 'us-east-1_a' }] } };
      }
      return { ok: true, value: job(0, 'running') };
    });
    const onFinished = vi.fn();
    vi.useFakeTimers();
    const settle = () => vi.advanceTimersByTimeAsync(0);
    render(
      <RemediationPanel
        runId="run1"
        filter={{ category: 'stale', staleDays: 90 }}
        connected
        onPickRule={() => {}}
        onFinished={onFinished}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Preview selection' }));
    await settle();
    screen.getByText('2 devices match this rule.', { exact: false });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Dry run (call nothing, show what would happen)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Forget 2 devices' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Forget devices' }));
    await settle();
    screen.getByRole('button', { name: 'Cancel remediation' });
    await remediationJobItem.setValue(job(1, 'running'));
    await remediationJobItem.setValue(job(2, 'done'));
    await settle();
    screen.getByText('Summary: 2 done, 0 failed, 0 cancelled of 2.', { exact: false });
    // Each device's result in words, not the stored outcome ("ok").
    const results = screen.getByRole('table', { name: 'Result per device' });
    expect(within(results).getAllByText('Forgotten')).toHaveLength(2);
    expect(within(results).queryByText('ok')).toBeNull();
    await remediationJobItem.setValue(job(2, 'done'));
    // A minute of page time: a polling timer (the old one asked every 0.5 s) would have asked again by now.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(asked).toEqual(['admin.remediation.preview', 'admin.remediation.start']);
  });
});
