/**
 * The Devices page's one filter: a no-match row with Clear filter, both tables
 * filtered, the hidden part of the selection reported, bulk actions on the
 * visible selection only, and visible labels on the filter.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DevicesSection } from '../../../entrypoints/options/DevicesSection';
import type { DeviceRow } from '../../../utils/devices/view';
import type { Envelope } from '../../../utils/messages';
import { answerMessages } from './fake-runtime';

const row = (key: string, name: string, remembered: boolean, source: DeviceRow['source']): DeviceRow => ({
  key,
  name,
  remembered,
  source,
  isCurrent: false,
});
const SHARED = { lastIp: '192.0.2.9', ip: { devices: 2, isNew: false, firstSeen: 0 } };
const LISTED = [
  { ...row('us-east-1_a1', 'Work laptop', true, 'listed'), ...SHARED },
  { ...row('us-east-1_b2', 'Phone', true, 'listed'), lastIp: '203.0.113.7' },
  // An IP the shared one is the start of: not one of "the 2 devices with IP 192.0.2.9".
  { ...row('us-east-1_d4', 'Tablet', true, 'listed'), lastIp: '192.0.2.99' },
];
const KNOWN = [{ ...row('us-east-1_c3', 'Old laptop', false, 'history'), ...SHARED }];

function devicesPage() {
  const bulk: unknown[] = [];
  answerMessages(async (type, message): Promise<Envelope> => {
    if (type === 'session.list')
      return {
        ok: true,
        value: { sessions: [{ id: 's1', username: 'alice', poolId: 'us-east-1_P' }], activeId: 's1' },
      };
    if (type === 'devices.list')
      return { ok: true, value: { sessionId: 's1', listed: LISTED, knownOnly: KNOWN, fetchedAt: Date.now() } };
    if (type === 'devices.bulkStart') {
      bulk.push(message);
      return { ok: true, value: {} };
    }
    return new Promise<never>(() => {});
  });
  render(<DevicesSection onOpenSessions={() => {}} />);
  return bulk;
}
const listed = () => screen.getByRole('table', { name: 'Devices listed by Cognito' });
const known = () => screen.getByRole('table', { name: 'Devices known from history' });
const filterBox = () => screen.getByLabelText('Filter devices') as HTMLInputElement;

describe('the Devices page filter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a shared IP’s “2 devices” link filters both tables to the devices that show it', async () => {
    devicesPage();
    await screen.findByRole('checkbox', { name: 'Select Work laptop' });
    fireEvent.click(within(listed()).getByRole('button', { name: 'Show the 2 devices with IP 192.0.2.9' }));
    expect(filterBox().value).toBe('192.0.2.9');
    expect(within(listed()).queryByRole('checkbox', { name: 'Select Phone' })).toBeNull();
    expect(within(listed()).getByRole('checkbox', { name: 'Select Work laptop' })).toBeTruthy();
    expect(within(listed()).queryByRole('checkbox', { name: 'Select Tablet' })).toBeNull();
    expect(within(known()).getByRole('checkbox', { name: 'Select Old laptop' })).toBeTruthy();
    // Typing drops the exact-IP filter: the text filter alone again.
    fireEvent.input(filterBox(), { target: { value: '192.0.2.9' } });
    expect(within(listed()).getByRole('checkbox', { name: 'Select Tablet' })).toBeTruthy();
  });

  it('shows a no-match row whose Clear filter empties the filter and focuses it', async () => {
    devicesPage();
    await screen.findByRole('checkbox', { name: 'Select Work laptop' });
    fireEvent.input(filterBox(), { target: { value: 'zzz' } });
    const none = within(listed()).getByText(/No devices match “zzz”/);
    expect(within(known()).getByText(/No devices match “zzz”/)).toBeTruthy();
    fireEvent.click(within(none).getByRole('button', { name: 'Clear filter' }));
    expect(filterBox().value).toBe('');
    expect(document.activeElement).toBe(filterBox());
    expect(within(listed()).getByRole('checkbox', { name: 'Select Phone' })).toBeTruthy();
    expect(screen.queryByText(/No devices match/)).toBeNull();
  });

  it('filters both tables with one filter', async () => {
    devicesPage();
    await screen.findByRole('checkbox', { name: 'Select Work laptop' });
    fireEvent.input(filterBox(), { target: { value: 'laptop' } });
    expect(within(listed()).queryByRole('checkbox', { name: 'Select Phone' })).toBeNull();
    expect(within(known()).getByRole('checkbox', { name: 'Select Old laptop' })).toBeTruthy();
    fireEvent.input(filterBox(), { target: { value: 'phone' } });
    expect(within(known()).queryByRole('checkbox', { name: 'Select Old laptop' })).toBeNull();
  });

  it('reports selected rows the filter hides, and acts only on the rows shown, saying so', async () => {
    const bulk = devicesPage();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Work laptop' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Phone' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Old laptop' }));
    expect(screen.getByText('3 selected')).toBeTruthy();
    fireEvent.input(filterBox(), { target: { value: 'zzz' } });
    expect(screen.getByText('3 selected (3 hidden by the filter)')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Forget selected' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.input(filterBox(), { target: { value: 'laptop' } });
    expect(screen.getByText('3 selected (1 hidden by the filter)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Forget selected' }));
    const dialog = screen.getByRole('dialog', { name: 'Forget 2 devices?' });
    expect(dialog.textContent).toContain('This acts on the 2 shown; 1 hidden by the filter is left alone.');
    expect(within(dialog).queryByText('Phone')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Forget 2' }));
    await waitFor(() => expect(bulk).toHaveLength(1));
    const keys = (bulk[0] as { devices: { key: string }[] }).devices.map((d) => d.key).sort();
    expect(keys).toEqual(['us-east-1_a1', 'us-east-1_c3']);
  });

  it('labels its filters visibly, not by placeholder, in the shared input style', async () => {
    devicesPage();
    await screen.findByRole('checkbox', { name: 'Select Work laptop' });
    for (const name of ['Filter devices', 'Status']) {
      const field = screen.getByLabelText(name);
      expect(field.classList.contains('input')).toBe(true);
      const label = field.closest('label');
      expect(label?.querySelector('.visually-hidden')).toBeNull();
      expect(label?.textContent).toContain(name);
    }
  });
});
