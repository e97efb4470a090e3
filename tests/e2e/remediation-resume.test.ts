/**
 * An admin remediation survives its worker, in Chromium against the sandbox
 * (issue 17): the Admin page audits a pool of 100 users with 300 devices,
 * previews and dry-runs "forget stale devices", then runs it for real with
 * 20 % injected faults on the Admin device calls (InternalError, a reset
 * connection, throttling, latency). Mid-run the service worker is stopped
 * through the DevTools protocol (`ServiceWorker.stopAllWorkers`). Without a
 * click, the job alarm wakes a new worker, which resumes the run from its
 * stored plan. It ends with one history entry per device, none pending,
 * interrupted or unconfirmed (a check that cannot tell forgotten from not
 * remembered), and each device's outcome equal to what the sandbox holds.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../sandbox/seed';
import { generateSeed } from '../../sandbox/seed-generator';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { DEMO_IAM, DEMO_POOL_ID } from '../../scripts/demo-app';
import { COGNITO_RATES } from '../../utils/cognito';
import type { RemediationJob } from '../../utils/storage';
import { connectAdmin } from './admin-page';
import { type ExtensionHarness, launchExtension, stopWorkers } from './harness';
import { demoPoolState } from './sandbox-state';

const USERS = 100;
const DEVICES = 300;

/** The demo pool and its IAM key, with 100 generated users of 3 devices each in place of the demo's users. */
function seed(): SeedFile {
  const demo = JSON.parse(readFileSync('sandbox/seeds/demo.json', 'utf8')) as SeedFile;
  const generated = generateSeed({ users: USERS, devicesPerUser: DEVICES / USERS, poolId: DEMO_POOL_ID });
  (demo.pools[0] as SeedFile['pools'][number]).users = (generated.pools[0] as SeedFile['pools'][number]).users;
  return demo;
}

type StorageArea = { get(key: string): Promise<Record<string, unknown>> };
type Entry = {
  outcome: string;
  parentId?: number;
  target?: { deviceKey?: string };
  reconciled?: { found: string };
};

const remediationJob = (page: Page) =>
  page.evaluate(
    async () =>
      (
        await (globalThis as unknown as { chrome: { storage: { local: StorageArea } } }).chrome.storage.local.get(
          'remediationJob',
        )
      ).remediationJob as RemediationJob | null,
  );

const entriesUnder = (page: Page, parentId: number | undefined) =>
  page.evaluate(
    (parent) =>
      new Promise<Entry[]>((resolve, reject) => {
        const open = indexedDB.open('cognito-device-history');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('entries').objectStore('entries').getAll();
          all.onsuccess = () => resolve((all.result as Entry[]).filter((e) => e.parentId === parent));
        };
      }),
    parentId,
  );

describe('an admin remediation resumes after its worker is stopped', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: seed() });
    ext = await launchExtension();
    await ext.setSettings({ endpointOverride: sandbox.endpoint, quotas: COGNITO_RATES });
  });
  afterAll(async () => {
    await ext?.close();
    await sandbox?.close();
  });

  it('ends with one entry per device and the sandbox agreeing, without a click', async () => {
    const page = await ext.open('options.html#admin', { viewport: { width: 1280, height: 900 } });
    await connectAdmin(page, { poolId: DEMO_POOL_ID, ...DEMO_IAM });

    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.getByRole('region', { name: 'Audit progress' }).getByText('Done').waitFor({ timeout: 60_000 });
    // Every seeded device was created in 2025: idle for over 30 days, so the rule selects all 300.
    const days = page.getByLabel('Stale after (days)');
    await days.fill('30');
    await days.press('Tab');
    const remediation = page.getByRole('region', { name: 'Bulk remediation' });
    await remediation.getByLabel('Rule').selectOption('stale');
    await remediation.getByRole('button', { name: 'Preview selection' }).click();
    await remediation.getByText(`${DEVICES} devices match this rule.`).waitFor({ timeout: 20_000 });
    await remediation.getByRole('button', { name: `Dry run: forget ${DEVICES} devices` }).click();
    await remediation
      .getByText(`Dry run: would forget ${DEVICES} devices. Nothing was sent to Cognito.`)
      .waitFor({ timeout: 20_000 });

    await fetch(`${sandbox.endpoint}/_sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        rate: 0.2,
        kinds: ['InternalError', 'Reset', 'TooManyRequests', 'Latency:300'],
        operations: ['AdminForgetDevice', 'AdminGetDevice'],
      }),
    });
    await remediation.getByLabel(/Dry run/).uncheck();
    await remediation.getByRole('button', { name: `Forget ${DEVICES} devices` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Forget devices' }).click();

    const running = async () => {
      const job = await remediationJob(page);
      return job && !job.dryRun ? job : null;
    };
    await expect
      .poll(async () => (await running())?.progress.done ?? 0, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(40);
    await stopWorkers(page);
    const atStop = await running();
    expect(atStop?.state).toBe('running');
    expect(atStop?.progress.done).toBeLessThan(DEVICES);

    // No click from here: the job alarm (30 s) wakes a worker, which resumes the run.
    await expect.poll(async () => (await running())?.state, { timeout: 180_000, interval: 1000 }).toBe('done');
    await fetch(`${sandbox.endpoint}/_sandbox/faults`, { method: 'DELETE' });
    const finished = (await running()) as RemediationJob;
    expect(finished.id).toBe(atStop?.id);
    expect(finished.resumedAt).toBeGreaterThan(finished.startedAt);
    expect(finished.items).toHaveLength(DEVICES);
    expect(new Set(finished.items.map((i) => i.deviceKey)).size).toBe(DEVICES);
    expect(finished.items.filter((i) => !['ok', 'reconciled', 'failed'].includes(i.outcome))).toEqual([]);
    const summary = `${finished.progress.ok} done`;
    await remediation.getByText(new RegExp(`^Summary: ${summary}`)).waitFor({ timeout: 20_000 });

    // One entry per device under the run's entry: none pending, interrupted or unconfirmed.
    const entries = await entriesUnder(page, finished.historyId);
    expect(entries).toHaveLength(DEVICES);
    const byKey = new Map(entries.map((e) => [e.target?.deviceKey, e]));
    expect(byKey.size).toBe(DEVICES);
    expect(entries.filter((e) => e.outcome === 'pending' || e.outcome === 'interrupted')).toEqual([]);
    expect(entries.filter((e) => e.reconciled?.found === 'unlisted')).toEqual([]);

    // Each device as the run says: done (or checked and found done) → gone from the sandbox; failed → still there.
    const held = new Set((await demoPoolState(sandbox))?.users.flatMap((u) => u.devices.map((d) => d.key)));
    for (const item of finished.items) {
      const done = item.outcome === 'ok' || item.outcome === 'reconciled';
      expect([item.deviceKey, held.has(item.deviceKey)]).toEqual([item.deviceKey, !done]);
      expect([item.deviceKey, byKey.get(item.deviceKey)?.outcome]).toEqual([item.deviceKey, done ? 'ok' : 'failed']);
    }
    await page.close();
  }, 300_000);
});
