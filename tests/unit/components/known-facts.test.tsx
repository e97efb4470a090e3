/**
 * A device known from history shows what was last seen of it (issue 19,
 * point 3): its last IP and dates, labelled "as of" the exact time of the
 * listing that showed them, in the popup’s rows (opened) and the dashboard’s table.
 */
import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { DeviceList } from '../../../components/DeviceList';
import { DeviceTable } from '../../../components/DeviceTable';
import type { DeviceRow } from '../../../utils/devices/view';
import { formatDate, formatStamp } from '../../../utils/format';
import { staticTableProps } from './device-table-props';

const NOW = Date.UTC(2026, 10, 26, 12);
const AS_OF = NOW - 2 * 60_000;
const SIGNED_IN = NOW - 3 * 86400_000;
const CREATED = NOW - 90 * 86400_000;
const KEPT: DeviceRow = {
  key: 'us-east-1_aaaa',
  name: 'Old phone',
  remembered: false,
  lastIp: '203.0.113.7',
  createdAt: CREATED,
  lastAuthenticatedAt: SIGNED_IN,
  factsAsOf: AS_OF,
  lastModifiedAt: NOW - 60_000,
  learnedFrom: 'adminListing',
  source: 'history',
  isCurrent: false,
};
/** Known from an action only: no listing ever showed its facts. */
const BARE: DeviceRow = {
  key: 'us-east-1_bbbb',
  name: 'Tablet',
  remembered: false,
  lastModifiedAt: NOW - 60_000,
  learnedFrom: 'userAction',
  source: 'history',
  isCurrent: false,
};

function expectKeptFacts(scope: HTMLElement) {
  const view = within(scope);
  expect(view.getByText('203.0.113.7')).toBeTruthy();
  expect(view.getByText(formatStamp(SIGNED_IN)).tagName).toBe('TIME');
  expect(view.getByText(formatDate(CREATED))).toBeTruthy();
  expect(scope.textContent).toContain(`last IP and dates as of ${formatStamp(AS_OF)}`);
  expect(view.getByText(formatStamp(AS_OF)).getAttribute('dateTime')).toBe(new Date(AS_OF).toISOString());
  expect(scope.textContent).not.toContain('not listed');
  // Where the extension learned of it, in the same words in the popup and the table.
  expect(scope.textContent).toContain(' · seen in an admin listing of this user');
}

describe('a device known from history keeps its last-seen facts', () => {
  it('popup card: IP, last sign-in and creation, "as of" the listing', () => {
    render(<DeviceList rows={[KEPT, BARE]} now={NOW} states={{}} onAction={() => {}} label="Known" />);
    // The creation date is under the row, with its actions.
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Old phone' }));
    expectKeptFacts(screen.getByRole('listitem', { name: 'Old phone' }));
    // Nothing kept: said so, with when the dashboard last saw it.
    const bare = screen.getByRole('listitem', { name: 'Tablet' });
    expect(bare.textContent).toContain('not listed');
    expect(bare.textContent).toContain(
      `Not listed by Cognito now · last seen ${formatStamp(NOW - 60_000)} · changed here with this account’s sign-in`,
    );
  });

  it('dashboard table: the same facts in their columns, "as of" the listing', () => {
    render(<DeviceTable {...staticTableProps('Known', [KEPT, BARE], NOW)} />);
    const row = screen.getByRole('row', { name: /Old phone/ });
    expectKeptFacts(row);
    const bare = screen.getByRole('row', { name: /Tablet/ });
    expect(bare.textContent).toContain('not listed');
    expect(bare.textContent).toContain(`last seen ${formatStamp(NOW - 60_000)}`);
  });
});
