/**
 * The device service as the background worker runs it: sessions from the
 * session store, one Cognito client and pacer per endpoint at the rates of
 * Settings, the shared history, and bulk progress published to
 * storage.session. background.ts only wires `createDeviceRuntime()`.
 */
import { type CognitoClient, createCognitoClient, createPacer, type Pacer } from '../cognito';
import type { HistoryStore } from '../history/store';
import type { MessageHandlers } from '../messages';
import { loopbackOverride } from '../session/endpoint-override';
import { createSessionStore, type SessionStore } from '../session/store';
import { bulkJobItem, readSettings, type Settings, settingsItem } from '../storage';
import { createDeviceService, type DeviceService } from './service';

/** One pacer per endpoint and rates, so every caller shares the quota. */
export function createPacerRegistry(): (endpoint: string, rates: { read: number; write: number }) => Pacer {
  const pacers = new Map<string, Pacer>();
  return (endpoint, rates) => {
    const key = `${endpoint}|${rates.read}|${rates.write}`;
    let pacer = pacers.get(key);
    if (!pacer) {
      pacer = createPacer({ read: rates.read, write: rates.write });
      pacers.set(key, pacer);
    }
    return pacer;
  };
}

export function createDeviceRuntime(options: {
  history: () => Promise<HistoryStore | undefined>;
  /** The worker's one session store (shared with the session runtime). */
  sessions?: SessionStore;
}): DeviceService {
  const pacerFor = createPacerRegistry();
  // Settings, read once and then kept current: not a storage read per call.
  let settings: Promise<Settings> | undefined;
  settingsItem.watch((next) => {
    settings = Promise.resolve(next);
  });
  const current = () => {
    settings ??= readSettings();
    return settings;
  };
  return createDeviceService({
    sessions: options.sessions ?? createSessionStore(),
    history: options.history,
    async cognito(endpoint): Promise<CognitoClient> {
      return createCognitoClient({ endpoint, pacer: pacerFor(endpoint, (await current()).quotas) });
    },
    endpointOverride: async () => loopbackOverride(await current()),
    publishBulk: (snapshot) => bulkJobItem.setValue(snapshot),
    currentBulk: () => bulkJobItem.getValue(),
  });
}

/** The device messages answered by the background. */
export function deviceHandlers(service: DeviceService): MessageHandlers {
  return {
    'devices.list': ({ sessionId }) => service.list({ sessionId }),
    'devices.act': ({ sessionId, device, action }) => service.act({ sessionId, device, action }),
    'devices.bulkStart': ({ sessionId, devices, action }) => service.startBulk({ sessionId, devices, action }),
    'devices.bulkCancel': ({ jobId }) => service.cancelBulk({ jobId }),
  };
}
