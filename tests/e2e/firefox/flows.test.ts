/**
 * The extension's main flows in real Firefox ESR against the sandbox, in the
 * order a person meets them: Settings' endpoint override typed into the form,
 * import from a tab, the list (with the hostile device name inert), don't
 * remember → known from history → remember, forget with confirmation, a bulk
 * action with progress under a lowered quota (1 write/s, so the progress is
 * seen), the expired-token path, the history with its CSV export, and no
 * token in storage.local. The sandbox's
 * own state confirms every change; any console error or uncaught error of the
 * extension fails the test.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/server';
import { DEMO_POOL_ID } from '../../../scripts/demo-app';
import { type DemoFixture, MACBOOK, startDemoFixture } from '../demo-fixture';
import { devicesOf, setSandboxQuotas } from '../sandbox-state';
import {
  click,
  type FirefoxHarness,
  failOnExtensionErrors,
  fill,
  find,
  findPath,
  findText,
  gone,
  label,
  launchFirefox,
  role,
} from './harness';
import { importFromTab, popupDeviceAction } from './steps';

const HOSTILE = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://evil.example","click")';
const POPUP = { viewport: { width: 400, height: 900 } };

describe('Firefox: the extension against the sandbox', () => {
  let demo: DemoFixture;
  let sandbox: Sandbox;
  let ext: FirefoxHarness;
  let app: DemoFixture['app'];
  let expiredApp: DemoFixture['expiredApp'];

  beforeAll(async () => {
    demo = await startDemoFixture();
    ({ sandbox, app, expiredApp } = demo);
    ext = await launchFirefox();
  });
  afterAll(async () => {
    await ext?.close();
    await demo?.close();
  });
  failOnExtensionErrors(() => ext);

  it('saves the endpoint override typed into Settings', async () => {
    const page = await ext.open('options.html#settings');
    await fill(page, label('Endpoint override (loopback only)'), sandbox.endpoint);
    await click(page, role('Save settings', 'button'));
    await findText(page, 'Settings saved.');
    const stored = (await ext.storageLocal()).settings as { endpointOverride?: string };
    expect(new URL(stored.endpointOverride ?? '').origin).toBe(sandbox.endpoint);
    await page.close();
  });

  it('imports the session from a tab and lists the devices; a hostile name stays text', async () => {
    const popup = await importFromTab(ext, app.url, POPUP.viewport);
    const card = await find(popup, role('Active session', 'region'));
    await findText(card, 'Signature verified');
    await findText(card, DEMO_POOL_ID);
    const list = await find(popup, role('Remembered devices', 'list'));
    const macbook = await find(list, role("Alice's MacBook Pro — Chrome", 'listitem'));
    await findText(macbook, 'This device');
    expect(await list.$$eval('li', (items) => items.length)).toBe(8);
    const hostile = await findText(list, HOSTILE);
    expect(await hostile.evaluate((el) => el.textContent)).toBe(HOSTILE);
    expect(await popup.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(await popup.evaluate(() => (window as { alerted?: boolean }).alerted)).toBeUndefined();
    expect(await popup.content()).not.toContain('eyJ');
    await ext.screenshot(popup, 'firefox-popup-devices');
    await popup.close();
  });

  it('don’t remember moves a device to “known from history”, and Remember brings it back', async () => {
    const popup = await ext.open('popup.html', POPUP);
    const listed = await find(popup, role('Remembered devices', 'list'));
    await popupDeviceAction(listed, 'Work laptop — Firefox', 'Don’t remember');
    const known = await find(popup, role('Devices known from history', 'list'));
    const laptop = await find(known, role('Work laptop — Firefox', 'listitem'));
    await findText(laptop, 'Not remembered');
    expect((await devicesOf(sandbox, 'alice')).find((d) => d.name === 'Work laptop — Firefox')?.remembered).toBe(false);

    await popupDeviceAction(laptop, 'Work laptop — Firefox', 'Remember');
    await findPath(popup, [
      role('Remembered devices', 'list'),
      role('Work laptop — Firefox', 'listitem'),
      role('Forget Work laptop — Firefox', 'button'),
    ]);
    expect((await devicesOf(sandbox, 'alice')).find((d) => d.name === 'Work laptop — Firefox')?.remembered).toBe(true);
    await popup.close();
  });

  it('forgets a device only after confirmation, and warns about this browser’s own device', async () => {
    const popup = await ext.open('popup.html', POPUP);
    await popupDeviceAction(popup, "Alice's MacBook Pro — Chrome", 'Forget');
    const own = await find(popup, role('Forget this browser’s own device?', 'dialog'));
    await findText(own, 'asked for MFA again');
    await click(own, role('Cancel', 'button'));
    expect((await devicesOf(sandbox, 'alice')).some((d) => d.key === MACBOOK)).toBe(true);

    await popupDeviceAction(popup, 'Smart TV app', 'Forget');
    const dialog = await find(popup, role('Forget this device?', 'dialog'));
    await click(dialog, role('Forget device', 'button'));
    await expect
      .poll(async () => (await devicesOf(sandbox, 'alice')).some((d) => d.name === 'Smart TV app'))
      .toBe(false);
    await gone(popup, role('Smart TV app', 'listitem'));
    await popup.close();
  });

  it('runs a bulk action with progress under a lowered quota', async () => {
    await setSandboxQuotas(sandbox, { read: 50, write: 1 });
    const page = await ext.open('options.html#settings');
    await fill(page, label('Device changes per second'), '1');
    await click(page, role('Save settings', 'button'));
    await findText(page, 'Settings saved.');

    await click(page, role('Devices', 'link'));
    const table = await find(page, role('Devices listed by Cognito', 'table'));
    const chosen = ['Linux desktop — Chromium', FORMULA, HOSTILE, 'Never used — registered only'];
    for (const name of chosen) await click(table, role(`Select ${name}`, 'checkbox'));
    await click(page, role('Don’t remember selected', 'button'));
    const preview = await find(page, role('Don’t remember 4 devices?', 'dialog'));
    await findText(preview, HOSTILE);
    await click(preview, role('Don’t remember 4', 'button'));
    const bulk = await find(page, role('Bulk action', 'region'));
    await find(bulk, role(undefined, 'progressbar'));
    await findText(bulk, 'Don’t remember: working');
    await findText(bulk, '4 of 4 done.', 20_000);
    const after = await devicesOf(sandbox, 'alice');
    for (const name of chosen) expect(after.find((d) => d.name === name)?.remembered).toBe(false);
    const known = await find(page, role('Devices known from history', 'table'));
    await findText(known, HOSTILE);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    await ext.screenshot(page, 'firefox-dashboard-bulk');
    await page.close();
  });

  it('an expired token gets its message and a refresh offer that works', async () => {
    const popup = await importFromTab(ext, expiredApp.url, POPUP.viewport);
    const alert = await find(popup, '[role="alert"]');
    await findText(alert, 'The access token has expired.');
    await click(alert, role('Refresh session', 'button'));
    await findPath(popup, [role('Remembered devices', 'list'), role("Bob's Pixel — Chrome", 'listitem')]);
    await popup.close();
  });

  it('records all of it in the history, and exports it as CSV with formulas neutralised', async () => {
    const page = await ext.open('options.html#history');
    const table = await find(page, role('History entries', 'table'));
    for (const entry of [
      'Imported session',
      'Stopped remembering device',
      'Remembered device',
      'Forgot device',
      'Bulk action',
      'Refreshed session',
    ]) {
      await findText(table, entry);
    }
    await findText(table, 'Smart TV app');
    await findText(page, '4 of 4 succeeded');

    await click(page, role('Export CSV', 'button'));
    const csv = await readFile(await ext.waitForDownload(/\.csv$/), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^id,time,/);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain(HOSTILE);
    expect(csv).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    await page.close();
  });

  it('keeps no token in storage.local', async () => {
    const stored = JSON.stringify(await ext.storageLocal());
    expect(stored).toContain(sandbox.endpoint);
    // Every token the demo pages were given (alice's and bob's imports above).
    const tokens = demo.tokens().flatMap((t) => Object.values(t));
    expect(tokens.length).toBeGreaterThanOrEqual(6);
    for (const token of tokens) expect(stored).not.toContain(token);
    expect(stored).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});
