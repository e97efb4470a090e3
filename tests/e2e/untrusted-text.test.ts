/**
 * Hostile device names rendered in Chromium (issue 13, breaks 5 and 6): a name
 * ending in a right-to-left override must not reverse the Forget dialog's
 * warning, and a 1,024-character name (Cognito's maximum) must not push the
 * History or the pool audit's table off-screen, while the whole name stays one
 * keyboard-reachable button away. Measured from the laid-out page: glyph
 * positions and scroll widths.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../sandbox/seed';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { DEMO_POOL_ID, mintedPageUrl, serveDemoApp } from '../../scripts/demo-app';
import { type ExtensionHarness, launchExtension, openDeviceRow } from './harness';

const RLO_NAME = 'Old phone\u202E';
const RLO_KEY = 'us-east-1_0b1d1000-0000-4000-8000-000000000001';
const LONG_NAME = `${'W'.repeat(1000)}${'x'.repeat(24)}`;
const LONG_KEY = 'us-east-1_0b1d1000-0000-4000-8000-000000000002';
const IAM = { accessKeyId: 'AKIASANDBOXDEMO00001', secretAccessKey: 'sandboxDemoSecretKey0000000000000000000000' };

function seedWithHostileNames(): SeedFile {
  const seed = JSON.parse(readFileSync('sandbox/seeds/demo.json', 'utf8')) as SeedFile;
  const alice = seed.pools[0]?.users.find((u) => u.username === 'alice');
  const now = Math.floor(Date.now() / 1000);
  const device = (key: string, name: string) => ({
    key,
    name,
    remembered: true,
    lastIp: '198.51.100.77',
    createdAt: now - 86_400,
    lastModifiedAt: now - 3600,
    lastAuthenticatedAt: now - 60,
  });
  alice?.devices?.push(device(RLO_KEY, RLO_NAME), device(LONG_KEY, LONG_NAME));
  return seed;
}

/** How wide the page's content is next to its viewport. */
const widths = (page: Page) =>
  page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));

describe('hostile device names in Chromium', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  let app: Awaited<ReturnType<typeof serveDemoApp>>;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: seedWithHostileNames() });
    app = await serveDemoApp({ endpoint: sandbox.endpoint });
    ext = await launchExtension();
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
  });
  afterAll(async () => {
    await ext?.close();
    await app?.close();
    await sandbox?.close();
  });

  const popupWithSession = (): Promise<Page> => ext.importFromTab(mintedPageUrl(app.url, { username: 'alice' }));

  it('a name ending in a right-to-left override does not reverse the Forget warning; the override is shown', async () => {
    const popup = await popupWithSession();
    await openDeviceRow(popup.locator(`[data-device-key="${RLO_KEY}"]`));
    await popup.locator(`[data-device-key="${RLO_KEY}"] button[data-action="forget"]`).click();
    const dialog = popup.getByRole('dialog');
    await dialog.waitFor();
    // Where the first and last letters of "will" (right after the name) are drawn: left to right.
    const order = await dialog.evaluate((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf('will no longer be trusted') ?? -1;
        if (at < 0) continue;
        const x = (i: number) => {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          return range.getBoundingClientRect().left;
        };
        return { w: x(at), l: x(at + 3) };
      }
      return undefined;
    });
    expect(order, 'the warning sentence is in the dialog').toBeDefined();
    expect(order?.w, 'the "w" of "will" is left of its last "l"').toBeLessThan(order?.l ?? 0);
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain('Old phone⟨U+202E⟩');
    expect(text).not.toContain('\u202E');
    await ext.screenshot(popup, 'untrusted-forget-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await popup.close();
  });

  it('a 1,024-character name keeps the History table on screen, and all of it can be shown', async () => {
    const popup = await popupWithSession();
    await openDeviceRow(popup.locator(`[data-device-key="${LONG_KEY}"]`));
    await popup.locator(`[data-device-key="${LONG_KEY}"] button[data-action="notRemember"]`).click();
    await popup.locator(`[data-device-key="${LONG_KEY}"]`).getByText('No longer remembered.').waitFor();
    await popup.close();

    const page = await ext.open('options.html#history');
    const table = page.getByRole('table', { name: 'History' });
    await table.getByText(LONG_KEY).waitFor();
    const before = await widths(page);
    expect(before.content, 'History: page content width vs viewport').toBeLessThanOrEqual(before.viewport);

    const row = table.getByRole('row').filter({ hasText: LONG_KEY });
    await row.getByRole('button', { name: 'Show all 1,024 characters' }).click();
    await row.getByText(LONG_NAME).waitFor();
    const after = await widths(page);
    expect(after.content, 'History with the whole name shown').toBeLessThanOrEqual(after.viewport);
    await ext.screenshot(page, 'untrusted-history-long-name');
    await page.close();
  });

  it('a 1,024-character name keeps the pool audit’s device table on screen', async () => {
    const page = await ext.open('options.html#admin');
    const form = page.getByRole('form', { name: 'Admin credentials' });
    await form.getByLabel('User pool id').fill(DEMO_POOL_ID);
    await form.getByLabel('Access key id').fill(IAM.accessKeyId);
    await form.getByLabel('Secret access key').fill(IAM.secretAccessKey);
    await form.getByRole('button', { name: 'Check credentials' }).click();
    await page.getByText('Connected to').waitFor();
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.getByRole('region', { name: 'Audit progress' }).getByText('Done').waitFor();
    await page.getByLabel('Show').selectOption('all');
    const table = page.getByRole('table', { name: 'All devices found by the audit' });
    await table.getByText(LONG_KEY).waitFor();
    const measured = await widths(page);
    expect(measured.content, 'Audit: page content width vs viewport').toBeLessThanOrEqual(measured.viewport);
    await ext.screenshot(page, 'untrusted-audit-long-name');
    await page.close();
  });
});
