/**
 * The page hook over the device list: loads it from the background worker
 * and performs actions there (they survive the popup closing), then reloads
 * so a device that left ListDevices moves to "known from history".
 */
import { useCallback, useEffect, useReducer, useRef } from 'preact/hooks';
import { toAppError } from '../errors';
import { sendMessage } from '../messages';
import type { DeviceAction } from './actions';
import { devicesReducer, INITIAL_DEVICES_STATE } from './page-state';
import type { DeviceListResult } from './service';
import type { DeviceRow } from './view';

/**
 * @param takePrefetched gives (once) a `devices.list` of the active session
 *   already under way — the popup starts it while it asks for the session —
 *   used for the first load when it is for this session.
 */
export function useDevices(
  sessionId: string | undefined,
  takePrefetched?: () => Promise<DeviceListResult | undefined> | undefined,
) {
  const [state, dispatch] = useReducer(devicesReducer, INITIAL_DEVICES_STATE);
  // Only the latest load may land: an older reply arriving last would show a device's old state.
  const latest = useRef(0);

  const load = useCallback(
    async (pending?: Promise<DeviceListResult | undefined>) => {
      if (!sessionId) return;
      const ticket = ++latest.current;
      dispatch({ type: 'load' });
      try {
        let result = pending ? await pending : undefined;
        if (result?.sessionId !== sessionId) result = await sendMessage({ type: 'devices.list', sessionId });
        if (ticket === latest.current) dispatch({ type: 'loaded', result });
      } catch (error) {
        if (ticket === latest.current) dispatch({ type: 'loadFailed', error: toAppError(error).toJSON() });
      }
    },
    [sessionId],
  );
  const reload = useCallback(() => load(), [load]);

  useEffect(() => {
    void load(takePrefetched?.());
  }, [load]);

  const act = useCallback(
    async (row: DeviceRow, action: DeviceAction) => {
      dispatch({ type: 'act', key: row.key, action });
      try {
        const result = await sendMessage({
          type: 'devices.act',
          sessionId,
          device: { key: row.key, name: row.name, remembered: row.remembered },
          action,
        });
        dispatch({ type: 'acted', key: row.key, action, message: result.message });
      } catch (error) {
        dispatch({ type: 'actFailed', key: row.key, action, error: toAppError(error).toJSON() });
      }
      await reload();
    },
    [sessionId, reload],
  );

  return { state, reload, act };
}
