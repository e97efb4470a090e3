import type { DeviceRow } from '../utils/devices/view';
import { formatExact } from '../utils/format';
import { visibleText } from '../utils/untrusted-text';
import { UntrustedText } from './UntrustedText';

/** Props of {@link IpContext}. */
export interface IpContextProps {
  row: DeviceRow;
  /** Shows the devices sharing this IP (the Devices page sets its filter to it); no link when absent. */
  onFilterIp?: (ip: string) => void;
}

/** "New IP", when a row's last IP is new for the account, with when it was first seen; nothing otherwise. */
export function NewIpBadge({ row, small }: { row: DeviceRow; small?: boolean }) {
  if (!row.ip?.isNew) return null;
  return (
    <span
      class={small ? 'badge badge-warn badge-xs' : 'badge badge-warn'}
      title={`First seen on this account ${formatExact(row.ip.firstSeen)}`}
    >
      New IP
    </span>
  );
}

/**
 * A device's last IP with its context on the account: "New IP" when this
 * extension first saw it on the account within the last week (after the
 * account's earlier IPs), and how many of the account's devices show it,
 * as a link to those devices. IPs are untrusted text.
 */
export function IpContext({ row, onFilterIp }: IpContextProps) {
  if (!row.lastIp) return <span>—</span>;
  const ip = row.lastIp;
  const shared = row.ip && row.ip.devices > 1 ? row.ip.devices : 0;
  return (
    <span class="ip-context">
      <span class="mono">
        <UntrustedText text={ip} />
      </span>
      <NewIpBadge row={row} />
      {shared && onFilterIp ? (
        <button
          type="button"
          class="link-button"
          aria-label={`Show the ${shared} devices with IP ${visibleText(ip)}`}
          onClick={() => onFilterIp(ip)}
        >
          {shared} devices
        </button>
      ) : shared ? (
        <span class="muted">{shared} devices</span>
      ) : null}
    </span>
  );
}
