import {
  availableActions,
  DEVICE_ACTION_LABEL,
  type DeviceAction,
  type RowActionState,
} from '../utils/devices/actions';
import type { DeviceRow } from '../utils/devices/view';
import { deviceLabel } from '../utils/devices/view';
import { visibleText } from '../utils/untrusted-text';
import { ErrorNotice } from './ErrorNotice';

/** Props of {@link DeviceActions}. */
export interface DeviceActionsProps {
  row: DeviceRow;
  state?: RowActionState;
}

/**
 * The action buttons of one device, with its pending / done / failed state.
 * Clicks are handled once for the whole list (see `onDeviceActionClick`): each
 * button names its action and the row its device key (`data-device-key`).
 */
export function DeviceActions({ row, state }: DeviceActionsProps) {
  const pending = state?.phase === 'pending';
  const label = visibleText(deviceLabel(row));
  return (
    <div class="device-actions">
      {availableActions(row.remembered).map((action) => (
        <button
          key={action}
          type="button"
          class={action === 'forget' ? 'btn btn-sm btn-danger' : 'btn btn-sm'}
          disabled={pending}
          data-action={action}
          aria-label={`${DEVICE_ACTION_LABEL[action]} ${label}`}
        >
          {pending && state.action === action ? `${DEVICE_ACTION_LABEL[action]}…` : DEVICE_ACTION_LABEL[action]}
        </button>
      ))}
      {/* Always there (empty when idle): a status region is read out when its text changes. */}
      <span role="status" class={state?.phase === 'done' ? 'device-status ok-text' : 'device-status muted'}>
        {state?.phase === 'done' ? state.message : state?.phase === 'pending' ? 'Working…' : ''}
      </span>
      {state?.phase === 'failed' ? <ErrorNotice compact error={state.error} /> : null}
    </div>
  );
}

/**
 * The one click listener of a device list or table: calls `onAction` with the
 * `data-action` of the button clicked and the `data-device-key` of its row, and
 * ignores every other click. One listener per list instead of one per button
 * keeps a long list quick to render.
 */
export function onDeviceActionClick(
  onAction: (key: string, action: DeviceAction) => void,
): (event: { target: EventTarget | null }) => void {
  return ({ target }) => {
    if (!(target instanceof Element)) return;
    const button = target.closest<HTMLButtonElement>('button[data-action]');
    const action = button?.dataset.action;
    const key = button?.closest<HTMLElement>('[data-device-key]')?.dataset.deviceKey;
    if (key && action && Object.hasOwn(DEVICE_ACTION_LABEL, action)) onAction(key, action as DeviceAction);
  };
}
