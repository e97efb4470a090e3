/**
 * A device that leaves Cognito's list keeps what was known of it (issue 19,
 * point 3): the rows known from history carry the last IP and times "as of"
 * the listing that showed them, and an action folded into the last listing
 * keeps them too.
 */
import { describe, expect, it } from 'vitest';
import { keptListOf } from '../../../utils/devices/kept-list';
import { buildDeviceRows, type DeviceDto, foldDeviceAction, type KnownDeviceLike } from '../../../utils/devices/view';

const LISTED_AT = Date.UTC(2026, 2, 12, 20, 21);
const LAPTOP: DeviceDto = {
  key: 'us-east-1_aaaa',
  name: 'Laptop',
  lastIp: '203.0.113.7',
  remembered: true,
  createdAt: Date.UTC(2025, 0, 2),
  lastModifiedAt: Date.UTC(2026, 1, 1),
  lastAuthenticatedAt: Date.UTC(2026, 2, 10, 9, 0),
};
const PHONE: DeviceDto = { key: 'us-east-1_bbbb', name: 'Phone', remembered: true };

describe('buildDeviceRows: facts of a device known from history', () => {
  it('shows the kept IP, creation and sign-in times, dated by the listing that showed them', () => {
    const known: KnownDeviceLike = {
      deviceKey: LAPTOP.key,
      deviceName: 'Laptop',
      lastStatus: 'not_remembered',
      lastSeen: LISTED_AT + 5_000,
      lastIp: '203.0.113.7',
      createdAt: LAPTOP.createdAt,
      lastAuthenticatedAt: LAPTOP.lastAuthenticatedAt,
      lastModifiedAt: LAPTOP.lastModifiedAt,
      factsAt: LISTED_AT,
    };
    expect(buildDeviceRows([PHONE], [known]).knownOnly).toEqual([
      {
        key: LAPTOP.key,
        name: 'Laptop',
        remembered: false,
        lastIp: '203.0.113.7',
        createdAt: LAPTOP.createdAt,
        lastAuthenticatedAt: LAPTOP.lastAuthenticatedAt,
        factsAsOf: LISTED_AT,
        // The history's latest change (the action), not the listing's older last-modified time.
        lastModifiedAt: LISTED_AT + 5_000,
        source: 'history',
        isCurrent: false,
      },
    ]);
  });

  it('a listed device takes nothing from the memory', () => {
    const known: KnownDeviceLike = { deviceKey: PHONE.key, lastSeen: 1, lastIp: '192.0.2.1', factsAt: 1 };
    const { listed, knownOnly } = buildDeviceRows([PHONE], [known]);
    expect(listed[0]).not.toHaveProperty('factsAsOf');
    expect(listed[0]?.lastIp).toBeUndefined();
    expect(knownOnly).toEqual([]);
  });
});

describe('foldDeviceAction keeps the facts of a device it moves out of the list', () => {
  const listing = { listed: [LAPTOP, PHONE], known: [] };

  it.each(['notRemember', 'forget'] as const)('%s: the facts of the listing, as of when it was fetched', (action) => {
    const folded = foldDeviceAction(listing, { key: LAPTOP.key }, action, LISTED_AT + 9_000, undefined, LISTED_AT);
    expect(folded.listed.map((d) => d.key)).toEqual([PHONE.key]);
    expect(folded.known[0]).toEqual({
      deviceKey: LAPTOP.key,
      deviceName: 'Laptop',
      lastStatus: action === 'forget' ? 'forgotten' : 'not_remembered',
      lastSeen: LISTED_AT + 9_000,
      learnedFrom: 'userAction',
      lastIp: LAPTOP.lastIp,
      createdAt: LAPTOP.createdAt,
      lastAuthenticatedAt: LAPTOP.lastAuthenticatedAt,
      lastModifiedAt: LAPTOP.lastModifiedAt,
      factsAt: LISTED_AT,
    });
    // What the page draws next: Don't remember leaves a history row with the IP and dates, as of the listing.
    if (action === 'notRemember') {
      expect(buildDeviceRows(folded.listed, folded.known).knownOnly[0]).toMatchObject({
        lastIp: LAPTOP.lastIp,
        createdAt: LAPTOP.createdAt,
        factsAsOf: LISTED_AT,
      });
    }
  });

  it('a device already known from history keeps the facts the memory dated, not the listing time', () => {
    const memory: KnownDeviceLike = {
      deviceKey: LAPTOP.key,
      lastStatus: 'not_remembered',
      lastSeen: 50,
      lastIp: '198.51.100.9',
      factsAt: 40,
    };
    const folded = foldDeviceAction(
      { listed: [PHONE], known: [memory] },
      { key: LAPTOP.key },
      'notRemember',
      LISTED_AT + 9_000,
      LAPTOP,
      LISTED_AT,
    );
    expect(folded.known).toEqual([
      {
        deviceKey: LAPTOP.key,
        deviceName: 'Laptop',
        lastStatus: 'not_remembered',
        lastSeen: LISTED_AT + 9_000,
        learnedFrom: 'userAction',
        lastIp: '198.51.100.9',
        factsAt: 40,
      },
    ]);
  });

  it('a device seen by an earlier listing only keeps those facts; one never listed keeps none', () => {
    const earlier = foldDeviceAction({ listed: [PHONE], known: [] }, { key: LAPTOP.key }, 'notRemember', 9, LAPTOP, 7);
    expect(earlier.known[0]).toMatchObject({ lastIp: LAPTOP.lastIp, factsAt: 7 });
    const never = foldDeviceAction({ listed: [PHONE], known: [] }, { key: 'us-east-1_zzzz' }, 'notRemember', 9);
    expect(never.known[0]).toEqual({
      deviceKey: 'us-east-1_zzzz',
      lastStatus: 'not_remembered',
      lastSeen: 9,
      learnedFrom: 'userAction',
    });
  });
});

describe('the popup’s kept list', () => {
  it('keeps a history row’s facts with their "as of" time', () => {
    const [row] = buildDeviceRows(
      [],
      [
        {
          deviceKey: LAPTOP.key,
          lastSeen: 9,
          lastStatus: 'not_remembered',
          lastIp: '203.0.113.7',
          factsAt: 5,
          learnedFrom: 'adminListing',
        },
      ],
    ).knownOnly;
    expect(row?.learnedFrom).toBe('adminListing');
    const kept = keptListOf({ sessionId: 's', listed: [], knownOnly: row ? [row] : [], fetchedAt: 10 });
    expect(kept.knownOnly[0]).toMatchObject({
      lastIp: '203.0.113.7',
      factsAsOf: 5,
      source: 'history',
      learnedFrom: 'adminListing',
    });
  });
});
