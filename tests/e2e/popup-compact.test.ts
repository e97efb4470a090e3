/**
 * The popup fits an audit (issue 19, point 6): at 400×600, with a session and
 * alice's eight devices, at least six device rows are on screen without
 * scrolling, each with its exact last sign-in (date, time and time zone), its
 * last IP and the end of its key; nothing is wider than the popup. A row's
 * actions open under it, by pointer or keyboard, and the header's button is short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoFixture, startDemoFixture } from './demo-fixture';
import { type ExtensionHarness, launchExtension, SCREENSHOT_DIR } from './harness';

describe('the compact popup at 400×600', () => {
  let demo: DemoFixture;
  let ext: ExtensionHarness;
  beforeAll(async () => {
    demo = await startDemoFixture();
    ext = await launchExtension();
    await ext.setSettings({ endpointOverride: demo.sandbox.endpoint });
    await (await ext.importFromTab(demo.app.url)).close();
  });
  afterAll(async () => {
    await ext?.close();
    await demo?.close();
  });

  it('shows at least six devices with exact dates, IPs and key ends, within 400 px', async () => {
    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 600 } });
    const list = popup.getByRole('list', { name: 'Remembered devices' });
    await list.getByRole('listitem').nth(7).waitFor();
    const rows = await list.getByRole('listitem').evaluateAll((items) =>
      items.map((item) => {
        const box = item.getBoundingClientRect();
        return {
          bottom: box.bottom,
          time: item.querySelector('.device-meta time')?.textContent ?? '',
          meta: item.querySelector('.device-meta')?.textContent ?? '',
          key: item.getAttribute('data-device-key') ?? '',
        };
      }),
    );
    await popup.screenshot({ path: `${SCREENSHOT_DIR}/popup-compact.png` });
    const onScreen = rows.filter((r) => r.bottom <= 600);
    expect(onScreen.length).toBeGreaterThanOrEqual(6);
    for (const row of onScreen) {
      // An exact stamp: a four-digit year, hours and minutes, and a time zone name after them.
      expect(row.time).toMatch(/\d{4}.*\d{1,2}:\d{2}.*\b(UTC|GMT[+-]?\d*|[A-Z]{2,5})\b/);
      expect(row.meta).toContain(`…${row.key.slice(-8)}`);
      expect(row.meta).toMatch(/\d+\.\d+\.\d+\.\d+|no IP/);
    }
    expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    // The header's button stays on one line.
    const header = await popup.getByRole('button', { name: 'Open dashboard' }).boundingBox();
    expect(header?.height ?? 99).toBeLessThan(34);
    await popup
      .getByText(/^Signed in /)
      .first()
      .waitFor();
    await popup.close();
  });

  it('opens a row’s actions under it, by keyboard too', async () => {
    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 600 } });
    const row = popup.getByRole('listitem', { name: 'Smart TV app' });
    const toggle = row.getByRole('button', { name: 'Actions for Smart TV app' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await row.getByRole('button', { name: 'Forget Smart TV app' }).count()).toBe(0);
    await toggle.focus();
    await popup.keyboard.press('Enter');
    await row.getByRole('button', { name: 'Forget Smart TV app' }).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // The whole key and the creation date are there once open.
    const key = await row.getAttribute('data-device-key');
    await row.getByText(key ?? '-', { exact: true }).waitFor();
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/Smart TV app$/);
    await popup.close();
  });
});
