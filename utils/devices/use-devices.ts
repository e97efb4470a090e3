/**
 * The page hook over the device list: loads it from the background worker
 * and performs actions there (they survive the popup closing). An action's
 * answer carries the list with the action folded in (a device that left
 * ListDevices is "known from history"): one round trip, no second listing.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { toAppError } from '../errors';
import { sendMessage } from '../messages';
import type { KeptDeviceList } from '../storage';
import type { DeviceAction } from './actions';
import { devicesReducer, initialDevicesState } from './page-state';
import type { DevicesPrefetch } from './prefetch';
import type { DeviceListResult } from './service';
import type { DeviceRow } from './view';

/**
 * @param prefetch the popup's early `devices.list` of the active session,
 *   taken on the first render: its answer, when it is for this session, is the
 *   first state (rows shown at once); a request still on its way is awaited by
 *   the first load.
 * @param kept the last list shown for this session (the popup's kept list):
 *   drawn until the first load lands, when no fresher list is at hand.
 */
export function useDevices(sessionId: string | undefined, prefetch?: DevicesPrefetch, kept?: KeptDeviceList) {
  const [first] = useState(() => prefetch?.take());
  const [state, dispatch] = useReducer(devicesReducer, undefined, () =>
    initialDevicesState(
      first && 'result' in first && first.result.sessionId === sessionId ? first.result : undefined,
      kept?.sessionId === sessionId ? kept : undefined,
    ),
  );
  // Only the latest load may land: an older reply arriving last would show a device's old state.
  const latest = useRef(0);
  // The early list serves the first load only.
  const early = useRef(first);

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
    const taken = early.current;
    early.current = undefined;
    if (taken && 'result' in taken && taken.result.sessionId === sessionId) return;
    void load(taken && 'pending' in taken ? taken.pending : undefined);
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
        // Newer than any listing still on its way: that one must not land over it.
        ++latest.current;
        if (result.list.sessionId === sessionId) dispatch({ type: 'loaded', result: result.list });
        else await reload();
      } catch (error) {
        dispatch({ type: 'actFailed', key: row.key, action, error: toAppError(error).toJSON() });
        // What a failure changed is unknown (a call may have landed): ask again.
        await reload();
      }
    },
    [sessionId, reload],
  );

  return { state, reload, act };
}
