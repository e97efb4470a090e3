import { type DeviceRow, deviceLabel } from '../utils/devices/view';
import { ConfirmDialog } from './ConfirmDialog';
import { UntrustedText } from './UntrustedText';

/** Props of {@link ForgetConfirm}. */
export interface ForgetConfirmProps {
  /** The device to forget; the dialog is closed when undefined. */
  row: DeviceRow | undefined;
  onConfirm: (row: DeviceRow) => void;
  onCancel: () => void;
}

/** "Forget this device?" — with the extra warning when it is this browser's own device. */
export function ForgetConfirm({ row, onConfirm, onCancel }: ForgetConfirmProps) {
  return (
    <ConfirmDialog
      open={row !== undefined}
      title={row?.isCurrent ? 'Forget this browser’s own device?' : 'Forget this device?'}
      confirmLabel="Forget device"
      danger
      onConfirm={() => row && onConfirm(row)}
      onCancel={onCancel}
    >
      <p>
        <strong>{row ? <UntrustedText text={deviceLabel(row)} /> : ''}</strong> will no longer be trusted by the user
        pool: signing in from it will need the full sign-in again, MFA included.
      </p>
      {row ? (
        <p class="muted small">
          Device key <UntrustedText class="mono" text={row.key} />
        </p>
      ) : null}
      {row?.isCurrent ? (
        <p class="notice notice-warn">
          This is the device this browser’s session is bound to. This browser will be asked for MFA again, and its
          refresh token may stop working, so the session can end.
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
