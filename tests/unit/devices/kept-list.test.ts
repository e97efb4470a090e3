import { describe, expect, it } from 'vitest';
import { keepList, keptFor, keptListOf, readKeptList } from '../../../utils/devices/kept-list';
import { devicesReducer, initialDevicesState } from '../../../utils/devices/page-state';
import type { DeviceListResult } from '../../../utils/devices/service';
import { buildDeviceRows, type DeviceRow } from '../../../utils/devices/view';
import { createSession } from '../../../utils/session/create-session';
import { activeSessionIdItem, keptDeviceListItem } from '../../../utils/storage';
import { accessClaims, NOW_MS, unsignedToken } from '../token/fixtures';

const ACCESS = `${unsignedToken({ alg: 'RS256', kid: 'k1' }, accessClaims({ scope: 'aws.cognito.signin.user.admin' }))}sig`;
const SECRETS = [ACCESS, 'refresh-SECRET-token', 'id-SECRET-token', 'client-SECRET', 'AKIDSECRET', 'iam-SECRET-key'];
// A full session, tokens and all, where a result carries its session: none of it may be kept.
const session = createSession(
  {
    source: 'page',
    origin: 'https://app',
    accessToken: ACCESS,
    refreshToken: 'refresh-SECRET-token',
    idToken: 'id-SECRET-token',
    clientSecret: 'client-SECRET',
  },
  { id: 's1', nowMs: NOW_MS },
);
const rows = buildDeviceRows(
  [
    { key: 'us-east-1_a', name: 'Work laptop', remembered: true, lastIp: '198.51.100.1', createdAt: 1 },
    { key: 'us-east-1_b', name: 'Phone', remembered: true, lastAuthenticatedAt: 2 },
  ],
  [{ deviceKey: 'us-east-1_c', deviceName: 'Old tablet', lastStatus: 'not_remembered', lastSeen: 3 }],
  'us-east-1_a',
);
// Rows that picked up more than device facts on the way (a bug elsewhere must not leak through here).
const tainted = (row: DeviceRow) =>
  ({
    ...row,
    accessToken: ACCESS,
    credentials: { accessKeyId: 'AKIDSECRET', secretAccessKey: 'iam-SECRET-key' },
  }) as DeviceRow;
const result = {
  sessionId: 's1',
  session,
  listed: rows.listed.map(tainted),
  knownOnly: rows.knownOnly.map(tainted),
  fetchedAt: NOW_MS,
  tokens: session.tokens,
} as unknown as DeviceListResult;

const FACT_FIELDS = new Set([
  'key',
  'name',
  'lastIp',
  'remembered',
  'createdAt',
  'lastModifiedAt',
  'lastAuthenticatedAt',
  'source',
  'isCurrent',
]);

describe('the kept device list', () => {
  it('holds device facts only: no token or secret a result or a row carries reaches it', () => {
    const kept = keptListOf(result);
    const json = JSON.stringify(kept);
    for (const secret of SECRETS) expect(json).not.toContain(secret);
    expect(Object.keys(kept).sort()).toEqual(['knownOnly', 'listed', 'listedAt', 'sessionId']);
    for (const row of [...kept.listed, ...kept.knownOnly]) {
      for (const field of Object.keys(row)) expect(FACT_FIELDS.has(field)).toBe(true);
    }
    expect(kept.listed.map((r) => r.name)).toEqual(['Work laptop', 'Phone']);
    expect(kept.listed[0]).toEqual({
      key: 'us-east-1_a',
      name: 'Work laptop',
      remembered: true,
      lastIp: '198.51.100.1',
      createdAt: 1,
      source: 'listed',
      isCurrent: true,
    });
    expect(kept.knownOnly).toEqual([
      {
        key: 'us-east-1_c',
        name: 'Old tablet',
        remembered: false,
        lastModifiedAt: 3,
        source: 'history',
        isCurrent: false,
      },
    ]);
    expect(kept.listedAt).toBe(NOW_MS);
  });

  it('writes nothing secret to storage.session', async () => {
    await keepList(result);
    const stored = JSON.stringify(await keptDeviceListItem.getValue());
    expect(stored).toContain('Work laptop');
    for (const secret of SECRETS) expect(stored).not.toContain(secret);
  });

  it('belongs to one session: another active session (or none) gets nothing kept', async () => {
    const kept = keptListOf(result);
    expect(keptFor(kept, 's1')).toBe(kept);
    expect(keptFor(kept, 's2')).toBeUndefined();
    expect(keptFor(kept, null)).toBeUndefined();
    expect(keptFor(null, 's1')).toBeUndefined();
    await keepList(result);
    await activeSessionIdItem.setValue('s2');
    expect(await readKeptList()).toBeUndefined();
    await activeSessionIdItem.setValue('s1');
    expect((await readKeptList())?.listed).toHaveLength(2);
  });

  it('fills a page with no list yet, marked with when it was listed, and never replaces a fresh list', () => {
    const kept = keptListOf(result);
    const start = initialDevicesState(undefined, kept);
    expect(start).toMatchObject({ status: 'loading', keptAt: NOW_MS });
    expect(start.listed.map((r) => r.key)).toEqual(['us-east-1_a', 'us-east-1_b']);
    const fresh = { ...result, listed: rows.listed.slice(1), knownOnly: [], fetchedAt: NOW_MS + 5 };
    const loaded = devicesReducer(start, { type: 'loaded', result: fresh });
    expect(loaded.keptAt).toBeUndefined();
    expect(loaded.listed.map((r) => r.key)).toEqual(['us-east-1_b']);
    expect(devicesReducer(loaded, { type: 'kept', kept })).toBe(loaded);
    // A list fetched before the page asked wins over the kept one.
    expect(initialDevicesState(fresh, kept)).toMatchObject({ status: 'ready', fetchedAt: NOW_MS + 5 });
  });
});
