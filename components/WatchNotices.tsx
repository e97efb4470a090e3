import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendMessage } from '../utils/messages';
import type { WatchStop } from '../utils/storage';
import { useErrorText } from '../utils/use-error-text';
import { useWatchState } from './watch-state';

/**
 * The popup's word from Watch, at its top: how many changes it found since the popup was last opened
 * (the toolbar badge's count, cleared now: they are seen), with the way to review them; and, once each,
 * why a session's watch stopped by itself.
 */
export function WatchNotices() {
  const state = useWatchState();
  // Captured once: opening the popup marks the findings seen, the line stays for this visit.
  const [unseen, setUnseen] = useState<number>();
  const [said, setSaid] = useState<[string, WatchStop][]>();
  useEffect(() => {
    if (!state || unseen !== undefined) return;
    setUnseen(state.unseen);
    if (state.unseen > 0) void sendMessage({ type: 'watch.seen', shown: state.unseen }).catch(() => undefined);
    const loud = Object.entries(state.sessions).flatMap(([id, s]) =>
      s.stopped && !s.on && !s.stopped.shown ? [[id, s.stopped] as [string, WatchStop]] : [],
    );
    setSaid(loud);
    for (const [sessionId] of loud) void sendMessage({ type: 'watch.stopShown', sessionId }).catch(() => undefined);
  }, [state]);
  const review = () => {
    void browser.tabs.create({ url: browser.runtime.getURL('/options.html#review') });
    window.close();
  };
  return (
    <>
      {unseen ? (
        <p class="notice notice-warn compact" role="status">
          Watch found {unseen === 1 ? '1 change' : `${unseen} changes`} on your accounts’ devices.{' '}
          <button type="button" class="btn btn-sm" onClick={review}>
            Review devices
          </button>
        </p>
      ) : null}
      {said?.map(([id, stop]) => (
        <StopNotice key={id} stop={stop} />
      ))}
    </>
  );
}

function StopNotice({ stop }: { stop: WatchStop }) {
  const words = useErrorText(stop.code);
  if (!words) return null;
  return (
    <p class="notice notice-warn compact" role="alert">
      Watch stopped: {words.title} {words.remediation}
    </p>
  );
}
