import type { DeviceAction, RowActionState } from '../utils/devices/actions';
import { type DeviceRow, deviceLabel } from '../utils/devices/view';
import { formatDate, formatExact } from '../utils/format';
import { collidingLabels, visibleText } from '../utils/untrusted-text';
import { DeviceActions, onDeviceActionClick } from './DeviceActions';
import { KnownAsOf } from './KnownFacts';
import { RememberedBadge } from './RememberedBadge';
import { TimeStamp } from './TimeStamp';
import { UntrustedText } from './UntrustedText';

/** Props of {@link DeviceList}. */
export interface DeviceListProps {
  rows: readonly DeviceRow[];
  /** Current time in ms, for relative times. */
  now: number;
  states: Readonly<Record<string, RowActionState>>;
  onAction: (key: string, action: DeviceAction) => void;
  /** Accessible name of the list. */
  label: string;
}

/**
 * The popup's compact device list: one card per device. Names are untrusted text
 * (see UntrustedText); when two read alike, each shows the end of its device key.
 */
export function DeviceList({ rows, now, states, onAction, label }: DeviceListProps) {
  const lookAlike = collidingLabels(rows, (r) => r.key, deviceLabel);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the buttons inside are the controls (Enter and Space click them too); this only hears their clicks.
    <ul class="device-list" aria-label={label} onClick={onDeviceActionClick(onAction)}>
      {rows.map((row) => (
        <li
          key={row.key}
          class="device-card"
          aria-label={visibleText(deviceLabel(row)) + (lookAlike.has(row.key) ? ` (key …${row.key.slice(-8)})` : '')}
          data-device-key={row.key}
        >
          <div class="device-head">
            <span class="device-name">
              <UntrustedText text={deviceLabel(row)} />
            </span>
            {lookAlike.has(row.key) ? (
              <span class="mono muted device-key" title="Another device has a name that reads the same">
                key …<UntrustedText text={row.key.slice(-8)} />
              </span>
            ) : null}
            {row.isCurrent ? <span class="badge badge-ok">This device</span> : null}
            <RememberedBadge remembered={row.remembered} inferred={row.rememberedInferred} />
          </div>
          <dl class="device-facts">
            <dt>Last signed in</dt>
            <dd>
              <TimeStamp
                time={row.lastAuthenticatedAt}
                now={now}
                missing={row.source === 'history' && row.factsAsOf === undefined ? 'not listed' : 'never'}
              />
            </dd>
            <dt>Last IP</dt>
            <dd class="mono">{row.lastIp ? <UntrustedText text={row.lastIp} /> : '—'}</dd>
            <dt>Created</dt>
            <dd title={formatExact(row.createdAt)}>{formatDate(row.createdAt)}</dd>
          </dl>
          {row.source === 'history' ? (
            <p class="device-as-of">
              <KnownAsOf row={row} />
            </p>
          ) : null}
          <DeviceActions row={row} state={states[row.key]} />
        </li>
      ))}
    </ul>
  );
}
