import { describe, expect, it } from 'vitest';
import {
  buildDeviceRows,
  type DeviceDto,
  type DeviceRow,
  deviceLabel,
  filterDeviceRows,
  popupOrder,
  sortDeviceRows,
  toDeviceDto,
} from '../../../utils/devices/view';

const A: DeviceDto = {
  key: 'us-east-1_aaaa',
  name: 'Laptop',
  lastIp: '10.0.0.1',
  remembered: true,
  lastAuthenticatedAt: 300,
};
const B: DeviceDto = {
  key: 'us-east-1_bbbb',
  name: 'phone',
  lastIp: '10.0.0.2',
  remembered: true,
  lastAuthenticatedAt: 100,
};
const C: DeviceDto = { key: 'us-east-1_cccc', name: 'Tablet', remembered: false };

describe('toDeviceDto', () => {
  it('turns Dates into epoch milliseconds and keeps missing fields missing', () => {
    const dto = toDeviceDto({ key: 'k', name: 'n', createdAt: new Date(1715100742022) });
    expect(dto).toEqual({
      key: 'k',
      name: 'n',
      lastIp: undefined,
      remembered: undefined,
      createdAt: 1715100742022,
      lastModifiedAt: undefined,
      lastAuthenticatedAt: undefined,
    });
    expect(JSON.parse(JSON.stringify(dto)).createdAt).toBe(1715100742022);
  });
});

describe('buildDeviceRows', () => {
  it('shows a device the user’s list gives without a status as remembered, marked inferred; a stated one as stated', () => {
    const lean: DeviceDto = { key: 'us-east-1_dddd', name: 'Lean' };
    const { listed, knownOnly } = buildDeviceRows([lean, A], [{ deviceKey: 'us-east-1_eeee', lastSeen: 5 }]);
    expect(listed.map((r) => [r.key, r.remembered, r.rememberedInferred])).toEqual([
      [lean.key, true, true],
      [A.key, true, undefined],
    ]);
    // Known only from history with no status: nothing can be inferred.
    expect(knownOnly.map((r) => [r.key, r.remembered, r.rememberedInferred])).toEqual([
      ['us-east-1_eeee', undefined, undefined],
    ]);
  });

  it('marks the current device and keeps listed devices as listed', () => {
    const { listed, knownOnly } = buildDeviceRows([A, B], [], B.key);
    expect(listed.map((r) => [r.key, r.source, r.isCurrent])).toEqual([
      [A.key, 'listed', false],
      [B.key, 'listed', true],
    ]);
    expect(knownOnly).toEqual([]);
  });

  it('brings back devices the history knows but Cognito no longer lists, unless forgotten', () => {
    const { knownOnly } = buildDeviceRows(
      [A],
      [
        { deviceKey: A.key, deviceName: 'Laptop', lastStatus: 'remembered', lastSeen: 10 },
        { deviceKey: C.key, deviceName: 'Tablet', lastStatus: 'not_remembered', lastSeen: 50 },
        { deviceKey: 'us-east-1_dddd', deviceName: 'Gone', lastStatus: 'forgotten', lastSeen: 60 },
      ],
    );
    expect(knownOnly).toEqual([
      { key: C.key, name: 'Tablet', remembered: false, lastModifiedAt: 50, source: 'history', isCurrent: false },
    ]);
  });
});

describe('sortDeviceRows', () => {
  const rows = buildDeviceRows([A, B, C], []).listed;
  it.each([
    ['name', 'asc', [A.key, B.key, C.key]],
    ['name', 'desc', [C.key, B.key, A.key]],
    ['lastAuthenticatedAt', 'desc', [A.key, B.key, C.key]],
    ['lastAuthenticatedAt', 'asc', [B.key, A.key, C.key]],
    ['lastIp', 'desc', [B.key, A.key, C.key]],
    ['remembered', 'asc', [C.key, A.key, B.key]],
  ] as const)('by %s %s', (key, direction, expected) => {
    expect(sortDeviceRows(rows, { key, direction }).map((r) => r.key)).toEqual(expected);
  });
  it('does not change its input', () => {
    const before = rows.map((r) => r.key);
    sortDeviceRows(rows, { key: 'name', direction: 'desc' });
    expect(rows.map((r) => r.key)).toEqual(before);
  });
});

describe('filterDeviceRows', () => {
  const rows: DeviceRow[] = buildDeviceRows([A, B, C], []).listed;
  it.each([
    ['', 'all', [A.key, B.key, C.key]],
    ['LAP', 'all', [A.key]],
    ['10.0.0.2', 'all', [B.key]],
    ['cccc', 'all', [C.key]],
    ['', 'remembered', [A.key, B.key]],
    ['', 'notRemembered', [C.key]],
    ['phone', 'notRemembered', []],
  ] as const)('text %j, state %s', (text, state, expected) => {
    expect(filterDeviceRows(rows, text, state).map((r) => r.key)).toEqual(expected);
  });
});

describe('deviceLabel', () => {
  it('keeps a hostile name as the literal text it is', () => {
    expect(deviceLabel({ key: 'k', name: '<img src=x onerror=alert(1)>' })).toBe('<img src=x onerror=alert(1)>');
  });
  it('names an unnamed device by the end of its key', () => {
    expect(deviceLabel({ key: 'us-east-1_0123456789abcdef', name: '  ' })).toBe('Unnamed device 89abcdef');
  });
});

describe('popupOrder', () => {
  it('puts this browser’s device first, then the most recent sign-in, never-used last', () => {
    const { listed } = buildDeviceRows([C, B, A], [], B.key);
    expect(popupOrder(listed).map((r) => r.key)).toEqual([B.key, A.key, C.key]);
  });
});
