import { useEffect, useState } from 'preact/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { UntrustedText } from '../../components/UntrustedText';
import { DEVICE_ACTION_LABEL, type DeviceAction } from '../../utils/devices/actions';
import { forgetOthersRows, leftOutText } from '../../utils/devices/forget-others';
import { type DeviceRow, deviceLabel } from '../../utils/devices/view';

/** A bulk action waiting for the user's yes: its devices, and those it leaves out (known from history). */
export interface BulkPlan {
  action: DeviceAction;
  rows: DeviceRow[];
  title: string;
  /** Said first, in bold (e.g. that the filter hides some of the selected devices). */
  note?: string;
  /** Devices the plan leaves out that the user may include ("Forget all other devices"). */
  leftOut?: DeviceRow[];
}

/** Props of {@link BulkConfirm}. */
export interface BulkConfirmProps {
  plan: BulkPlan | undefined;
  onCancel: () => void;
  /** The devices to act on, exactly as the dialog listed them. */
  onConfirm: (plan: BulkPlan, rows: DeviceRow[]) => void;
}

function Preview({ rows }: { rows: readonly DeviceRow[] }) {
  return (
    <ul class="preview-list">
      {rows.map((r) => (
        <li key={r.key}>
          <UntrustedText text={deviceLabel(r)} />{' '}
          <span class="mono muted">
            <UntrustedText text={r.key} />
          </span>
          {r.isCurrent ? <strong> (this browser’s device)</strong> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The confirmation of a bulk action: every device it will act on, by name and
 * key. When the plan leaves devices out (Cognito's list does not show devices
 * marked not remembered), it says how many and offers to include them.
 */
export function BulkConfirm({ plan, onCancel, onConfirm }: BulkConfirmProps) {
  const leftOut = plan?.leftOut ?? [];
  // Nothing listed to act on: the left-out devices are what the user came for.
  const [include, setInclude] = useState(false);
  useEffect(() => setInclude(plan !== undefined && plan.rows.length === 0), [plan]);
  const rows = plan ? forgetOthersRows({ listed: plan.rows, leftOut }, include) : [];
  return (
    <ConfirmDialog
      open={plan !== undefined}
      title={plan?.title ?? ''}
      confirmLabel={plan ? `${DEVICE_ACTION_LABEL[plan.action]} ${rows.length}` : ''}
      danger={plan?.action === 'forget'}
      onCancel={onCancel}
      onConfirm={() => plan && rows.length > 0 && onConfirm(plan, rows)}
    >
      {plan?.note ? <p class="strong-note">{plan.note}</p> : null}
      <p>These devices, exactly:</p>
      <Preview rows={rows} />
      {leftOut.length > 0 ? (
        <div class="left-out">
          <p>{leftOutText(leftOut.length)}</p>
          {include ? null : <Preview rows={leftOut} />}
          <label>
            <input type="checkbox" checked={include} onChange={(e) => setInclude(e.currentTarget.checked)} />
            {leftOut.length === 1
              ? 'Include the device known from history'
              : `Include the ${leftOut.length} devices known from history`}
          </label>
        </div>
      ) : null}
      {plan?.action === 'forget' ? (
        <p class="muted">Forgotten devices need the full sign-in again, MFA included.</p>
      ) : null}
    </ConfirmDialog>
  );
}
