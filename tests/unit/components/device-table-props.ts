/** A DeviceTable's props for a test that only looks at what it draws: no selection, no-op callbacks. */
import type { DeviceTableProps } from '../../../components/DeviceTable';
import type { DeviceRow } from '../../../utils/devices/view';

export function staticTableProps(caption: string, rows: readonly DeviceRow[], now: number): DeviceTableProps {
  return {
    caption,
    rows,
    now,
    sort: { key: 'lastAuthenticatedAt', direction: 'desc' },
    onSort: () => {},
    selected: new Set(),
    onToggle: () => {},
    onToggleAll: () => {},
    states: {},
    onAction: () => {},
  };
}
