/**
 * What the Devices page shows under its one filter: the listed and the known
 * tables filtered alike, which selected rows are visible, how many the filter
 * hides, and the words for both. Bulk actions act on the visible selection
 * only; rows the filter hides stay selected but are left alone. Pure.
 */
import { type DeviceRow, type DeviceSort, filterDeviceRows, type RememberedFilter, sortDeviceRows } from './view';

/** The page's one filter, applied to both tables. */
export interface DeviceFilter {
  text: string;
  remembered: RememberedFilter;
  /** Only the devices whose last IP is exactly this (a shared IP's "N devices" link); typing drops it. */
  ip?: string;
}

export const NO_FILTER: DeviceFilter = { text: '', remembered: 'all' };

/** What the page shows of its rows and selection. */
export interface VisibleDevices {
  listed: DeviceRow[];
  known: DeviceRow[];
  /** Selected rows the user can see: what bulk actions act on. */
  selectedShown: DeviceRow[];
  /** Selected rows the filter hides (still selected, left alone by bulk actions). */
  selectedHidden: number;
}

/** True when the filter narrows anything. */
export function isFiltering(filter: DeviceFilter): boolean {
  return filter.text.trim() !== '' || filter.remembered !== 'all';
}

/** Filter and sort both tables alike, and split the selection into shown and hidden. */
export function visibleDevices(
  rows: { listed: readonly DeviceRow[]; knownOnly: readonly DeviceRow[] },
  filter: DeviceFilter,
  sort: DeviceSort,
  selected: ReadonlySet<string>,
): VisibleDevices {
  const exactIp = (list: DeviceRow[]) => (filter.ip ? list.filter((r) => r.lastIp === filter.ip) : list);
  const listed = sortDeviceRows(exactIp(filterDeviceRows(rows.listed, filter.text, filter.remembered)), sort);
  const known = sortDeviceRows(exactIp(filterDeviceRows(rows.knownOnly, filter.text, filter.remembered)), sort);
  const shown = [...listed, ...known];
  const shownKeys = new Set(shown.map((r) => r.key));
  const selectedAll = [...rows.listed, ...rows.knownOnly].filter((r) => selected.has(r.key));
  return {
    listed,
    known,
    selectedShown: shown.filter((r) => selected.has(r.key)),
    selectedHidden: selectedAll.filter((r) => !shownKeys.has(r.key)).length,
  };
}

const STATUS_WORDS: Record<RememberedFilter, string> = {
  all: 'All statuses',
  remembered: 'Remembered',
  notRemembered: 'Not remembered',
};

/** The no-match row's words: what the filter asked for. */
export function noMatchText(filter: DeviceFilter): string {
  const text = filter.text.trim();
  const status = filter.remembered === 'all' ? '' : `status “${STATUS_WORDS[filter.remembered]}”`;
  if (text && status) return `No devices match “${text}” with ${status}`;
  if (text) return `No devices match “${text}”`;
  return `No devices match ${status || 'the filter'}`;
}

/** The selection count: "3 selected", or "3 selected (2 hidden by the filter)". */
export function selectionText(v: Pick<VisibleDevices, 'selectedShown' | 'selectedHidden'>): string {
  const total = v.selectedShown.length + v.selectedHidden;
  return v.selectedHidden ? `${total} selected (${v.selectedHidden} hidden by the filter)` : `${total} selected`;
}

/** The bulk dialog's note when the filter hides selected rows; undefined when it hides none. */
export function hiddenSelectionNote(v: Pick<VisibleDevices, 'selectedShown' | 'selectedHidden'>): string | undefined {
  if (!v.selectedHidden) return undefined;
  return `This acts on the ${v.selectedShown.length} shown; ${v.selectedHidden} hidden by the filter ${v.selectedHidden === 1 ? 'is' : 'are'} left alone.`;
}
