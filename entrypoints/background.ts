import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createAdminRuntime } from '../utils/admin/runtime';
import { createDeviceRuntime, deviceHandlers } from '../utils/devices/runtime';
import { AppError } from '../utils/errors';
import { createLazyHistory } from '../utils/history/lazy';
import { createMessageRouter } from '../utils/messages';
import { REFRESH_ALARM } from '../utils/session/refresh-plan';
import { createSessionRuntime, historyRecorder } from '../utils/session/runtime';
import { createSessionStore } from '../utils/session/store';
import { readSettings } from '../utils/storage';

/** Wiring only: the message router, the refresh alarm, startup. Logic lives in utils/. */
export default defineBackground(() => {
  const history = createLazyHistory({ retention: async () => (await readSettings()).history });
  // One session store for the whole worker: one writer of the session items, one write queue.
  const sessionStore = createSessionStore();
  const sessions = createSessionRuntime({
    store: sessionStore,
    recordAction: historyRecorder(async () => {
      const store = await history();
      if (!store) throw new AppError('ERR_HISTORY_UNAVAILABLE');
      return store;
    }),
  });
  const devices = createDeviceRuntime({ history, sessions: sessionStore });
  const admin = createAdminRuntime({ history });
  const route = createMessageRouter(
    { ...sessions.handlers, ...deviceHandlers(devices), ...admin.handlers },
    { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') },
  );
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) void sessions.refreshDue();
  });
  void sessions.start();
  void devices.recoverBulk();
  void admin.start();
  void history();
});
