/**
 * Real-browser harness: loads the built extension (.output/chrome-mv3) into
 * Debian's Chromium through playwright-core and opens its pages by their
 * chrome-extension:// URLs. Screenshots go to test-results/screenshots/
 * (ignored by git).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { grantLoopbackAccess } from '../../scripts/chromium-profile';
import { extensionLaunchArgs, findChromium } from '../../scripts/system-tools';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings';

export const EXTENSION_DIR = resolve('.output/chrome-mv3');
export const SCREENSHOT_DIR = resolve('test-results/screenshots');

type StorageArea = { get(keys: string[]): Promise<Record<string, unknown>> };
/**
 * The active session's id and import time, as the worker stored them (wxt's
 * `session:activeSessionId` and `session:sessions`): an import makes a new
 * session, or replaces the same import's (same id, a new import time).
 */
const activeImport = (page: Page): Promise<string | null> =>
  page.evaluate(async () => {
    const area = (globalThis as unknown as { chrome: { storage: { session: StorageArea } } }).chrome.storage.session;
    const { activeSessionId, sessions } = await area.get(['activeSessionId', 'sessions']);
    const active = (sessions as { id: string; importedAt: number }[] | undefined)?.find(
      (s) => s.id === activeSessionId,
    );
    return active ? `${active.id}@${active.importedAt}` : null;
  });

/**
 * Press the popup's "Import session from this tab" and return once the import
 * has landed: a new active session, or the same import's replaced (a new
 * import time), shown, with the button usable again. A popup that already shows a session would otherwise
 * pass a wait for the session card at once, and a click made then lands on the
 * old session's list, which the import then replaces. An import that adds no
 * session fails here, with what the popup's alerts say.
 */
export async function importIntoPopup(popup: Page): Promise<void> {
  const before = await activeImport(popup);
  const button = popup.getByRole('button', { name: 'Import session from this tab' });
  await button.click();
  const deadline = Date.now() + 20_000;
  while ((await activeImport(popup)) === before) {
    if (Date.now() > deadline) {
      const alerts = await popup.getByRole('alert').allTextContents();
      throw new Error(`The import added no session within 20 s. The popup says: ${alerts.join(' | ') || 'nothing'}`);
    }
    await popup.waitForTimeout(100);
  }
  await popup.getByRole('region', { name: 'Active session' }).waitFor();
  await popup.locator('button:not([disabled])', { hasText: 'Import session from this tab' }).waitFor();
}

/**
 * Press a device's action in the popup's list (`scope`: the list or the page):
 * each row's actions fold under it, behind its "Actions for <name>" button,
 * which is opened first when it is closed.
 */
export async function popupDeviceAction(scope: Locator | Page, name: string, action: string): Promise<void> {
  const toggle = scope.getByRole('button', { name: `Actions for ${name}`, exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await scope.getByRole('button', { name: `${action} ${name}`, exact: true }).click();
}

/** Press an export button (`button`, on `page`) and return the downloaded file's name and text. */
export async function downloaded(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

/**
 * Stop the extension's service workers through the DevTools protocol (`ServiceWorker.stopAllWorkers`,
 * as Chrome does after an update or a crash), from `page`'s DevTools session.
 */
export async function stopWorkers(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
}

/** Open a popup device row's actions (`row`: its list item), when they are closed. */
export async function openDeviceRow(row: Locator): Promise<void> {
  const toggle = row.locator('button[data-toggle]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

export interface ExtensionHarness {
  context: BrowserContext;
  extensionId: string;
  /** `chrome-extension://<id>/<path>` */
  url(path: string): string;
  /** Open an extension page (e.g. `popup.html`) in a new tab. */
  open(
    path: string,
    options?: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } },
  ): Promise<Page>;
  /**
   * Open `url` (a demo web app) in a tab, import its session from the popup (opened in a tab,
   * 400 × 900) and return that popup once the session shows; the web app's tab is closed.
   */
  importFromTab(url: string): Promise<Page>;
  /** Write the extension's Settings (defaults + `patch`), as the Settings page would store them. */
  setSettings(patch: Partial<Settings>): Promise<void>;
  /** Save a full-page screenshot and return its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Launch Chromium with the built extension (or another build, e.g. a bench's copy) loaded.
 * @param options.userDataDir a profile to reuse (a browser restart); it is kept on close
 * The loopback access Settings asks for is granted in the profile unless `loopbackAccess` is false;
 * `grantApi` grants optional API permissions too (Chromium cannot answer a permission prompt headless).
 */
export async function launchExtension(
  options: { extensionDir?: string; userDataDir?: string; loopbackAccess?: boolean; grantApi?: string[] } = {},
): Promise<ExtensionHarness> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('Chromium not found: run `npm test` (it installs it) or `apt-get install -y chromium`.');
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'cdd-e2e-')));
  // A profile Chromium has already run (a restart) keeps the grant it stored: only a new one gets it written.
  const used = existsSync(join(userDataDir, 'Default', 'Preferences'));
  const grantedTo =
    options.loopbackAccess === false || used
      ? undefined
      : await grantLoopbackAccess(userDataDir, extensionDir, options.grantApi);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: extensionLaunchArgs(extensionDir, { headless: true }),
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  if (grantedTo && grantedTo !== extensionId) {
    throw new Error(`The loopback grant went to ${grantedTo}, but Chromium gave the extension the id ${extensionId}.`);
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const url = (path: string) => `chrome-extension://${extensionId}/${path}`;
  return {
    context,
    extensionId,
    url,
    async open(path, options = {}) {
      const page = await context.newPage();
      if (options.viewport) await page.setViewportSize(options.viewport);
      if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
      await page.goto(url(path));
      return page;
    },
    async importFromTab(appUrl) {
      const tab = await context.newPage();
      await tab.goto(appUrl);
      // The demo's minted-session page: Amplify's token store has written the session.
      await tab.locator('body[data-state="signed-in"]').waitFor();
      const popup = await context.newPage();
      await popup.setViewportSize({ width: 400, height: 900 });
      await popup.goto(url('popup.html'));
      await importIntoPopup(popup);
      await tab.close();
      return popup;
    },
    async setSettings(patch) {
      const page = await context.newPage();
      await page.goto(url('options.html#settings'));
      // wxt's `local:settings` item is the key `settings` of storage.local.
      await page.evaluate(
        (settings) =>
          (
            globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }
          ).chrome.storage.local.set({ settings }),
        { ...DEFAULT_SETTINGS, ...patch },
      );
      await page.close();
    },
    async screenshot(page, name) {
      const file = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      if (!options.userDataDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
