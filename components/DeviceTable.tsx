import type { ComponentChildren } from 'preact';
import type { DeviceAction, RowActionState } from '../utils/devices/actions';
import { type DeviceRow, type DeviceSort, type DeviceSortKey, deviceLabel } from '../utils/devices/view';
import { formatDate, formatExact } from '../utils/format';
import { visibleText } from '../utils/untrusted-text';
import { DeviceActions, onDeviceActionClick } from './DeviceActions';
import { IpContext } from './IpContext';
import { KnownFacts } from './KnownFacts';
import { NameKeySeparator } from './NameKeySeparator';
import { RememberedBadge } from './RememberedBadge';
import { TimeStamp } from './TimeStamp';
import { UntrustedText } from './UntrustedText';

/** Props of {@link DeviceTable}. */
export interface DeviceTableProps {
  /** Rows already filtered and sorted. */
  rows: readonly DeviceRow[];
  now: number;
  sort: DeviceSort;
  onSort: (key: DeviceSortKey) => void;
  selected: ReadonlySet<string>;
  onToggle: (key: string) => void;
  onToggleAll: (select: boolean) => void;
  states: Readonly<Record<string, RowActionState>>;
  onAction: (key: string, action: DeviceAction) => void;
  /** Accessible name (caption) of the table. */
  caption: string;
  /** Shown in a full-width row when `rows` is empty (e.g. the filter matched nothing). */
  empty?: ComponentChildren;
  /** Shows the devices that share an IP (a row's "N devices" link); no link when absent. */
  onFilterIp?: (ip: string) => void;
}

const COLUMNS: { key: DeviceSortKey; label: string }[] = [
  { key: 'name', label: 'Device' },
  { key: 'remembered', label: 'Status' },
  { key: 'lastAuthenticatedAt', label: 'Last signed in' },
  { key: 'lastIp', label: 'Last IP' },
  { key: 'createdAt', label: 'Created' },
];

/** The dashboard's device table: sortable columns, row selection, per-row actions. */
export function DeviceTable({
  rows,
  now,
  sort,
  onSort,
  selected,
  onToggle,
  onToggleAll,
  states,
  onAction,
  caption,
  empty,
  onFilterIp,
}: DeviceTableProps) {
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.key));
  return (
    <table class="data-table device-table">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" class="select-col">
            <input
              type="checkbox"
              aria-label="Select all devices"
              checked={allSelected}
              disabled={rows.length === 0}
              onChange={(e) => onToggleAll(e.currentTarget.checked)}
            />
          </th>
          {COLUMNS.map((c) => {
            const active = sort.key === c.key;
            return (
              <th
                key={c.key}
                scope="col"
                aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button type="button" class="sort-button" onClick={() => onSort(c.key)}>
                  {c.label}
                  <span aria-hidden="true" class="sort-mark">
                    {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </th>
            );
          })}
          <th scope="col">Actions</th>
        </tr>
      </thead>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the buttons inside are the controls (Enter and Space click them too); this only hears their clicks. */}
      <tbody onClick={onDeviceActionClick(onAction)}>
        {rows.length === 0 && empty ? (
          <tr>
            <td colSpan={COLUMNS.length + 2}>{empty}</td>
          </tr>
        ) : null}
        {rows.map((row) => {
          const label = deviceLabel(row);
          return (
            <tr key={row.key} aria-selected={selected.has(row.key)} data-device-key={row.key}>
              <td class="select-col">
                <input
                  type="checkbox"
                  aria-label={`Select ${visibleText(label)}`}
                  checked={selected.has(row.key)}
                  onChange={() => onToggle(row.key)}
                />
              </td>
              <th scope="row">
                <div class="device-cell">
                  <span>
                    <span class="device-name">
                      <UntrustedText text={label} />
                    </span>
                    <NameKeySeparator />
                    <span class="mono muted device-key">
                      <UntrustedText text={row.key} />
                    </span>
                  </span>
                  {row.isCurrent ? <span class="badge badge-ok">This device</span> : null}
                </div>
              </th>
              <td>
                <RememberedBadge remembered={row.remembered} inferred={row.rememberedInferred} />
              </td>
              {row.source === 'history' ? (
                <td>
                  <KnownFacts row={row} now={now} />
                </td>
              ) : (
                <td>
                  <TimeStamp time={row.lastAuthenticatedAt} now={now} />
                </td>
              )}
              <td>
                <IpContext row={row} onFilterIp={onFilterIp} />
              </td>
              <td title={formatExact(row.createdAt)}>{formatDate(row.createdAt)}</td>
              <td>
                <DeviceActions row={row} state={states[row.key]} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
