/**
 * The page's watch state: one storage watch however many components read it (the popup's notices and its
 * Watch switch), each kept current, the watch closed with the last reader.
 */
import { render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useWatchState } from '../../../components/watch-state';
import { watchItem } from '../../../utils/storage';
import { NO_WATCH } from '../../../utils/storage-watch';

function Unseen({ label }: { label: string }) {
  const state = useWatchState();
  return <p>{state ? `${label}: ${state.unseen}` : `${label}: reading`}</p>;
}

describe('useWatchState', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  it('shares one storage watch between readers, keeps each current, and closes it with the last', async () => {
    await watchItem.setValue({ ...NO_WATCH, unseen: 2 });
    // The one storage watch is one onChanged listener (components/watch-state.ts reads storage directly).
    const watch = vi.spyOn(fakeBrowser.storage.onChanged, 'addListener');
    const { unmount } = render(
      <>
        <Unseen label="notices" />
        <Unseen label="switch" />
      </>,
    );
    await screen.findByText('notices: 2');
    await screen.findByText('switch: 2');
    expect(watch).toHaveBeenCalledTimes(1);

    await watchItem.setValue({ ...NO_WATCH, unseen: 5 });
    await waitFor(() => expect(screen.getByText('notices: 5')).toBeTruthy());
    expect(screen.getByText('switch: 5')).toBeTruthy();

    unmount();
    // A reader that comes later opens a new watch and reads the stored state afresh.
    render(<Unseen label="later" />);
    await screen.findByText('later: 5');
    expect(watch).toHaveBeenCalledTimes(2);
  });
});
