import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { DeviceList } from '../../../components/DeviceList';
import { ForgetConfirm } from '../../../components/ForgetConfirm';
import { HistoryTable } from '../../../components/HistoryTable';
import { UNTRUSTED_TEXT_MAX, UntrustedText } from '../../../components/UntrustedText';
import type { DeviceRow } from '../../../utils/devices/view';
import type { HistoryEntry } from '../../../utils/history/types';

const NOW = Date.UTC(2026, 10, 26, 12);
const device = (key: string, name: string): DeviceRow => ({
  key,
  name,
  remembered: true,
  source: 'listed',
  isCurrent: false,
});

describe('UntrustedText', () => {
  it('isolates the text in a <bdi> and shows a bidi override as a visible marker', () => {
    const { container } = render(<UntrustedText text={'Old phone\u202E'} />);
    const bdi = container.querySelector('bdi');
    expect(bdi?.textContent).toBe('Old phone⟨U+202E⟩');
    expect(bdi?.textContent).not.toContain('\u202E');
    expect(bdi?.querySelector('.control-char')?.textContent).toBe('⟨U+202E⟩');
  });

  it('renders markup as text', () => {
    const { container } = render(<UntrustedText text="<img src=x onerror=alert(1)>" />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('cuts a 1,024-character name and shows all of it from a button (reachable by keyboard)', () => {
    const name = `${'A'.repeat(1000)}${'z'.repeat(24)}`;
    const { container } = render(<UntrustedText text={name} />);
    expect(container.querySelector('bdi')?.textContent).toBe(`${'A'.repeat(UNTRUSTED_TEXT_MAX)}…`);
    const more = screen.getByRole('button', { name: 'Show all 1,024 characters' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(container.querySelector('bdi')?.textContent).toBe(name);
    expect(screen.getByRole('button', { name: 'Show less' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('shows a short name whole, without a button', () => {
    render(<UntrustedText text="Pixel 8" />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('look-alike names in the popup list', () => {
  it('two devices with the same name each show the end of their key, also in their accessible names', () => {
    const rows = [
      device('us-east-1_11111111-aaaa', 'Pixel 8'),
      device('us-east-1_22222222-bbbb', 'Pixel 8'),
      device('us-east-1_33333333-cccc', 'Work laptop'),
    ];
    render(<DeviceList rows={rows} now={NOW} states={{}} onAction={() => {}} label="Devices" />);
    const first = screen.getByRole('listitem', { name: 'Pixel 8 (key …111-aaaa)' });
    const second = screen.getByRole('listitem', { name: 'Pixel 8 (key …222-bbbb)' });
    expect(within(first).getByText('111-aaaa')).toBeTruthy();
    expect(within(second).getByText('222-bbbb')).toBeTruthy();
    const laptop = screen.getByRole('listitem', { name: 'Work laptop' });
    expect(within(laptop).queryByText(/^key/)).toBeNull();
  });

  it('a name reversed by a bidi override reads like the other, so both show their key', () => {
    const rows = [device('us-east-1_aaaa-0001', 'Old phone'), device('us-east-1_bbbb-0002', '\u202Eenohp dlO')];
    render(<DeviceList rows={rows} now={NOW} states={{}} onAction={() => {}} label="Devices" />);
    expect(screen.getByRole('listitem', { name: 'Old phone (key …aaa-0001)' })).toBeTruthy();
    expect(screen.getByRole('listitem', { name: '⟨U+202E⟩enohp dlO (key …bbb-0002)' })).toBeTruthy();
  });
});

describe('untrusted text in dialogs and tables', () => {
  it('the Forget dialog shows the override as a marker inside an isolate, and the device key', () => {
    const row = device('us-east-1_cafe-0001', 'Old phone\u202E');
    const { container } = render(<ForgetConfirm row={row} onConfirm={() => {}} onCancel={() => {}} />);
    const strong = container.querySelector('strong');
    expect(strong?.querySelector('bdi')?.textContent).toBe('Old phone⟨U+202E⟩');
    expect(container.textContent).not.toContain('\u202E');
    expect(container.textContent).toContain('us-east-1_cafe-0001');
  });

  it('the history table isolates device names, keys and usernames and shows their controls', () => {
    const entry: HistoryEntry = {
      id: 1,
      time: NOW - 60_000,
      mode: 'user',
      action: 'device.forget',
      outcome: 'ok',
      actor: { pool: 'us-east-1_Demo1', username: 'mallory\u202E' },
      actorKey: 'us-east-1_Demo1|mallory',
      target: { deviceKey: 'us-east-1_k1', deviceName: '\u2067Old phone' },
    };
    const { container } = render(<HistoryTable entries={[entry]} now={NOW} caption="History" />);
    const isolated = [...container.querySelectorAll('bdi')].map((b) => b.textContent);
    expect(isolated).toEqual(['⟨U+2067⟩Old phone', 'us-east-1_k1', 'mallory⟨U+202E⟩', 'us-east-1_Demo1']);
  });
});
