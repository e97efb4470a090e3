/**
 * The device service keeps a device's last-seen facts when it leaves the list
 * (issue 19, point 3): in the answer to the action, and, through the
 * history's memory, in every later listing, a new worker's too.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { CognitoClient, Device } from '../../../utils/cognito';
import { createDeviceService } from '../../../utils/devices/service';
import { openHistory } from '../../../utils/history/store';
import { deviceSession, NOW } from './fixtures';

const CREATED = new Date(Date.UTC(2025, 0, 2));
const SIGNED_IN = new Date(Date.UTC(2026, 10, 20, 8, 30));
const MODIFIED = new Date(Date.UTC(2026, 10, 1));

function phone(): Device {
  return {
    key: 'us-east-1_phone',
    name: 'Phone',
    remembered: true,
    lastIp: '203.0.113.7',
    createdAt: CREATED,
    lastAuthenticatedAt: SIGNED_IN,
    lastModifiedAt: MODIFIED,
    attributes: [],
  } as unknown as Device;
}

/** A user's ListDevices: remembered devices only. */
function fakeCognito(devices: Device[]): CognitoClient {
  return {
    async *listAllDevices() {
      for (const d of devices) if (d.remembered) yield d;
    },
    async updateDeviceStatus({ deviceKey, remembered }: { deviceKey: string; remembered: boolean }) {
      const d = devices.find((x) => x.key === deviceKey);
      if (d) (d as { remembered?: boolean }).remembered = remembered;
    },
  } as unknown as CognitoClient;
}

describe('device service: a device leaving the list keeps its facts', () => {
  it('after Don’t remember, its IP and dates stay, "as of" the listing, now and in a new worker’s listing', async () => {
    const history = await openHistory({ indexedDB: new IDBFactory(), now: () => NOW });
    const client = fakeCognito([phone()]);
    let time = NOW;
    const deferred: (() => Promise<void>)[] = [];
    const newService = () =>
      createDeviceService({
        sessions: { get: async () => deviceSession() },
        cognito: async () => client,
        endpointOverride: async () => 'http://127.0.0.1:9/',
        history: async () => history,
        publishBulk: async () => undefined,
        now: () => time,
        defer: (task) => deferred.push(task),
      });
    const service = newService();
    const first = await service.list({});
    await Promise.all(deferred.splice(0).map((task) => task()));
    time += 30_000;
    const { list } = await service.act({ device: { key: 'us-east-1_phone', remembered: true }, action: 'notRemember' });
    const expected = {
      key: 'us-east-1_phone',
      name: 'Phone',
      remembered: false,
      source: 'history',
      lastIp: '203.0.113.7',
      createdAt: CREATED.getTime(),
      lastAuthenticatedAt: SIGNED_IN.getTime(),
      factsAsOf: first.fetchedAt,
    };
    expect(list.knownOnly).toMatchObject([expected]);

    time += 120_000;
    const again = await newService().list({});
    expect(again.listed).toEqual([]);
    expect(again.knownOnly).toMatchObject([{ ...expected, factsAsOf: NOW }]);
    // The memory keeps the listing's last-modified time too, and nothing of the session.
    const [known] = await history.knownDevices({ pool: 'us-east-1_Demo1', username: 'alice' });
    expect(known).toMatchObject({ lastModifiedAt: MODIFIED.getTime(), factsAt: NOW, lastStatus: 'not_remembered' });
    expect(JSON.stringify(await history.knownDevices({ pool: 'us-east-1_Demo1', username: 'alice' }))).not.toContain(
      'eyJ',
    );
  });
});
