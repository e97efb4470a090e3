/**
 * "Forget all other devices" no longer silently leaves out the devices known
 * from history (issue 19, point 3): the dialog names them, says why Cognito's
 * list leaves them out, and includes them when the user ticks the box.
 */
import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { BulkConfirm, type BulkPlan } from '../../../entrypoints/options/BulkConfirm';
import type { DeviceRow } from '../../../utils/devices/view';

const row = (key: string, name: string, over: Partial<DeviceRow> = {}): DeviceRow => ({
  key,
  name,
  remembered: true,
  source: 'listed',
  isCurrent: false,
  ...over,
});
const PHONE = row('us-east-1_phone', 'Phone');
const TV = row('us-east-1_tv', 'TV');
const TABLET = row('us-east-1_tablet', 'Old tablet', { source: 'history', remembered: false });

const hidden = { hidden: true };

describe('the Forget all other devices dialog', () => {
  it('names the device it leaves out and includes it when asked', () => {
    const onConfirm = vi.fn();
    const plan: BulkPlan = {
      action: 'forget',
      rows: [PHONE, TV],
      leftOut: [TABLET],
      title: 'Forget all other devices?',
    };
    render(<BulkConfirm plan={plan} onCancel={() => {}} onConfirm={onConfirm} />);
    const dialog = screen.getByRole('dialog', hidden);
    expect(dialog.textContent).toContain('Cognito’s list leaves out 1 device known from history');
    expect(dialog.textContent).toContain('Old tablet');
    expect(dialog.textContent).toContain('us-east-1_tablet');
    // Left out unless asked: the confirm button counts the listed devices only.
    expect(screen.getByRole('button', { name: 'Forget 2', ...hidden })).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Include the device known from history', ...hidden }));
    fireEvent.click(screen.getByRole('button', { name: 'Forget 3', ...hidden }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect((onConfirm.mock.calls[0] as [BulkPlan, DeviceRow[]])[1].map((r) => r.key)).toEqual([
      'us-east-1_phone',
      'us-east-1_tv',
      'us-east-1_tablet',
    ]);
  });

  it('left unticked, confirms the listed devices only', () => {
    const onConfirm = vi.fn();
    const plan: BulkPlan = { action: 'forget', rows: [PHONE], leftOut: [TABLET], title: 'Forget all other devices?' };
    render(<BulkConfirm plan={plan} onCancel={() => {}} onConfirm={onConfirm} />);
    fireEvent.click(screen.getByRole('button', { name: 'Forget 1', ...hidden }));
    expect((onConfirm.mock.calls[0] as [BulkPlan, DeviceRow[]])[1].map((r) => r.key)).toEqual(['us-east-1_phone']);
  });

  it('with nothing listed but known devices, starts with them included', () => {
    const onConfirm = vi.fn();
    const plan: BulkPlan = { action: 'forget', rows: [], leftOut: [TABLET], title: 'Forget all other devices?' };
    render(<BulkConfirm plan={plan} onCancel={() => {}} onConfirm={onConfirm} />);
    expect(
      (screen.getByRole('checkbox', { name: 'Include the device known from history', ...hidden }) as HTMLInputElement)
        .checked,
    ).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Forget 1', ...hidden }));
    expect((onConfirm.mock.calls[0] as [BulkPlan, DeviceRow[]])[1].map((r) => r.key)).toEqual(['us-east-1_tablet']);
  });
});
