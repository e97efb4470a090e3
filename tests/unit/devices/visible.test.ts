import { describe, expect, it } from 'vitest';
import type { DeviceRow } from '../../../utils/devices/view';
import {
  hiddenSelectionNote,
  isFiltering,
  NO_FILTER,
  noMatchText,
  selectionText,
  visibleDevices,
} from '../../../utils/devices/visible';

const row = (key: string, name: string, remembered: boolean, source: DeviceRow['source'] = 'listed'): DeviceRow => ({
  key,
  name,
  remembered,
  source,
  isCurrent: false,
});
const listed = [row('k1', 'Laptop', true), row('k2', 'Phone', true)];
const knownOnly = [row('k3', 'Old laptop', false, 'history'), row('k4', 'Tablet', false, 'history')];
const SORT = { key: 'name', direction: 'asc' } as const;

describe('visibleDevices', () => {
  it('applies one filter to both tables', () => {
    const v = visibleDevices({ listed, knownOnly }, { text: 'laptop', remembered: 'all' }, SORT, new Set());
    expect(v.listed.map((r) => r.key)).toEqual(['k1']);
    expect(v.known.map((r) => r.key)).toEqual(['k3']);
  });

  it('splits the selection into the rows shown and the rows the filter hides', () => {
    const selected = new Set(['k1', 'k2', 'k3', 'gone']);
    const v = visibleDevices({ listed, knownOnly }, { text: 'laptop', remembered: 'all' }, SORT, selected);
    expect(v.selectedShown.map((r) => r.key)).toEqual(['k1', 'k3']);
    // A key no row has any more (forgotten meanwhile) is neither shown nor hidden.
    expect(v.selectedHidden).toBe(1);
    const none = visibleDevices({ listed, knownOnly }, { text: 'zzz', remembered: 'all' }, SORT, selected);
    expect(none.selectedShown).toEqual([]);
    expect(none.selectedHidden).toBe(3);
    const status = visibleDevices({ listed, knownOnly }, { text: '', remembered: 'notRemembered' }, SORT, selected);
    expect(status.listed).toEqual([]);
    expect(status.selectedShown.map((r) => r.key)).toEqual(['k3']);
    expect(status.selectedHidden).toBe(2);
  });

  it('hides nothing without a filter', () => {
    const v = visibleDevices({ listed, knownOnly }, NO_FILTER, SORT, new Set(['k2', 'k4']));
    expect(v.selectedShown.map((r) => r.key)).toEqual(['k2', 'k4']);
    expect(v.selectedHidden).toBe(0);
  });
});

describe('the words', () => {
  it.each([
    [{ text: ' zzz ', remembered: 'all' }, 'No devices match “zzz”'],
    [{ text: '', remembered: 'notRemembered' }, 'No devices match status “Not remembered”'],
    [{ text: 'zzz', remembered: 'remembered' }, 'No devices match “zzz” with status “Remembered”'],
  ] as const)('%j → %s', (filter, text) => {
    expect(noMatchText(filter)).toBe(text);
    expect(isFiltering(filter)).toBe(true);
  });

  it('counts every selected row and says how many are hidden, and what a bulk action leaves alone', () => {
    const two = [row('k1', 'a', true), row('k2', 'b', true)];
    expect(selectionText({ selectedShown: two, selectedHidden: 0 })).toBe('2 selected');
    expect(selectionText({ selectedShown: [], selectedHidden: 2 })).toBe('2 selected (2 hidden by the filter)');
    expect(selectionText({ selectedShown: two, selectedHidden: 1 })).toBe('3 selected (1 hidden by the filter)');
    expect(hiddenSelectionNote({ selectedShown: two, selectedHidden: 0 })).toBeUndefined();
    expect(hiddenSelectionNote({ selectedShown: two, selectedHidden: 3 })).toBe(
      'This acts on the 2 shown; 3 hidden by the filter are left alone.',
    );
    expect(isFiltering(NO_FILTER)).toBe(false);
  });
});
