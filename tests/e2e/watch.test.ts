/**
 * Watch in Chromium against the sandbox (issue 18): watch turned on for amy's
 * session in the popup, alerts on (the `notifications` permission granted in
 * the profile: Chromium cannot answer a permission prompt headless, see
 * scripts/chromium-profile.ts); a second browser signs in with Amplify's real
 * SRP flow, which confirms and remembers a new device; the watch alarm fires
 * (created to fire now in the worker: the same alarm, the same handler);
 * a `watch.newDevice` finding appears in Review devices and History, a
 * notification is shown, the badge counts it, and opening the notification's
 * target (the URL its click opens: a system notification cannot be clicked
 * headless) shows the device with Forget at hand. Forget works; the sandbox
 * confirms.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../sandbox/seed';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { serveDemoApp } from '../../scripts/demo-app';
import { findChromium } from '../../scripts/system-tools';
import { reviewPath } from '../../utils/watch/review';
import { parseNotificationId } from '../../utils/watch/service';
import { pageViolations } from './axe';
import { signInOnAmplifyPage } from './demo-pages';
import { type ExtensionHarness, launchExtension } from './harness';
import { devicesOf } from './sandbox-state';

const USER = 'amy';
const PASSWORD = 'Amy-Real-Passw0rd!';

function seed(): SeedFile {
  const demo = JSON.parse(readFileSync('sandbox/seeds/demo.json', 'utf8')) as SeedFile;
  const pool = demo.pools[0] as SeedFile['pools'][number];
  pool.users.push({ username: USER, password: PASSWORD, status: 'CONFIRMED', attributes: {} });
  return demo;
}

type Chrome = {
  alarms: { create(name: string, info: { when: number }): Promise<void>; getAll(): Promise<{ name: string }[]> };
  notifications: { getAll(): Promise<Record<string, boolean>> };
  action: { getBadgeText(details: object): Promise<string> };
};
const chromeIn = (worker: Worker) => ({
  notifications: () =>
    worker.evaluate(async () =>
      Object.keys(await (globalThis as unknown as { chrome: Chrome }).chrome.notifications.getAll()),
    ),
  badge: () => worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.action.getBadgeText({})),
  alarms: () =>
    worker.evaluate(async () =>
      (await (globalThis as unknown as { chrome: Chrome }).chrome.alarms.getAll()).map((a) => a.name),
    ),
  fireWatchAlarm: () =>
    worker.evaluate(() =>
      (globalThis as unknown as { chrome: Chrome }).chrome.alarms.create('watch.tick', { when: Date.now() }),
    ),
});

describe('Watch: a new device signs in to a watched account', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  let app: Awaited<ReturnType<typeof serveDemoApp>>;
  let worker: ReturnType<typeof chromeIn>;
  let firstKey = '';
  let newKey = '';
  let sessionId = '';

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: seed() });
    app = await serveDemoApp({ endpoint: sandbox.endpoint, username: USER, password: PASSWORD });
    ext = await launchExtension({ grantApi: ['notifications'] });
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
    const sw = ext.context.serviceWorkers()[0] ?? (await ext.context.waitForEvent('serviceworker'));
    worker = chromeIn(sw);
    const signedIn = await signInOnAmplifyPage(ext.context, app.url);
    firstKey = signedIn.deviceKey;
    await signedIn.tab.close();
  }, 90_000);
  afterAll(async () => {
    await ext?.close();
    await app?.close();
    await sandbox?.close();
  });

  it('turns Watch on in the popup: the first check is the baseline, the alarm is set', async () => {
    const popup = await ext.importFromTab(app.url);
    const watch = popup.getByRole('group', { name: 'Watch amy’s account' });
    // Controlled switches: each is drawn checked once the worker has stored the change.
    await watch.getByRole('checkbox', { name: 'Watch for new devices' }).click();
    await watch.getByText(/Checked .* nothing new/).waitFor();
    const alerts = watch.getByRole('checkbox', { name: 'Browser notifications' });
    await alerts.click();
    await expect.poll(() => alerts.isChecked()).toBe(true);
    expect(await worker.alarms()).toContain('watch.tick');
    expect(await worker.badge()).toBe('');
    await popup.close();
  });

  it('finds the device another browser confirmed with SRP: a history entry, a notification, the badge', async () => {
    // Another browser (its own profile): Amplify signs in, confirms and remembers a new device.
    const other = await chromium.launch({ executablePath: findChromium(), headless: true });
    try {
      const { deviceKey } = await signInOnAmplifyPage(await other.newContext(), app.url);
      newKey = deviceKey;
    } finally {
      await other.close();
    }
    expect(newKey).not.toBe(firstKey);
    expect((await devicesOf(sandbox, USER)).map((d) => d.key).sort()).toEqual([firstKey, newKey].sort());

    await worker.fireWatchAlarm();
    await expect.poll(worker.notifications, { timeout: 20_000 }).toHaveLength(1);
    const [id] = await worker.notifications();
    const target = parseNotificationId(id ?? '');
    expect(target?.deviceKey).toBe(newKey);
    sessionId = target?.sessionId ?? '';
    expect(await worker.badge()).toBe('1');
    // The alarm keeps its period after the test's one-off firing.
    await expect.poll(worker.alarms).toContain('watch.tick');

    const history = await ext.open('options.html#history');
    const row = history.getByRole('row').filter({ hasText: 'Watch: new device signed in' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(newKey.slice(-8));
    await history.close();
  });

  it('opens the notification’s target in Review devices, and Forget from there reaches the sandbox', async () => {
    const review = await ext.open(reviewPath(sessionId, newKey).replace(/^\//, ''));
    const findings = review.getByRole('list', { name: `Findings for ${USER}` });
    const item = findings.getByRole('listitem').filter({ hasText: newKey.slice(-8) });
    await item.getByText('New device signed in').waitFor();
    // The target is the focused finding.
    await expect.poll(() => item.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await pageViolations(review)).toEqual([]);
    await ext.screenshot(review, 'watch-review');
    await item.getByRole('button', { name: 'Forget' }).click();
    await review
      .getByRole('dialog', { name: 'Forget this device?' })
      .getByRole('button', { name: 'Forget device' })
      .click();
    await item
      .getByRole('status')
      .filter({ hasText: /forgot|Forgotten/i })
      .waitFor();
    await expect.poll(async () => (await devicesOf(sandbox, USER)).map((d) => d.key)).toEqual([firstKey]);
    await review.close();
  });

  it('opening the popup marks the finding seen: the badge clears, the popup offers Review devices', async () => {
    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 600 } });
    await popup.getByRole('status').filter({ hasText: 'Watch found 1 change' }).waitFor();
    await expect.poll(worker.badge).toBe('');
    await popup.close();
  });
});
