/**
 * IPs with context (issue 19, "IPs have no context"): a device's last IP says
 * when it is new for the account, and how many of the account's devices show
 * it, as a link that filters the Devices table to them.
 */
import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { DeviceList } from '../../../components/DeviceList';
import { DeviceTable } from '../../../components/DeviceTable';
import type { DeviceRow } from '../../../utils/devices/view';
import { staticTableProps } from './device-table-props';

const NOW = Date.UTC(2026, 11, 3, 12);
const row = (key: string, name: string, lastIp: string, ip: DeviceRow['ip']): DeviceRow => ({
  key,
  name,
  lastIp,
  remembered: true,
  source: 'listed',
  isCurrent: false,
  ...(ip ? { ip } : {}),
});
const ROWS = [
  row('us-east-1_a', 'Phone', '203.0.113.7', { devices: 1, isNew: true, firstSeen: NOW - 3_600_000 }),
  row('us-east-1_b', 'Laptop', '192.0.2.9', { devices: 2, isNew: false, firstSeen: NOW - 90 * 86_400_000 }),
  row('us-east-1_c', 'Desktop', '192.0.2.9', { devices: 2, isNew: false, firstSeen: NOW - 90 * 86_400_000 }),
];

function table(onFilterIp?: (ip: string) => void) {
  return render(<DeviceTable {...staticTableProps('Devices', ROWS, NOW)} {...(onFilterIp ? { onFilterIp } : {})} />);
}

describe('a device’s IP in context', () => {
  it('marks an IP new for the account, with when it was first seen', () => {
    table();
    const phone = screen.getByRole('row', { name: /Phone/ });
    const badge = within(phone).getByText('New IP');
    expect(badge.getAttribute('title')).toMatch(/^First seen on this account /);
    expect(within(screen.getByRole('row', { name: /Laptop/ })).queryByText('New IP')).toBeNull();
  });

  it('links a shared IP to the devices that show it', () => {
    const onFilterIp = vi.fn();
    table(onFilterIp);
    const laptop = screen.getByRole('row', { name: /Laptop/ });
    fireEvent.click(within(laptop).getByRole('button', { name: 'Show the 2 devices with IP 192.0.2.9' }));
    expect(onFilterIp).toHaveBeenCalledWith('192.0.2.9');
    // A lone IP has no count.
    expect(within(screen.getByRole('row', { name: /Phone/ })).queryByText(/devices$/)).toBeNull();
  });

  it('the popup’s row marks a new IP too', () => {
    render(<DeviceList rows={ROWS} now={NOW} states={{}} onAction={() => {}} label="Devices" />);
    expect(within(screen.getByRole('listitem', { name: 'Phone' })).getByText('New IP')).toBeTruthy();
    expect(within(screen.getByRole('listitem', { name: 'Laptop' })).queryByText('New IP')).toBeNull();
  });
});
