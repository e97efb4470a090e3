import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension } from './harness';

describe('the built extension in Chromium', () => {
  let ext: ExtensionHarness;
  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('loads with a background service worker and a 32-character extension id', () => {
    expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
  });

  it.each(['light', 'dark'] as const)('opens the popup with its empty state (%s)', async (colorScheme) => {
    const page = await ext.open('popup.html', { colorScheme, viewport: { width: 400, height: 300 } });
    await page.getByRole('heading', { name: 'Cognito Device Dashboard' }).waitFor();
    await page.getByRole('heading', { name: 'No Cognito session yet' }).waitFor();
    await page.getByRole('button', { name: 'Open dashboard' }).waitFor();
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe(colorScheme === 'dark' ? 'rgb(18, 22, 28)' : 'rgb(247, 248, 250)');
    expect(existsSync(await ext.screenshot(page, `foundation-popup-${colorScheme}`))).toBe(true);
    await page.close();
  });

  it('opens the dashboard with navigation to every section', async () => {
    const page = await ext.open('options.html', { viewport: { width: 1100, height: 700 } });
    const nav = page.getByRole('navigation', { name: 'Dashboard sections' });
    for (const name of ['Devices', 'Sessions', 'History', 'Admin', 'Settings']) {
      await nav.getByRole('link', { name }).waitFor();
    }
    await nav.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'History', level: 2 }).waitFor();
    expect(new URL(page.url()).hash).toBe('#history');
    expect(await nav.getByRole('link', { name: 'History' }).getAttribute('aria-current')).toBe('page');
    await ext.screenshot(page, 'foundation-options');
    await page.close();
  });

  it('"Open dashboard" in the popup opens the options page in a tab', async () => {
    const page = await ext.open('popup.html');
    const opened = ext.context.waitForEvent('page');
    await page.getByRole('button', { name: 'Open dashboard' }).click();
    const dashboard = await opened;
    await dashboard.waitForLoadState();
    expect(dashboard.url()).toBe(ext.url('options.html'));
    await dashboard.close();
  });
});
