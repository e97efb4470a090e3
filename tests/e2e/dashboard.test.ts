/**
 * The dashboard end to end, in Chromium against the sandbox: import from a
 * tab, list, don't remember (the device moves to "known from history") and
 * remember again, forget with confirmation, a bulk action with progress under
 * a lowered quota, the expired-token path with its refresh offer, the history
 * of all of it, CSV export, and the hostile device name shown literally.
 * The sandbox's own state confirms every change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/server';
import { type DemoFixture, MACBOOK, startDemoFixture } from './demo-fixture';
import { downloaded, type ExtensionHarness, launchExtension, popupDeviceAction } from './harness';
import { devicesOf, setSandboxQuotas } from './sandbox-state';

const HOSTILE = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://evil.example","click")';

describe('the dashboard against the sandbox', () => {
  let demo: DemoFixture;
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  let app: DemoFixture['app'];
  let expiredApp: DemoFixture['expiredApp'];

  beforeAll(async () => {
    demo = await startDemoFixture();
    ({ sandbox, app, expiredApp } = demo);
    ext = await launchExtension();
    // The sandbox's issuer is trusted only when Settings' endpoint override names it.
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
  });
  afterAll(async () => {
    await ext?.close();
    await demo?.close();
  });

  it('lists the devices in the popup, marks this browser’s device, shows a hostile name literally', async () => {
    const popup = await ext.importFromTab(app.url);
    const list = popup.getByRole('list', { name: 'Remembered devices' });
    const macbook = list.getByRole('listitem', { name: 'Alice’s MacBook Pro — Chrome'.replace('’', "'") });
    await macbook.getByText('This device').waitFor();
    expect(await list.getByRole('listitem').count()).toBe(8);
    await list.getByText(HOSTILE, { exact: true }).waitFor();
    expect(await popup.locator('img').count()).toBe(0);
    expect(await popup.evaluate(() => (window as { alerted?: boolean }).alerted)).toBeUndefined();
    await ext.screenshot(popup, 'dashboard-popup-devices');
    await popup.close();
  });

  it('don’t remember moves a device to “known from history”, and it can be remembered again', async () => {
    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 900 } });
    const listed = popup.getByRole('list', { name: 'Remembered devices' });
    await popupDeviceAction(listed, 'Work laptop — Firefox', 'Don’t remember');
    const known = popup.getByRole('list', { name: 'Devices known from history' });
    const laptop = known.getByRole('listitem', { name: 'Work laptop — Firefox' });
    await laptop.getByText('Not remembered', { exact: true }).waitFor();
    expect((await devicesOf(sandbox, 'alice')).find((d) => d.name === 'Work laptop — Firefox')?.remembered).toBe(false);

    await popupDeviceAction(laptop, 'Work laptop — Firefox', 'Remember');
    await listed
      .getByRole('listitem', { name: 'Work laptop — Firefox' })
      .getByText('Remembered', { exact: true })
      .waitFor();
    expect((await devicesOf(sandbox, 'alice')).find((d) => d.name === 'Work laptop — Firefox')?.remembered).toBe(true);
    await popup.close();
  });

  it('forgets a device only after confirmation, and warns about this browser’s own device', async () => {
    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 900 } });
    const listed = popup.getByRole('list', { name: 'Remembered devices' });
    await popupDeviceAction(listed, "Alice's MacBook Pro — Chrome", 'Forget');
    const own = popup.getByRole('dialog', { name: 'Forget this browser’s own device?' });
    await own.getByText(/asked for MFA again/).waitFor();
    await own.getByRole('button', { name: 'Cancel' }).click();
    expect((await devicesOf(sandbox, 'alice')).some((d) => d.key === MACBOOK)).toBe(true);

    await popupDeviceAction(listed, 'Smart TV app', 'Forget');
    const dialog = popup.getByRole('dialog', { name: 'Forget this device?' });
    await ext.screenshot(popup, 'dashboard-popup-forget-confirm');
    await dialog.getByRole('button', { name: 'Forget device' }).click();
    await expect
      .poll(async () => (await devicesOf(sandbox, 'alice')).some((d) => d.name === 'Smart TV app'))
      .toBe(false);
    await listed.getByRole('listitem', { name: 'Smart TV app' }).waitFor({ state: 'detached' });
    await popup.close();
  });

  it('runs a bulk action with progress under a lowered quota', async () => {
    await setSandboxQuotas(sandbox, { read: 50, write: 3 });
    const page = await ext.open('options.html#settings', { viewport: { width: 1280, height: 900 } });
    // Only the write rate changes: the form must keep the override (the sandbox session's trust depends on it).
    const override = page.getByLabel('Endpoint override (loopback only)');
    expect(await override.inputValue()).toBe(sandbox.endpoint);
    await page.getByLabel('Device changes per second').fill('3');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect(new URL(await override.inputValue()).origin).toBe(sandbox.endpoint);

    await page.getByRole('link', { name: 'Devices' }).click();
    const table = page.getByRole('table', { name: 'Devices listed by Cognito' });
    for (const name of ['Linux desktop — Chromium', FORMULA, HOSTILE, 'Never used — registered only']) {
      await table.getByRole('checkbox', { name: `Select ${name}` }).check();
    }
    await page.getByRole('button', { name: 'Don’t remember selected' }).click();
    const preview = page.getByRole('dialog', { name: 'Don’t remember 4 devices?' });
    await preview.getByText(HOSTILE).waitFor();
    await preview.getByRole('button', { name: 'Don’t remember 4' }).click();
    const bulk = page.getByRole('region', { name: 'Bulk action' });
    await bulk.getByRole('progressbar').waitFor();
    await bulk.getByText('Don’t remember: working').waitFor();
    await ext.screenshot(page, 'dashboard-bulk-progress');
    await bulk.getByText('4 of 4 done.').waitFor({ timeout: 20_000 });
    const after = await devicesOf(sandbox, 'alice');
    for (const name of ['Linux desktop — Chromium', FORMULA, HOSTILE, 'Never used — registered only']) {
      expect(after.find((d) => d.name === name)?.remembered).toBe(false);
    }
    const known = page.getByRole('table', { name: 'Devices known from history' });
    await known.getByText(HOSTILE, { exact: true }).waitFor();
    expect(await page.locator('img').count()).toBe(0);
    await ext.screenshot(page, 'dashboard-devices');
    await page.close();
  });

  it('an expired token gets its message and a refresh offer that works', async () => {
    const popup = await ext.importFromTab(expiredApp.url);
    const alert = popup.getByRole('alert').filter({ hasText: 'The access token has expired.' });
    await alert.waitFor();
    await ext.screenshot(popup, 'dashboard-popup-expired');
    await alert.getByRole('button', { name: 'Refresh session' }).click();
    const listed = popup.getByRole('list', { name: 'Remembered devices' });
    await listed.getByRole('listitem', { name: 'Bob’s Pixel — Chrome'.replace('’', "'") }).waitFor();
    // The refreshed token listed exactly what the sandbox remembers for bob, and the expiry message is gone.
    const shown = await listed
      .getByRole('listitem')
      .evaluateAll((items) => items.map((li) => li.getAttribute('aria-label')));
    const remembered = (await devicesOf(sandbox, 'bob')).filter((d) => d.remembered).map((d) => d.name);
    expect(shown.sort()).toEqual(remembered.sort());
    expect(await alert.count()).toBe(0);
    await popup.close();
  });

  it('records all of it in the history, and exports it as CSV with formulas neutralised', async () => {
    const page = await ext.open('options.html#history', { viewport: { width: 1280, height: 1000 } });
    const table = page.getByRole('table', { name: 'History entries' });
    for (const text of [
      'Imported session',
      'Stopped remembering device',
      'Remembered device',
      'Forgot device',
      'Bulk action',
      'Refreshed session',
    ]) {
      await table.getByText(text).first().waitFor();
    }
    await table.getByText('Smart TV app').first().waitFor();
    await page.getByText('4 of 4 succeeded').waitFor();
    await ext.screenshot(page, 'dashboard-history');

    const csv = (await downloaded(page, page.getByRole('button', { name: 'Export CSV' }))).text;
    expect(csv.split('\r\n')[0]).toMatch(/^id,time,/);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain(HOSTILE);
    expect(csv).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    await page.close();
  });
  it('a failed reload keeps the list, greyed and dated; Retry recovers once Cognito answers again', async () => {
    const page = await ext.open('options.html#devices', { viewport: { width: 1280, height: 800 } });
    const table = page.getByRole('table', { name: 'Devices listed by Cognito' });
    await table.getByRole('row').nth(1).waitFor();
    const rows = await table.getByRole('row').count();
    const faults = (method: string, body?: unknown) =>
      fetch(`${sandbox.endpoint}/_sandbox/faults`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await faults('PUT', { rate: 1, kinds: ['InternalError'], operations: ['ListDevices'] });
    try {
      await page.getByRole('button', { name: 'Reload', exact: true }).click();
      const retry = page.getByRole('alert').getByRole('button', { name: 'Retry' });
      await retry.waitFor();
      // Nothing the page knew is wiped: the same rows, greyed, and when they were listed.
      await page.getByRole('note').getByText('Cognito could not be asked again', { exact: false }).waitFor();
      expect(await table.getByRole('row').count()).toBe(rows);
      await ext.screenshot(page, 'dashboard-devices-out-of-date');
    } finally {
      await faults('DELETE');
    }
    await page.getByRole('alert').getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('alert').waitFor({ state: 'detached' });
    expect(await page.getByText('Cognito could not be asked again', { exact: false }).count()).toBe(0);
    expect(await table.getByRole('row').count()).toBe(rows);
    await page.close();
  });
});
