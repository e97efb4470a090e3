/**
 * The one forget confirmation of a page (popup, Devices, Review, Admin): `ask(row)` opens it, `dialog`
 * is the element to render; confirming calls `onForget`. The dialog's module loads after the page's
 * first frame (the popup does not need it to draw its devices) and is in place before anyone can ask.
 */
import { useState } from 'preact/hooks';
import type { DeviceRow } from '../utils/devices/view';
import type { ForgetConfirmProps } from './ForgetConfirm';
import { lazyComponent } from './lazy-component';

const LazyForgetConfirm = lazyComponent<ForgetConfirmProps>(() =>
  import('./ForgetConfirm').then((m) => m.ForgetConfirm),
);

export function useForgetConfirm(onForget: (row: DeviceRow) => void) {
  const [row, setRow] = useState<DeviceRow>();
  const dialog = (
    <LazyForgetConfirm
      row={row}
      onCancel={() => setRow(undefined)}
      onConfirm={(confirmed) => {
        setRow(undefined);
        onForget(confirmed);
      }}
    />
  );
  return { ask: setRow, dialog };
}
