/** What an IP means for an account: shared by how many devices, and new or not (utils/devices/ip-context.ts). */
import { describe, expect, it } from 'vitest';
import { ipContext, NEW_IP_WINDOW_MS } from '../../../utils/devices/ip-context';
import { buildDeviceRows } from '../../../utils/devices/view';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 3, 12);
const FIRST = NOW - 30 * DAY;

describe('ipContext', () => {
  it.each([
    ['an account met for the first time has no new IP', [], '203.0.113.7', false],
    ['an IP the first listing showed is not new', [{ ip: '203.0.113.7', at: FIRST }], '203.0.113.7', false],
    [
      'an IP the first listing showed yesterday is not new: it was there when the account was first seen',
      [
        { ip: '203.0.113.7', at: NOW - DAY },
        { ip: '198.51.100.1', at: NOW - DAY },
      ],
      '203.0.113.7',
      false,
    ],
    ['an IP never seen on the account before is new', [{ ip: '198.51.100.1', at: FIRST }], '203.0.113.7', true],
    [
      'an IP first seen two days ago, after the first listing, is new',
      [
        { ip: '198.51.100.1', at: FIRST },
        { ip: '203.0.113.7', at: NOW - 2 * DAY },
      ],
      '203.0.113.7',
      true,
    ],
    [
      'an IP first seen more than a week ago is not new any more',
      [
        { ip: '198.51.100.1', at: FIRST },
        { ip: '203.0.113.7', at: NOW - NEW_IP_WINDOW_MS - 1 },
      ],
      '203.0.113.7',
      false,
    ],
  ])('%s', (_name, seen, ip, isNew) => {
    expect(ipContext([{ lastIp: ip }], [{ ipsSeen: seen }], NOW).get(ip)?.isNew).toBe(isNew);
  });

  it('takes the earliest time any device showed the IP, and counts the rows that show it', () => {
    const known = [
      { ipsSeen: [{ ip: '198.51.100.1', at: FIRST }] },
      { ipsSeen: [{ ip: '203.0.113.7', at: NOW - DAY }] },
      { ipsSeen: [{ ip: '203.0.113.7', at: FIRST }] },
    ];
    const context = ipContext(
      [{ lastIp: '203.0.113.7' }, { lastIp: '203.0.113.7' }, { lastIp: '198.51.100.1' }, {}],
      known,
      NOW,
    );
    expect(context.get('203.0.113.7')).toEqual({ devices: 2, firstSeen: FIRST, isNew: false });
    expect(context.get('198.51.100.1')).toEqual({ devices: 1, firstSeen: FIRST, isNew: false });
    expect(context.size).toBe(2);
  });
});

describe('buildDeviceRows with the listing time', () => {
  it('gives each row its IP’s context; without the time, none', () => {
    const listed = [
      { key: 'us-east-1_a', lastIp: '203.0.113.7', remembered: true },
      { key: 'us-east-1_b', lastIp: '192.0.2.9', remembered: true },
    ];
    const known = [{ deviceKey: 'us-east-1_b', lastSeen: FIRST, ipsSeen: [{ ip: '192.0.2.9', at: FIRST }] }];
    const rows = buildDeviceRows(listed, known, undefined, NOW).listed;
    expect(rows.map((r) => r.ip?.isNew)).toEqual([true, false]);
    expect(buildDeviceRows(listed, known).listed.every((r) => r.ip === undefined)).toBe(true);
  });
});
