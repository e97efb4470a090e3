/** Watch's comparison rules, table-driven on a fixed clock (utils/watch/compare.ts; issue 18). */
import { describe, expect, it } from 'vitest';
import type { DeviceDto } from '../../../utils/storage';
import { compareDevices, type KnownForWatch, type WatchFinding } from '../../../utils/watch/compare';

const NOW = Date.UTC(2026, 11, 3, 12);
const EARLIER = NOW - 86_400_000;
const PHONE_KNOWN: KnownForWatch = {
  deviceKey: 'us-east-1_phone',
  deviceName: 'Pixel 9',
  lastStatus: 'remembered',
  lastAuthenticatedAt: EARLIER,
  lastIp: '203.0.113.7',
  ipsSeen: [{ ip: '203.0.113.7', at: EARLIER }],
};
const PHONE: DeviceDto = {
  key: 'us-east-1_phone',
  name: 'Pixel 9',
  remembered: true,
  lastAuthenticatedAt: EARLIER,
  lastIp: '203.0.113.7',
};
const LAPTOP: DeviceDto = { key: 'us-east-1_laptop', name: 'Laptop', remembered: true, lastIp: '198.51.100.4' };

const cases: [string, KnownForWatch[], DeviceDto[], Partial<WatchFinding>[]][] = [
  ['nothing changed', [PHONE_KNOWN], [PHONE], []],
  ['the first look at an account is the baseline', [], [PHONE, LAPTOP], []],
  [
    'a new device key',
    [PHONE_KNOWN],
    [PHONE, { ...LAPTOP, lastAuthenticatedAt: NOW - 120_000 }],
    [
      { kind: 'newDevice', deviceKey: LAPTOP.key, deviceName: 'Laptop', ip: '198.51.100.4', at: NOW - 120_000 },
      { kind: 'newIp', deviceKey: LAPTOP.key, ip: '198.51.100.4' },
    ],
  ],
  [
    'a last IP never seen on the account',
    [PHONE_KNOWN],
    [{ ...PHONE, lastIp: '192.0.2.50' }],
    [{ kind: 'newIp', deviceKey: PHONE.key, ip: '192.0.2.50', at: EARLIER }],
  ],
  [
    'a last IP another device of the account had is not new',
    [PHONE_KNOWN, { deviceKey: LAPTOP.key, lastStatus: 'remembered', lastIp: '198.51.100.4' }],
    [{ ...PHONE, lastIp: '198.51.100.4' }, LAPTOP],
    [],
  ],
  [
    'a newer sign-in',
    [PHONE_KNOWN],
    [{ ...PHONE, lastAuthenticatedAt: NOW - 60_000 }],
    [{ kind: 'signedIn', deviceKey: PHONE.key, ip: '203.0.113.7', at: NOW - 60_000 }],
  ],
  [
    'gone elsewhere: known remembered, not listed',
    [PHONE_KNOWN],
    [],
    [{ kind: 'gone', deviceKey: PHONE.key, deviceName: 'Pixel 9', at: NOW }],
  ],
  ['not gone when this extension made it not remembered', [{ ...PHONE_KNOWN, lastStatus: 'not_remembered' }], [], []],
  [
    'gone elsewhere: last seen in the account’s own (lean) listing, which lists remembered devices only',
    [{ deviceKey: PHONE.key, learnedFrom: 'userListing' }],
    [],
    [{ kind: 'gone', deviceKey: PHONE.key }],
  ],
  ['a renamed device is the same device', [PHONE_KNOWN], [{ ...PHONE, name: 'Work phone' }], []],
];

describe('compareDevices', () => {
  it.each(cases)('%s', (_name, known, listed, expected) => {
    const found = compareDevices(known, listed, NOW);
    expect(found).toHaveLength(expected.length);
    for (const [i, want] of expected.entries()) expect(found[i]).toMatchObject(want);
  });
});
