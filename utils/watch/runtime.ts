/**
 * Watch's browser adapters: the alarm, the idle state, the toolbar badge and
 * notifications (an optional permission). Browser-only; the logic is in
 * service.ts and state.ts.
 */
import { browser } from 'wxt/browser';
import { WATCH_ALARM } from './state';

/** The toolbar button's badge (Manifest V3's `action`, in both browsers). */
export async function setBadge(text: string): Promise<void> {
  await browser.action.setBadgeText({ text });
  if (text) await browser.action.setBadgeBackgroundColor({ color: '#b3261e' });
}

/** The alarm runs every `periodMinutes` while any session is watched; it is left alone when already so. */
export async function scheduleWatch(watching: boolean, periodMinutes: number): Promise<void> {
  const current = await browser.alarms.get(WATCH_ALARM);
  if (!watching) {
    if (current) await browser.alarms.clear(WATCH_ALARM);
    return;
  }
  if (current?.periodInMinutes === periodMinutes) return;
  await browser.alarms.create(WATCH_ALARM, { delayInMinutes: periodMinutes, periodInMinutes: periodMinutes });
}

/**
 * The idle state: 'locked' while the screen is locked, when the check is skipped. The threshold (60 s) only
 * matters for 'idle', which does not stop a check.
 */
export async function idleState(): Promise<'active' | 'idle' | 'locked'> {
  const idle = (browser as unknown as { idle?: typeof browser.idle }).idle;
  return idle ? ((await idle.queryState(60)) as 'active' | 'idle' | 'locked') : 'active';
}

/** The notifications API, present only once the optional permission is granted. */
function notifications(): typeof browser.notifications | undefined {
  return (browser as unknown as { notifications?: typeof browser.notifications }).notifications;
}

export async function notify(id: string, text: { title: string; message: string }): Promise<boolean> {
  const api = notifications();
  if (!api || !(await browser.permissions.contains({ permissions: ['notifications'] }))) return false;
  await api.create(id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: text.title,
    message: text.message,
  });
  return true;
}

/** Run `onClick(id)` for a click on one of the extension's notifications, once the API exists. */
export function onNotificationClick(onClick: (id: string) => void): void {
  let listening = false;
  const listen = () => {
    const api = notifications();
    if (listening || !api) return;
    listening = true;
    api.onClicked.addListener((id) => {
      onClick(id);
      void api.clear(id);
    });
  };
  listen();
  // Granted while this worker runs: the API appears then.
  browser.permissions.onAdded.addListener(listen);
}
