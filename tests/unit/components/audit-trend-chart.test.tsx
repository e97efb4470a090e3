/**
 * The kept audits' trend chart: one bar per audit, oldest on the left, its
 * height and idle part from the audit's totals, and the same numbers in the
 * text alternative (a table a screen reader reads; the SVG is hidden from it).
 */
import { render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { AuditTrendChart } from '../../../entrypoints/options/admin/AuditTrendChart';
import type { KeptAuditTotals } from '../../../utils/admin/messages';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const audit = (id: string, daysAgo: number, devices: number, stale: number): KeptAuditTotals => ({
  id,
  poolId: 'us-east-1_Demo1',
  startedAt: NOW - daysAgo * DAY,
  users: 3,
  devices,
  stale,
});

describe('AuditTrendChart', () => {
  it('draws one bar per kept audit, oldest first, with its devices and idle devices', () => {
    // Newest first, as admin.audit.kept answers.
    const audits = [audit('c', 1, 40, 10), audit('b', 8, 20, 20), audit('a', 15, 10, 0)];
    const { container } = render(<AuditTrendChart audits={audits} />);

    const bars = [...container.querySelectorAll('svg g.trend-bar')];
    expect(bars.map((g) => [g.getAttribute('data-devices'), g.getAttribute('data-stale')])).toEqual([
      ['10', '0'],
      ['20', '20'],
      ['40', '10'],
    ]);
    // Heights scale to the largest audit (80 px): [all, idle part] per bar.
    const heights = bars.map((g) => {
      const [rest, idle] = [...g.querySelectorAll('rect')].map((r) => Number(r.getAttribute('height')));
      return [(rest ?? 0) + (idle ?? 0), idle];
    });
    expect(heights).toEqual([
      [20, 0],
      [40, 40],
      [80, 20],
    ]);
    expect(container.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');

    const table = screen.getByRole('table', { name: 'Devices per kept audit, oldest first' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ['10', '0'],
      ['20', '20'],
      ['40', '10'],
    ]);
    expect(within(table).getAllByRole('rowheader')).toHaveLength(3);
  });

  it('draws empty bars for audits that found no device', () => {
    const { container } = render(<AuditTrendChart audits={[audit('b', 1, 0, 0), audit('a', 2, 0, 0)]} />);
    const heights = [...container.querySelectorAll('svg rect')].map((r) => r.getAttribute('height'));
    expect(heights).toEqual(['0', '0', '0', '0']);
  });
});
