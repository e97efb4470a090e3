import { render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { ActivityChart } from '../../../components/ActivityChart';
import { HistoryTable } from '../../../components/HistoryTable';
import { describeError } from '../../../utils/error-text';
import type { HistoryEntry } from '../../../utils/history/types';
import { HISTORY_ACTIONS } from '../../../utils/history/types';
import { ACTION_OPTIONS, describeAction, describeStatusChange } from '../../../utils/history-labels';

const NOW = Date.UTC(2026, 10, 26, 12);
const base = {
  mode: 'user',
  actor: { pool: 'us-east-1_Demo1', username: 'alice' },
  actorKey: 'us-east-1_Demo1|alice',
} as const;
const entries: HistoryEntry[] = [
  {
    ...base,
    id: 2,
    time: NOW - 60_000,
    action: 'device.forget',
    target: { deviceKey: 'us-east-1_bbbb', deviceName: '<img src=x onerror=alert(1)>' },
    outcome: 'failed',
    error: { code: 'ERR_COGNITO_TOO_MANY_REQUESTS', message: 'Rate exceeded' },
    attempts: 3,
    durationMs: 812,
    requestId: 'req-2',
  },
  {
    ...base,
    id: 1,
    time: NOW - 3600_000,
    action: 'device.notRemember',
    target: { deviceKey: 'us-east-1_aaaa', deviceName: 'Laptop' },
    outcome: 'ok',
    statusBefore: 'remembered',
    statusAfter: 'not_remembered',
    durationMs: 90,
  },
];

describe('HistoryTable', () => {
  it('shows each entry in words, newest first, with hostile names as text', () => {
    const { container } = render(<HistoryTable entries={entries} now={NOW} caption="History" />);
    const rows = within(screen.getByRole('table', { name: 'History' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('Forgot device');
    expect(rows[0]?.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(rows[0]?.textContent).toContain('ERR_COGNITO_TOO_MANY_REQUESTS');
    expect(rows[0]?.textContent).toContain('3 attempts');
    // The status change in words; the stored values (as exports keep them) only in the tooltip.
    expect(rows[1]?.textContent).toContain('Remembered → Not remembered');
    expect(rows[1]?.textContent).not.toContain('not_remembered');
    expect(within(rows[1] as HTMLElement).getByText('Remembered → Not remembered').title).toContain(
      'remembered → not_remembered',
    );
    expect(container.querySelector('img')).toBeNull();
  });

  it('says the code’s words for a failure the store kept no message of (it keeps codes, not words)', async () => {
    const bare: HistoryEntry = { ...entries[0], id: 3, error: { code: 'ERR_NETWORK', message: '' } } as HistoryEntry;
    render(<HistoryTable entries={[bare]} now={NOW} caption="History" />);
    const row = within(screen.getByRole('table', { name: 'History' })).getAllByRole('row')[1] as HTMLElement;
    await within(row).findByText(describeError('ERR_NETWORK').title);
    expect(row.textContent).toContain('ERR_NETWORK');
  });
});

describe('history labels', () => {
  it('has words for every action the log records', () => {
    expect(ACTION_OPTIONS.map((o) => o.value).sort()).toEqual([...HISTORY_ACTIONS].sort());
    for (const action of HISTORY_ACTIONS) expect(describeAction(action)).toMatch(/\w/);
  });

  it.each([
    ['remembered', 'not_remembered', 'Remembered → Not remembered', 'remembered → not_remembered'],
    ['not_remembered', 'remembered', 'Not remembered → Remembered', 'not_remembered → remembered'],
    ['remembered', 'forgotten', 'Remembered → Forgotten', 'remembered → forgotten'],
    [undefined, 'forgotten', '? → Forgotten', '? → forgotten'],
    ['not_remembered', undefined, 'Not remembered → ?', 'not_remembered → ?'],
  ] as const)('%s → %s reads "%s"', (before, after, words, raw) => {
    expect(describeStatusChange(before, after)).toEqual({ words, raw });
  });
});

describe('ActivityChart', () => {
  it('gives screen readers the same numbers as the bars', () => {
    render(
      <ActivityChart
        title="Actions, last 2 days"
        bars={[
          { label: '25 Nov', ok: 3, failed: 1 },
          { label: '26 Nov', ok: 0, failed: 0 },
        ]}
      />,
    );
    expect(screen.getByRole('figure').textContent).toContain('4 in all');
    expect(screen.getByText('25 Nov: 3 succeeded, 1 failed')).toBeTruthy();
  });
});
