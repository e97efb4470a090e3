/**
 * Watch in real Firefox ESR against the sandbox (issue 18): watch and its
 * notifications turned on for alice's session in the popup (Firefox's prompt
 * switch grants the optional `notifications` permission); a password sign-in
 * plus ConfirmDevice, through the AWS SDK, adds a device to alice; the watch
 * alarm itself fires (Settings' shortest period, 1 minute: an alarm a page
 * creates to fire now did nothing in Firefox, so the test waits for the real
 * one), and the finding lands in the history and the badge (headless Firefox
 * keeps no notification to read: the Chromium test checks that one);
 * the notification's target shows the device in Review devices, and Forget
 * from there reaches the sandbox.
 */
import { UpdateDeviceStatusCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/server';
import { reviewPath } from '../../../utils/watch/review';
import { signInOnNewDevice, userClient } from '../../integration/sandbox/helpers';
import { type DemoFixture, startDemoFixture } from '../demo-fixture';
import { devicesOf } from '../sandbox-state';
import { click, type FirefoxHarness, failOnExtensionErrors, find, findText, launchFirefox, role } from './harness';
import { importFromTab } from './steps';

const NEW_NAME = 'Firefox watch test device';

type Api = { action: { getBadgeText(details: object): Promise<string> } };

describe('Firefox: Watch finds a device that signed in elsewhere', () => {
  let demo: DemoFixture;
  let sandbox: Sandbox;
  let ext: FirefoxHarness;
  let page: Page;
  let newKey = '';
  let sessionId = '';
  const badge = () => page.evaluate(() => (globalThis as unknown as { browser: Api }).browser.action.getBadgeText({}));

  beforeAll(async () => {
    demo = await startDemoFixture();
    sandbox = demo.sandbox;
    ext = await launchFirefox();
    await ext.setSettings({ endpointOverride: sandbox.endpoint, watch: { periodMinutes: 1 } });
  }, 60_000);
  afterAll(async () => {
    await ext?.close();
    await demo?.close();
  });
  failOnExtensionErrors(() => ext);

  it('turns Watch and its notifications on in the popup: the first check is the baseline', async () => {
    const popup = await importFromTab(ext, demo.app.url);
    const watch = await find(popup, role('Watch alice’s account', 'group'));
    await click(watch, role('Watch for new devices', 'checkbox'));
    await findText(watch, 'nothing new');
    await click(watch, role('Browser notifications', 'checkbox'));
    const alerts = await find(watch, role('Browser notifications', 'checkbox'));
    await popup.waitForFunction((el) => (el as HTMLInputElement).checked, { timeout: 10_000 }, alerts);
    await popup.close();
    page = await ext.open('options.html#devices');
    expect(await badge()).toBe('');
  });

  it('the alarm fires by itself and finds the new device: the badge and a history entry', async () => {
    // Another client signs in as alice, confirms its device and remembers it, as Amplify does when the
    // pool asks the user (Cognito's own API, through the AWS SDK): a user's ListDevices lists remembered ones.
    const { session, deviceKey } = await signInOnNewDevice(sandbox.endpoint, 'alice', NEW_NAME);
    newKey = deviceKey;
    expect(newKey).not.toBe('');
    await userClient(sandbox.endpoint).send(
      new UpdateDeviceStatusCommand({
        AccessToken: session.AccessToken,
        DeviceKey: newKey,
        DeviceRememberedStatus: 'remembered',
      }),
    );
    const added = (await devicesOf(sandbox, 'alice')).find((d) => d.key === newKey);
    expect(added?.remembered).toBe(true);

    // The watch alarm's period is 1 minute: it fires within that, with no help (up to 150 s allowed on a
    // loaded machine). The badge counts findings.
    await expect.poll(badge, { timeout: 150_000, interval: 1_000 }).not.toBe('');
    // The notification is checked in Chromium (tests/e2e/watch.test.ts). Headless Firefox keeps none to read:
    // notifications.getAll() answers {} even for one an extension page has just created (tried here).
    sessionId = await page.evaluate(async () => {
      const area = (
        globalThis as unknown as {
          browser: { storage: { session: { get(k: string): Promise<Record<string, string>> } } };
        }
      ).browser.storage.session;
      return (await area.get('activeSessionId')).activeSessionId ?? '';
    });
    expect(sessionId).not.toBe('');

    await ext.navigate(page, 'options.html#history');
    const row = await findText(await find(page, 'table.history-table'), 'Watch: new device signed in');
    expect(await row.evaluate((el) => el.closest('tr')?.textContent ?? '')).toContain(newKey.slice(-8));
  }, 180_000);

  it('opens the finding’s device in Review devices (the notification’s target); Forget from there reaches the sandbox', async () => {
    expect(newKey && sessionId, 'the finding of the test before').toBeTruthy();
    await ext.navigate(page, reviewPath(sessionId, newKey).replace(/^\//, ''));
    const findings = await find(page, role('Findings for alice', 'list'));
    // The target is the focused finding.
    await page.waitForFunction(
      (key: string) => (document.activeElement as HTMLElement | null)?.dataset.deviceKey === key,
      { timeout: 10_000 },
      newKey,
    );
    const heading = await findText(findings, 'new device signed in');
    const finding = (await heading.evaluateHandle((el) => el.closest('li') as Element)).asElement() as never;
    expect(await page.evaluate((el) => (el as HTMLElement).dataset.deviceKey, finding)).toBe(newKey);
    await click(finding, role('Forget', 'button'));
    const dialog = await find(page, role('Forget this device?', 'dialog'));
    await click(dialog, role('Forget device', 'button'));
    await expect
      .poll(async () => (await devicesOf(sandbox, 'alice')).map((d) => d.key), { timeout: 15_000 })
      .not.toContain(newKey);
    await page.close();
  });
});
