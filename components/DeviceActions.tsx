import {
  availableActions,
  DEVICE_ACTION_LABEL,
  type DeviceAction,
  type RowActionState,
} from '../utils/devices/actions';
import type { DeviceRow } from '../utils/devices/view';
import { deviceLabel } from '../utils/devices/view';
import { ErrorNotice } from './ErrorNotice';

/** Props of {@link DeviceActions}. */
export interface DeviceActionsProps {
  row: DeviceRow;
  state?: RowActionState;
  onAction: (key: string, action: DeviceAction) => void;
}

/** The action buttons of one device, with its pending / done / failed state. */
export function DeviceActions({ row, state, onAction }: DeviceActionsProps) {
  const pending = state?.phase === 'pending';
  const label = deviceLabel(row);
  return (
    <div class="device-actions">
      <div class="device-buttons">
        {availableActions(row.remembered).map((action) => (
          <button
            key={action}
            type="button"
            class={action === 'forget' ? 'btn btn-sm btn-danger' : 'btn btn-sm'}
            disabled={pending}
            aria-label={`${DEVICE_ACTION_LABEL[action]} ${label}`}
            onClick={() => onAction(row.key, action)}
          >
            {pending && state.action === action ? `${DEVICE_ACTION_LABEL[action]}…` : DEVICE_ACTION_LABEL[action]}
          </button>
        ))}
      </div>
      <div aria-live="polite" class="device-status-line">
        {state?.phase === 'pending' ? <span class="muted">Working…</span> : null}
        {state?.phase === 'done' ? <span class="ok-text">{state.message}</span> : null}
      </div>
      {state?.phase === 'failed' ? <ErrorNotice compact error={state.error} /> : null}
    </div>
  );
}
