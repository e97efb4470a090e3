/**
 * axe-core in real Firefox ESR on the popup and every dashboard section, with
 * real content (alice's session imported from the demo web app, one device
 * not remembered so "known from history" shows, admin credentials entered),
 * in light (popup and devices also in dark): no serious or critical
 * violation. Dark is Settings'
 * theme "Dark" (the harness cannot emulate prefers-color-scheme over BiDi).
 * Also writes the README's Firefox screenshots (firefox-popup-*,
 * firefox-dashboard-devices-*) to test-results/screenshots/.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../sandbox/server';
import { DEMO_POOL_ID, mintedPageUrl, serveDemoApp } from '../../../scripts/demo-app';
import { AXE_RUN, AXE_SOURCE, type AxeViolation, seriousViolations as serious } from '../axe';
import { MACBOOK } from '../demo-fixture';
import { type FirefoxHarness, failOnExtensionErrors, find, launchFirefox, role } from './harness';
import { enterAdminCredentials, importFromTab, POPUP_VIEWPORT, popupDeviceAction } from './steps';

const POPUP = { viewport: POPUP_VIEWPORT };

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return serious((await page.evaluate(AXE_RUN)) as AxeViolation[]);
}

describe('Firefox: accessibility (axe-core) and screenshots', () => {
  let sandbox: Sandbox;
  let ext: FirefoxHarness;
  let app: Awaited<ReturnType<typeof serveDemoApp>>;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    app = await serveDemoApp({ endpoint: sandbox.endpoint });
    ext = await launchFirefox();
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
    const popup = await importFromTab(ext, mintedPageUrl(app.url, { username: 'alice', deviceKey: MACBOOK }));
    await popupDeviceAction(popup, 'Work laptop — Firefox', 'Don’t remember');
    await find(popup, role('Devices known from history', 'list'));
    await popup.close();
    const admin = await ext.open('options.html#admin');
    await enterAdminCredentials(admin, DEMO_POOL_ID);
    await find(admin, role('Forget credentials', 'button'));
    await admin.close();
  });
  afterAll(async () => {
    await ext?.close();
    await app?.close();
    await sandbox?.close();
  });
  failOnExtensionErrors(() => ext);

  /** Each page, and what shows once its content is there. */
  const pages = [
    ['popup', 'popup.html', role('Remembered devices', 'list')],
    ['devices', 'options.html#devices', role('Devices listed by Cognito', 'table')],
    ['sessions', 'options.html#sessions', role(undefined, 'heading')],
    ['history', 'options.html#history', role('History entries', 'table')],
    ['admin', 'options.html#admin', role('Forget credentials', 'button')],
    ['settings', 'options.html#settings', role('Save settings', 'button')],
  ] as const;

  it('detects a violation when there is one (the check itself works)', async () => {
    const page = await ext.open('popup.html', POPUP);
    await find(page, role('Remembered devices', 'list'));
    await page.evaluate(() => document.body.append(document.createElement('button')));
    expect((await seriousViolations(page)).join('\n')).toMatch(/^button-name \(critical\)/m);
    await page.close();
  });

  // Every page in light; in dark the popup and the device table (the Chromium suite runs every page in both
  // from the same CSS: here each run costs a few seconds of a 2-core machine).
  describe.each([
    ['light', pages],
    ['dark', pages.filter(([name]) => name === 'popup' || name === 'devices')],
  ] as const)('theme %s', (theme, themed) => {
    beforeAll(() => ext.setSettings({ endpointOverride: sandbox.endpoint, theme }));

    it.each(themed)(`%s has no serious or critical violation (${theme})`, async (name, path, ready) => {
      const page = await ext.open(path, name === 'popup' ? POPUP : undefined);
      await find(page, ready);
      await find(page, `html[data-theme="${theme}"]`);
      expect(await seriousViolations(page)).toEqual([]);
      if (name === 'popup' || name === 'devices') {
        await ext.screenshot(page, `firefox-${name === 'popup' ? 'popup' : 'dashboard-devices'}-${theme}`);
      }
      await page.close();
    });
  });
});
