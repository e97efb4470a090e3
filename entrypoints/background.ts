import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openHistory } from '../utils/history/store';
import { createMessageRouter } from '../utils/messages';
import { REFRESH_ALARM } from '../utils/session/refresh-plan';
import { createSessionRuntime, historyRecorder } from '../utils/session/runtime';

/** Wiring only: the message router, the refresh alarm, startup. Logic lives in utils/. */
export default defineBackground(() => {
  const sessions = createSessionRuntime({ recordAction: historyRecorder(() => openHistory()) });
  const route = createMessageRouter(
    { ...sessions.handlers },
    { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') },
  );
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) void sessions.refreshDue();
  });
  void sessions.start();
});
