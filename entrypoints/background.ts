import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createAdminRuntime } from '../utils/admin/handlers';
import { ADMIN_MESSAGE_SCHEMAS } from '../utils/admin/message-schemas';
import { createDeviceRuntime, deviceHandlers } from '../utils/devices/handlers';
import { DEVICE_MESSAGE_SCHEMAS } from '../utils/devices/message-schemas';
import { createLazyHistory } from '../utils/history/lazy';
import { JOB_ALARM, keepJobAlarm } from '../utils/job-alarm';
import { createMessageRouter, type MessageSchemas } from '../utils/messages';
import { createSessionRuntime } from '../utils/session/handlers';
import { SESSION_MESSAGE_SCHEMAS } from '../utils/session/message-schemas';
import { REFRESH_ALARM } from '../utils/session/refresh-plan';
import { createSessionStore } from '../utils/session/store';
import { readSettings, settingsItem } from '../utils/storage';
import { createWatchRuntime } from '../utils/watch/handlers';
import { WATCH_MESSAGE_SCHEMAS } from '../utils/watch/message-schemas';
import { WATCH_ALARM } from '../utils/watch/state';
import { createWorkerContext } from '../utils/worker/context';

/**
 * Every message type's schema (the areas' slices), checked by the router before any handler. Combined here, in the
 * worker, so the pages (which share utils/messages.ts for sendMessage) never load them.
 */
export const MESSAGE_SCHEMAS: MessageSchemas = {
  ...SESSION_MESSAGE_SCHEMAS,
  ...DEVICE_MESSAGE_SCHEMAS,
  ...ADMIN_MESSAGE_SCHEMAS,
  ...WATCH_MESSAGE_SCHEMAS,
};

/** Wiring only: the worker context, the message router, the refresh alarm, startup. Logic lives in utils/. */
export default defineBackground(() => {
  // One context for the whole worker: settings cache, one pacer registry, one history recorder.
  // One session store for the whole worker: one writer of the session items, one write queue.
  const sessionStore = createSessionStore();
  const context = createWorkerContext({
    sessions: sessionStore,
    readSettings,
    watchSettings: (listener) => settingsItem.watch((next) => listener(next)),
    history: createLazyHistory({ retention: async () => (await context.settings()).history }),
  });
  const sessions = createSessionRuntime(context, sessionStore);
  const devices = createDeviceRuntime(context);
  const admin = createAdminRuntime(context);
  const sessionsStarted = sessions.start();
  const watch = createWatchRuntime(context, sessionStore, sessionsStarted, devices, () => sessions.refreshDue());
  const route = createMessageRouter(
    { ...sessions.handlers, ...deviceHandlers(devices), ...admin.handlers, ...watch.handlers },
    { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/'), schemas: MESSAGE_SCHEMAS },
  );
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) void sessions.refreshDue();
    if (alarm.name === WATCH_ALARM) void watch.tick();
    // Waking the worker was the point (the job resumed at start); a live one already runs it.
    if (alarm.name === JOB_ALARM) void devices.recoverBulk();
  });
  void devices.recoverBulk();
  keepJobAlarm();
  void admin.start();
  void watch.start();
  void context.history();
});
