/**
 * A durable bulk run survives its worker, in Chromium against the sandbox
 * (issue 17): "Don't remember" over 100 devices with 20 % injected faults on
 * the device calls (InternalError, a reset connection, throttling, latency);
 * mid-run the extension's service worker is stopped through the DevTools
 * protocol (`ServiceWorker.stopAllWorkers`, as Chrome does after an update or
 * a crash). Without a click, the job alarm wakes a new worker, which resumes
 * the run from its stored plan. It ends with one history entry per device,
 * none pending or interrupted, and each device's outcome equal to what the
 * sandbox holds.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../sandbox/seed';
import { generateSeed } from '../../sandbox/seed-generator';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { mintTokens } from '../../scripts/demo-app';
import type { BulkJobSnapshot } from '../../utils/storage';
import { type ExtensionHarness, launchExtension, stopWorkers } from './harness';
import { devicesOf } from './sandbox-state';

const USER = 'bulky';
const DEVICES = 100;

function seed(): SeedFile {
  const demo = JSON.parse(readFileSync('sandbox/seeds/demo.json', 'utf8')) as SeedFile;
  const generated = generateSeed({ users: 1, devicesPerUser: DEVICES, poolId: 'us-east-1_Demo1' });
  const user = (generated.pools[0] as SeedFile['pools'][number]).users[0] as SeedFile['pools'][number]['users'][number];
  (demo.pools[0] as SeedFile['pools'][number]).users.push({
    ...user,
    username: USER,
    devices: (user.devices ?? []).map((d) => ({ ...d, remembered: true })),
  });
  return demo;
}

type StorageArea = { get(key: string): Promise<Record<string, unknown>> };
type Entry = { outcome: string; action: string; parentId?: number; target?: { deviceKey?: string } };

describe('a bulk run resumes after its worker is stopped', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: seed() });
    ext = await launchExtension();
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
  });
  afterAll(async () => {
    await ext?.close();
    await sandbox?.close();
  });

  it('ends with one entry per device and the sandbox agreeing, without a click', async () => {
    const tokens = await mintTokens(sandbox.endpoint, { username: USER });
    const page = await ext.open('options.html#sessions', { viewport: { width: 1280, height: 900 } });
    await page.getByLabel('Access token').fill(tokens.AccessToken);
    await page.getByRole('button', { name: 'Use pasted token' }).click();
    await page.getByRole('region', { name: 'Active session' }).first().waitFor();
    await page.getByRole('link', { name: 'Devices', exact: true }).click();
    const table = page.getByRole('table', { name: 'Devices listed by Cognito' });
    await expect.poll(() => table.getByRole('row').count(), { timeout: 20_000 }).toBe(DEVICES + 1);

    await fetch(`${sandbox.endpoint}/_sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        rate: 0.2,
        kinds: ['InternalError', 'Reset', 'TooManyRequests', 'Latency:300'],
        operations: ['UpdateDeviceStatus', 'GetDevice'],
      }),
    });
    await page.getByRole('checkbox', { name: 'Select all devices' }).check();
    await page.getByRole('button', { name: 'Don’t remember selected' }).click();
    await page
      .getByRole('dialog', { name: `Don’t remember ${DEVICES} devices?` })
      .getByRole('button', { name: `Don’t remember ${DEVICES}` })
      .click();

    const job = () =>
      page.evaluate(
        async () =>
          (
            await (globalThis as unknown as { chrome: { storage: { local: StorageArea } } }).chrome.storage.local.get(
              'bulkJob',
            )
          ).bulkJob as BulkJobSnapshot | null,
      );
    await expect.poll(async () => (await job())?.progress.done ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
    await stopWorkers(page);
    const atStop = await job();
    expect(atStop?.state).toBe('running');
    expect(atStop?.progress.done).toBeLessThan(DEVICES);

    // No click from here: the job alarm (30 s) wakes a worker, which resumes the run.
    await expect.poll(async () => (await job())?.state, { timeout: 120_000, interval: 1000 }).toBe('done');
    await fetch(`${sandbox.endpoint}/_sandbox/faults`, { method: 'DELETE' });
    const finished = (await job()) as BulkJobSnapshot;
    expect(finished.resumedAt).toBeGreaterThan(finished.startedAt);
    expect(finished.items).toHaveLength(DEVICES);
    expect(finished.items.filter((i) => i.outcome === 'pending' || i.outcome === 'inFlight')).toEqual([]);

    // One entry per device under the run's entry, none left pending or interrupted.
    const entries = await page.evaluate(
      (parentId) =>
        new Promise<Entry[]>((resolve, reject) => {
          const open = indexedDB.open('cognito-device-history');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('entries').objectStore('entries').getAll();
            all.onsuccess = () => resolve((all.result as Entry[]).filter((e) => e.parentId === parentId));
          };
        }),
      finished.parentId,
    );
    expect(entries).toHaveLength(DEVICES);
    expect(new Set(entries.map((e) => e.target?.deviceKey)).size).toBe(DEVICES);
    expect(entries.filter((e) => e.outcome === 'pending' || e.outcome === 'interrupted')).toEqual([]);

    // Each device as the run says: done (or checked and found done) → not remembered in the sandbox.
    const held = new Map((await devicesOf(sandbox, USER)).map((d) => [d.key, d.remembered]));
    for (const item of finished.items) {
      const done = item.outcome === 'ok' || item.outcome === 'reconciled';
      expect([item.key, held.get(item.key)]).toEqual([item.key, !done]);
    }
    await page.close();
  }, 240_000);
});
