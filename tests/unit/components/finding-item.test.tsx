/** One Watch finding in Review devices: untrusted names never reorder text, actions only with a session. */
import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { FindingItem } from '../../../components/FindingItem';
import type { HistoryEntry } from '../../../utils/history/types';

const entry = (action: HistoryEntry['action'], deviceName: string): HistoryEntry =>
  ({
    id: 1,
    time: Date.UTC(2026, 11, 3, 12),
    action,
    mode: 'user',
    outcome: 'ok',
    actor: { pool: 'us-east-1_Demo1', username: 'carol' },
    actorKey: 'us-east-1_Demo1|carol',
    target: { deviceKey: 'us-east-1_0a1b2c3d-1111-4111-8111-111111111111', deviceName },
    watch: { at: Date.UTC(2026, 11, 3, 12), ip: '203.0.113.7' },
  }) as HistoryEntry;

describe('FindingItem', () => {
  it('names the item with controls shown as markers, and offers both actions for a new device', () => {
    const onAction = vi.fn();
    render(
      <ul>
        <FindingItem entry={entry('watch.newDevice', 'Pixel\u202Egnp.exe')} target={false} onAction={onAction} />
      </ul>,
    );
    const item = screen.getByRole('listitem', { name: 'Pixel⟨U+202E⟩gnp.exe' });
    expect(item.textContent).toContain('203.0.113.7');
    fireEvent.click(screen.getByRole('button', { name: 'Forget' }));
    expect(onAction).toHaveBeenCalledWith(expect.objectContaining({ id: 1 }), 'forget');
    expect(screen.getByRole('button', { name: 'Don’t remember' })).toBeTruthy();
  });

  it('offers only Forget for a device gone elsewhere, and no action without a session', () => {
    const { rerender } = render(
      <ul>
        <FindingItem entry={entry('watch.gone', 'Tablet')} target={false} onAction={() => undefined} />
      </ul>,
    );
    expect(screen.queryByRole('button', { name: 'Don’t remember' })).toBeNull();
    rerender(
      <ul>
        <FindingItem entry={entry('watch.gone', 'Tablet')} target={false} />
      </ul>,
    );
    expect(screen.queryByRole('button', { name: 'Forget' })).toBeNull();
    expect(screen.getByText('Import a session of this account to act on its devices.')).toBeTruthy();
  });
});
