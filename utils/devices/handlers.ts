/**
 * The device area's adapter: the service as the background worker runs it,
 * sessions, clients and pacing from the worker context, and bulk
 * progress published to storage.session. background.ts only wires
 * `createDeviceRuntime()`.
 */
import type { MessageHandlers } from '../messages';
import { bulkJobItem } from '../storage';
import type { WorkerContext } from '../worker/context';
import { createDeviceService, type DeviceService } from './service';

export function createDeviceRuntime(context: WorkerContext): DeviceService {
  return createDeviceService({
    sessions: context.sessions,
    history: context.history,
    cognito: (endpoint) => context.cognito({ endpoint }),
    endpointOverride: context.endpointOverride,
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
