/**
 * What the dashboard says about a bulk run a worker stop cut short (issue 17):
 * the History row of an entry settled by a check, and the Bulk action panel of
 * a resumed run and of one whose session had ended.
 */
import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { HistoryTable } from '../../../components/HistoryTable';
import { BulkStatus } from '../../../entrypoints/options/BulkStatus';
import type { BulkJobSnapshot } from '../../../utils/devices/bulk-job';
import type { HistoryEntry } from '../../../utils/history/types';

const NOW = Date.UTC(2026, 10, 26, 12);

describe('an entry settled by a check after the worker stopped', () => {
  it.each([
    ['unlisted', 'Cognito no longer lists the device as remembered (it is not remembered, or forgotten).'],
    ['remembered', 'Cognito shows the device remembered.'],
  ] as const)('says what the check found (%s)', (found, words) => {
    const entry: HistoryEntry = {
      id: 7,
      time: NOW - 5000,
      mode: 'user',
      actor: { pool: 'us-east-1_Demo1', username: 'alice' },
      actorKey: 'us-east-1_Demo1|alice',
      action: found === 'unlisted' ? 'device.notRemember' : 'device.remember',
      target: { deviceKey: 'us-east-1_aaaa' },
      outcome: 'ok',
      reconciled: { found, at: NOW - 1000 },
    };
    render(<HistoryTable entries={[entry]} now={NOW} caption="History" />);
    expect(screen.getByText(`Checked after the extension stopped during the call: ${words}`)).toBeTruthy();
  });
});

const job = (patch: Partial<BulkJobSnapshot>): BulkJobSnapshot => ({
  id: 'j',
  sessionId: 's',
  action: 'notRemember',
  state: 'done',
  progress: { total: 4, done: 4, ok: 4, failed: 0, rate: 2 },
  items: [
    { key: 'k1', outcome: 'ok' },
    { key: 'k2', outcome: 'reconciled' },
    { key: 'k3', outcome: 'reconciled' },
    { key: 'k4', outcome: 'ok' },
  ],
  startedAt: NOW - 60_000,
  finishedAt: NOW,
  ...patch,
});

describe('the Bulk action panel', () => {
  it('a resumed run: says it went on by itself and how many were found already done', () => {
    render(<BulkStatus job={job({ resumedAt: NOW - 30_000 })} />);
    expect(screen.getByRole('status').textContent).toBe(
      '4 of 4 done, 2 found already done when checked after the extension stopped.',
    );
    expect(screen.getByText(/The extension stopped during this run; it went on by itself at /)).toBeTruthy();
    expect(document.body.textContent).not.toContain('unconfirmed');
  });

  it('a run whose session had ended: nothing left unaccounted for', () => {
    const ended = job({
      state: 'interrupted',
      resumedAt: NOW,
      progress: { total: 3, done: 2, ok: 1, failed: 1, rate: 0 },
      items: [
        { key: 'k1', outcome: 'ok' },
        { key: 'k2', outcome: 'failed', errorCode: 'ERR_SESSION_NONE' },
        { key: 'k3', outcome: 'cancelled' },
      ],
    });
    render(<BulkStatus job={ended} />);
    expect(screen.getByRole('status').textContent).toBe(
      '1 of 3 done, 1 failed, 1 not started: the session this run used has ended, so it could not go on.',
    );
  });
});
