import { useState } from 'preact/hooks';
import { DeviceList } from '../../components/DeviceList';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ForgetConfirm } from '../../components/ForgetConfirm';
import type { DeviceAction } from '../../utils/devices/actions';
import { findRow, offersRefresh } from '../../utils/devices/page-state';
import type { DeviceListResult } from '../../utils/devices/service';
import { useDevices } from '../../utils/devices/use-devices';
import { type DeviceRow, popupOrder } from '../../utils/devices/view';

export interface PopupDevicesProps {
  sessionId: string;
  /** Takes the device list of the active session requested while the popup opened (once). */
  takePrefetched?: () => Promise<DeviceListResult | undefined> | undefined;
  /** Offered when the token has expired. */
  onRefreshSession?: () => void;
}

/** The popup's device list: the session's devices, actions, and the forget confirmation. */
export function PopupDevices({ sessionId, takePrefetched, onRefreshSession }: PopupDevicesProps) {
  const { state, act } = useDevices(sessionId, takePrefetched);
  const [confirm, setConfirm] = useState<DeviceRow>();
  const now = Date.now();
  const onAction = (key: string, action: DeviceAction) => {
    const row = findRow(state, key);
    if (!row) return;
    if (action === 'forget') setConfirm(row);
    else void act(row, action);
  };
  const rows = [...state.listed, ...state.knownOnly];
  return (
    <section class="popup-devices" aria-labelledby="popup-devices-title" aria-busy={state.status === 'loading'}>
      <h2 id="popup-devices-title">
        Devices{' '}
        <span class="muted">{state.status === 'ready' || state.listed.length ? `(${state.listed.length})` : ''}</span>
      </h2>
      {state.error ? (
        <ErrorNotice
          error={state.error}
          action={
            offersRefresh(state.error) && onRefreshSession ? (
              <button type="button" class="btn btn-sm" onClick={onRefreshSession}>
                Refresh session
              </button>
            ) : undefined
          }
        />
      ) : null}
      {state.status === 'loading' && rows.length === 0 ? (
        <p class="muted device-placeholder">Loading devices…</p>
      ) : null}
      {state.status === 'ready' && rows.length === 0 ? (
        <p class="muted device-placeholder">Cognito remembers no device for this account.</p>
      ) : null}
      <DeviceList
        rows={popupOrder(state.listed)}
        now={now}
        states={state.rows}
        onAction={onAction}
        label="Remembered devices"
      />
      {state.knownOnly.length > 0 ? (
        <>
          <h3 class="known-title">Known from history</h3>
          <p class="muted small">Not listed by Cognito now (not remembered). Remember them again if you trust them.</p>
          <DeviceList
            rows={state.knownOnly}
            now={now}
            states={state.rows}
            onAction={onAction}
            label="Devices known from history"
          />
        </>
      ) : null}
      <ForgetConfirm
        row={confirm}
        onCancel={() => setConfirm(undefined)}
        onConfirm={(row) => {
          setConfirm(undefined);
          void act(row, 'forget');
        }}
      />
    </section>
  );
}
