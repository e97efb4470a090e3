/**
 * The page hook over the device list: loads it from the background worker
 * and performs actions there (they survive the popup closing), then reloads
 * so a device that left ListDevices moves to "known from history".
 */
import { useCallback, useEffect, useReducer } from 'preact/hooks';
import { toAppError } from '../errors';
import { sendMessage } from '../messages';
import type { DeviceAction } from './actions';
import { devicesReducer, INITIAL_DEVICES_STATE } from './page-state';
import type { DeviceRow } from './view';

export function useDevices(sessionId: string | undefined) {
  const [state, dispatch] = useReducer(devicesReducer, INITIAL_DEVICES_STATE);

  const reload = useCallback(async () => {
    if (!sessionId) return;
    dispatch({ type: 'load' });
    try {
      dispatch({ type: 'loaded', result: await sendMessage({ type: 'devices.list', sessionId }) });
    } catch (error) {
      dispatch({ type: 'loadFailed', error: toAppError(error).toJSON() });
    }
  }, [sessionId]);

  useEffect(() => {
    void reload();
  }, [reload]);

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
