import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendMessage } from '../utils/messages';
import { watchItem } from '../utils/storage';

/**
 * The popup's line about Watch's findings since it was last opened (the toolbar badge's count), with the
 * way to review them. Opening the popup marks them seen: the badge clears, the line stays for this visit.
 */
export function UnseenFindings() {
  const [unseen, setUnseen] = useState(0);
  useState(() =>
    watchItem.getValue().then(
      (state) => {
        if (state.unseen === 0) return;
        setUnseen(state.unseen);
        void sendMessage({ type: 'watch.seen' }).catch(() => undefined);
      },
      () => undefined,
    ),
  );
  if (unseen === 0) return null;
  const review = () => {
    void browser.tabs.create({ url: browser.runtime.getURL('/options.html#review') });
    window.close();
  };
  return (
    <p class="notice notice-warn compact" role="status">
      Watch found {unseen === 1 ? '1 change' : `${unseen} changes`} on your accounts’ devices.{' '}
      <button type="button" class="btn btn-sm" onClick={review}>
        Review devices
      </button>
    </p>
  );
}
