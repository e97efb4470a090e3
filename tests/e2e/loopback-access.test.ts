/**
 * The loopback host access is optional (issue 13): at install the extension can
 * script no local web app; the access is asked for when Settings names a
 * loopback endpoint. Chromium's prompt cannot be answered headless, so the
 * granted case uses a profile with the grant written in (scripts/chromium-profile.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { serveDemoApp } from '../../scripts/demo-app';

/** No sandbox here: only the title of the demo's signed-out page (no script) is read. */
const NO_ENDPOINT = { endpoint: 'http://127.0.0.1:9' };

import { type ExtensionHarness, launchExtension } from './harness';

type Chrome = {
  chrome: {
    permissions: { contains(p: { origins: string[] }): Promise<boolean> };
    tabs: { query(q: object): Promise<{ id: number }[]>; getCurrent(): Promise<{ id: number } | undefined> };
    scripting: { executeScript(i: { target: { tabId: number }; func: () => string }): Promise<{ result: string }[]> };
  };
};

describe('loopback host access', () => {
  let ext: ExtensionHarness | undefined;
  let app: Awaited<ReturnType<typeof serveDemoApp>> | undefined;
  afterEach(async () => {
    await ext?.close();
    await app?.close();
  });

  /** From an extension page: is loopback granted, and can the extension script a loopback tab? */
  async function probe(harness: ExtensionHarness, url: string) {
    const tab = await harness.context.newPage();
    await tab.goto(url);
    const page = await harness.open('options.html');
    // Without host access (and with no "tabs" permission) the tab's URL is hidden, so every other tab is tried.
    return page.evaluate(async () => {
      const { chrome } = globalThis as unknown as Chrome;
      const granted = await chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] });
      const self = await chrome.tabs.getCurrent();
      const scripted: string[] = [];
      const refused: string[] = [];
      for (const tab of await chrome.tabs.query({})) {
        if (tab.id === self?.id) continue;
        try {
          const [done] = await chrome.scripting.executeScript({
            target: { tabId: tab.id },
            func: () => document.title,
          });
          scripted.push(done?.result ?? '');
        } catch (e) {
          refused.push(String((e as Error).message));
        }
      }
      return { granted, scripted, refused };
    });
  }

  it('without the grant, the extension cannot script a web app on loopback without a click', async () => {
    app = await serveDemoApp(NO_ENDPOINT);
    ext = await launchExtension({ loopbackAccess: false });
    const result = await probe(ext, `${app.url}empty`);
    expect(result.granted).toBe(false);
    expect(result.scripted).not.toContain('Demo web app (signed out)');
    expect(result.refused.length).toBeGreaterThan(0);
    for (const message of result.refused) expect(message).toMatch(/permission|access/i);
  });

  it('with the access Settings asked for, saving a loopback override goes through and the tab can be read', async () => {
    app = await serveDemoApp(NO_ENDPOINT);
    ext = await launchExtension();
    const result = await probe(ext, `${app.url}empty`);
    expect(result.granted).toBe(true);
    expect(result.scripted).toContain('Demo web app (signed out)');
    const page = await ext.open('options.html#settings');
    await page.getByLabel('Endpoint override (loopback only)').fill('http://127.0.0.1:9329');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
  });
});
