/**
 * The popup's early device list: a `devices.list` request sent as the popup
 * opens, handed once to the first device list shown. When its answer is
 * already in, that list starts with the rows (no extra render, no effect to
 * wait for); when it is still on its way, the list awaits it.
 */
import type { DeviceListResult } from './service';

/** What the first taker gets: the answer, or the request still on its way. */
export type PrefetchedDevices = { result: DeviceListResult } | { pending: Promise<DeviceListResult | undefined> };

export interface DevicesPrefetch {
  /** The early list, once: later calls (a list mounted again) get undefined and load afresh. */
  take(): PrefetchedDevices | undefined;
  /** Resolves true when the list came, false when the request failed. */
  readonly answered: Promise<boolean>;
}

/**
 * @param request the early `devices.list`; a failed one is not used (the list
 *   loads again and reports its own error).
 * @param onResult told of the answer (the popup shows its session at once).
 */
export function createDevicesPrefetch(
  request: Promise<DeviceListResult>,
  onResult?: (result: DeviceListResult) => void,
): DevicesPrefetch {
  let result: DeviceListResult | undefined;
  let taken = false;
  const pending = request.then(
    (answer) => {
      result = answer;
      onResult?.(answer);
      return answer;
    },
    () => undefined,
  );
  return {
    answered: pending.then((answer) => answer !== undefined),
    take() {
      if (taken) return undefined;
      taken = true;
      return result ? { result } : { pending };
    },
  };
}
