import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DeviceList, FIRST_DRAWN_ROWS } from '../../../components/DeviceList';
import { DeviceTable } from '../../../components/DeviceTable';
import { ErrorNotice } from '../../../components/ErrorNotice';
import type { DeviceRow } from '../../../utils/devices/view';
import { AppError } from '../../../utils/errors';
import { formatStamp } from '../../../utils/format';

const NOW = Date.UTC(2026, 10, 26, 12);
const HOSTILE = '<img src=x onerror=alert(1)>';
const rows: DeviceRow[] = [
  {
    key: 'us-east-1_aaaa',
    name: 'Work laptop',
    lastIp: '203.0.113.7',
    remembered: true,
    lastAuthenticatedAt: NOW - 3 * 3600_000,
    createdAt: NOW - 90 * 86400_000,
    source: 'listed',
    isCurrent: true,
  },
  { key: 'us-east-1_bbbb', name: HOSTILE, remembered: false, source: 'listed', isCurrent: false },
];

/** Open a row's actions, as its Actions button does. */
const openRow = (name: string) => fireEvent.click(screen.getByRole('button', { name: `Actions for ${name}` }));

describe('DeviceList', () => {
  it('shows each device with its facts, the current-device mark and its status', () => {
    render(<DeviceList rows={rows} now={NOW} states={{}} onAction={() => {}} label="Devices" />);
    const laptop = screen.getByRole('listitem', { name: 'Work laptop' });
    expect(within(laptop).getByText('This device')).toBeTruthy();
    expect(within(laptop).getByText('Remembered')).toBeTruthy();
    // The exact time with its time zone is in the row's text (keyboard and touch read it), how long ago in its title.
    const stamp = within(laptop).getByText(formatStamp(NOW - 3 * 3600_000));
    expect(stamp.tagName).toBe('TIME');
    expect(stamp.getAttribute('title')).toContain('(3 hours ago)');
    expect(formatStamp(NOW - 3 * 3600_000)).toMatch(/^Nov 26, 2026, \d{1,2}:00 [AP]M \S+/);
    expect(within(laptop).getByText('203.0.113.7')).toBeTruthy();
    // The end of its key tells it from a device of the same name.
    expect(laptop.textContent).toContain('…t-1_aaaa');
    expect(within(laptop).queryByRole('button', { name: 'Remember Work laptop' })).toBeNull();
    // Opened, the row shows how long ago below the exact time, its creation and its whole key.
    openRow('Work laptop');
    expect(within(laptop).getByText('3 hours ago')).toBeTruthy();
    expect(within(laptop).getByText('us-east-1_aaaa')).toBeTruthy();
  });

  it('draws a screenful of rows first, then the whole list, and says how many rows each draw holds', () => {
    const many: DeviceRow[] = Array.from({ length: FIRST_DRAWN_ROWS + 18 }, (_, i) => ({
      key: `us-east-1_${String(i).padStart(4, '0')}`,
      name: `Device ${i}`,
      source: 'listed',
      isCurrent: false,
    }));
    const onDrawn = vi.fn();
    render(<DeviceList rows={many} now={NOW} states={{}} onAction={() => {}} label="Devices" onDrawn={onDrawn} />);
    expect(onDrawn.mock.calls).toEqual([[FIRST_DRAWN_ROWS], [many.length]]);
    expect(screen.getAllByRole('listitem')).toHaveLength(many.length);
    expect(screen.getAllByRole('listitem')[0]?.getAttribute('aria-label')).toBe('Device 0');
  });

  it('draws a short list whole at once, and a row opened is no new draw', () => {
    const onDrawn = vi.fn();
    render(<DeviceList rows={rows} now={NOW} states={{}} onAction={() => {}} label="Devices" onDrawn={onDrawn} />);
    openRow('Work laptop');
    expect(screen.getByRole('button', { name: 'Forget Work laptop' })).toBeTruthy();
    expect(onDrawn.mock.calls).toEqual([[rows.length]]);
  });

  it('folds a row’s actions under its Actions button, open while an action has something to show', () => {
    const { unmount } = render(<DeviceList rows={rows} now={NOW} states={{}} onAction={() => {}} label="Devices" />);
    const toggle = screen.getByRole('button', { name: 'Actions for Work laptop' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('button', { name: 'Forget Work laptop' })).toBeNull();
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('button', { name: 'Forget Work laptop' })).toBeTruthy();
    fireEvent.click(toggle);
    expect(screen.queryByRole('button', { name: 'Forget Work laptop' })).toBeNull();
    unmount();
    // A row with a result opens by itself (a device moved to the other list keeps its result in view)…
    render(
      <DeviceList
        rows={rows}
        now={NOW}
        states={{ 'us-east-1_aaaa': { phase: 'done', action: 'notRemember', message: 'No longer remembered.' } }}
        onAction={() => {}}
        label="Devices"
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('No longer remembered.');
    // …and its button still closes it.
    const again = screen.getByRole('button', { name: 'Actions for Work laptop' });
    expect(again.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(again);
    expect(again.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('renders a hostile device name as literal text, never as HTML', () => {
    const { container } = render(<DeviceList rows={rows} now={NOW} states={{}} onAction={() => {}} label="Devices" />);
    expect(screen.getByText(HOSTILE)).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });

  it('reports the chosen action with the device key', () => {
    const onAction = vi.fn();
    render(<DeviceList rows={rows} now={NOW} states={{}} onAction={onAction} label="Devices" />);
    openRow(HOSTILE);
    openRow('Work laptop');
    fireEvent.click(screen.getByRole('button', { name: `Remember ${HOSTILE}` }));
    fireEvent.click(screen.getByRole('button', { name: 'Forget Work laptop' }));
    expect(onAction.mock.calls).toEqual([
      ['us-east-1_bbbb', 'remember'],
      ['us-east-1_aaaa', 'forget'],
    ]);
  });

  it('hears only its action buttons, not the card around them; each open card has a status region', () => {
    const onAction = vi.fn();
    render(
      <DeviceList
        rows={rows}
        now={NOW}
        states={{ 'us-east-1_aaaa': { phase: 'pending', action: 'notRemember' } }}
        onAction={onAction}
        label="Devices"
      />,
    );
    const laptop = screen.getByRole('listitem', { name: 'Work laptop' });
    openRow(HOSTILE);
    fireEvent.click(laptop);
    fireEvent.click(screen.getByText('203.0.113.7'));
    expect(onAction).not.toHaveBeenCalled();
    // The region is there before the action's outcome, so the outcome is read out.
    expect(within(laptop).getByRole('status').textContent).toBe('Working…');
    expect(within(screen.getByRole('listitem', { name: HOSTILE })).getByRole('status').textContent).toBe('');
  });

  it('disables the buttons of a pending row and shows failures in words', async () => {
    const error = new AppError('ERR_COGNITO_TOO_MANY_REQUESTS', undefined, { details: { requestId: 'r-1' } }).toJSON();
    render(
      <DeviceList
        rows={rows}
        now={NOW}
        states={{
          'us-east-1_aaaa': { phase: 'pending', action: 'notRemember' },
          'us-east-1_bbbb': { phase: 'failed', action: 'remember', error },
        }}
        onAction={() => {}}
        label="Devices"
      />,
    );
    expect((screen.getByRole('button', { name: 'Forget Work laptop' }) as HTMLButtonElement).disabled).toBe(true);
    const alert = screen.getByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain('throttling'));
    expect(alert.textContent).toContain('r-1');
  });
});

describe('DeviceTable', () => {
  const table = (onAction: (key: string, action: string) => void, onToggle = vi.fn()) =>
    render(
      <DeviceTable
        rows={rows}
        now={NOW}
        sort={{ key: 'name', direction: 'asc' }}
        onSort={() => {}}
        selected={new Set()}
        onToggle={onToggle}
        onToggleAll={() => {}}
        states={{}}
        onAction={onAction}
        caption="Devices"
      />,
    );

  it('reports the chosen action with the device key, and nothing for other clicks in a row', () => {
    const onAction = vi.fn();
    const onToggle = vi.fn();
    table(onAction, onToggle);
    fireEvent.click(screen.getByRole('button', { name: 'Forget Work laptop' }));
    fireEvent.click(screen.getByRole('button', { name: `Remember ${HOSTILE}` }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Work laptop' }));
    fireEvent.click(screen.getByText('203.0.113.7'));
    expect(onAction.mock.calls).toEqual([
      ['us-east-1_aaaa', 'forget'],
      ['us-east-1_bbbb', 'remember'],
    ]);
    expect(onToggle).toHaveBeenCalledWith('us-east-1_aaaa');
  });
});

describe('ErrorNotice', () => {
  it('names an unknown service error by its raw name', async () => {
    const error = new AppError('ERR_COGNITO_UNKNOWN', 'x', {
      details: { awsName: 'BrandNewException', awsMessage: 'Something new' },
    }).toJSON();
    render(<ErrorNotice error={error} />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('BrandNewException: Cognito answered'));
    expect(screen.getByRole('alert').textContent).toContain('Something new');
  });
});

describe('ConfirmDialog', () => {
  it('asks before a destructive action and reports the answer', () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(
      <ConfirmDialog
        open
        title="Forget this device?"
        confirmLabel="Forget"
        danger
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        It will be asked for MFA again.
      </ConfirmDialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Forget this device?' });
    expect(dialog.textContent).toContain('MFA');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Forget' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});
