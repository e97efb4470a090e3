/**
 * Watch's `list` over a real device service, for tests and the watch bench: its listing with the memory
 * read once, then the memory's update the service defers until after its answer (in the worker it runs
 * once the reply has gone), so the next check compares with it.
 */
import type { DeviceService } from '../../../utils/devices/service';
import type { WatchDeps } from '../../../utils/watch/service';

export function listingWithMemory(
  devices: Pick<DeviceService, 'listWithMemory'>,
  deferred: (() => Promise<void>)[],
): WatchDeps['list'] {
  return async (sessionId) => {
    const answer = await devices.listWithMemory({ sessionId });
    await Promise.all(deferred.splice(0).map((task) => task()));
    return answer;
  };
}
