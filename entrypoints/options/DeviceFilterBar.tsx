import type { Ref } from 'preact';
import type { RememberedFilter } from '../../utils/devices/view';
import { type DeviceFilter, noMatchText } from '../../utils/devices/visible';

/** Props of {@link DeviceFilterBar}. */
export interface DeviceFilterBarProps {
  filter: DeviceFilter;
  onFilter: (filter: DeviceFilter) => void;
  inputRef: Ref<HTMLInputElement>;
}

/** The Devices page's one filter (both tables): text and status, each with a visible label. */
export function DeviceFilterBar({ filter, onFilter, inputRef }: DeviceFilterBarProps) {
  return (
    <>
      <label class="field">
        Filter devices
        <input
          ref={inputRef}
          class="input"
          type="search"
          placeholder="Name, key or IP"
          value={filter.text}
          onInput={(e) => onFilter({ text: e.currentTarget.value, remembered: filter.remembered })}
        />
      </label>
      <label class="field">
        Status
        <select
          class="input"
          value={filter.remembered}
          onChange={(e) => onFilter({ ...filter, remembered: e.currentTarget.value as RememberedFilter })}
        >
          <option value="all">All statuses</option>
          <option value="remembered">Remembered</option>
          <option value="notRemembered">Not remembered</option>
        </select>
      </label>
    </>
  );
}

/** A table's row when the filter matches none of its devices, with the way back. */
export function NoMatch({ filter, onClear }: { filter: DeviceFilter; onClear: () => void }) {
  return (
    <span class="no-match">
      {noMatchText(filter)} ·{' '}
      <button type="button" class="link-button" onClick={onClear}>
        Clear filter
      </button>
    </span>
  );
}
