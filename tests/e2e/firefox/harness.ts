/**
 * Real-Firefox harness: Debian's firefox-esr driven by puppeteer-core over
 * WebDriver BiDi, with the built Firefox extension installed as a temporary
 * add-on. What Firefox needs that Chromium does not (each confirmed on this
 * machine; see docs/firefox.md):
 * - `-remote-allow-system-access`, or navigating to moz-extension:// is refused;
 * - a fixed moz-extension UUID (pref `extensions.webextensions.uuids`), since
 *   it is random per profile;
 * - extension pages opened with BiDi `browsingContext.navigate` (wait: none),
 *   because Firefox reports no load events for them and `page.goto` never resolves;
 * - the extension's console errors and uncaught errors read from Firefox's
 *   stdout/stderr (`devtools.console.stdout.content`): puppeteer's `console`
 *   and `pageerror` events do not fire for extension documents.
 * Elements are found by ARIA role and accessible name (`::-p-aria`), as in
 * the Chromium suite.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { afterEach, expect } from 'vitest';
import { findFirefox } from '../../../scripts/system-tools';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/settings';

/** The Firefox build that ships (Manifest V3, see README "Firefox: Manifest V3"). */
export const FIREFOX_EXTENSION_DIR = resolve('.output/firefox-mv3');
export const SCREENSHOT_DIR = resolve('test-results/screenshots');
/** Any fixed v4 UUID: the extension's origin is then moz-extension://<this>. */
export const EXTENSION_UUID = '6d1f0c2a-3b4e-4f5a-8b6c-7d8e9fa0b1c2';

/** Firefox preferences for a driven, offline, prompt-free profile. */
function firefoxPrefs(geckoId: string, downloadDir: string): Record<string, unknown> {
  return {
    'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
    // Console calls and uncaught errors of content and extension documents go to stdout/stderr.
    // (The `chrome` twin would add Firefox's own remote-agent noise and is not needed for the extension.)
    'devtools.console.stdout.content': true,
    // Headless Firefox cannot answer a permission prompt: this switch grants optional permissions.
    'extensions.webextOptionalPermissionPrompts': false,
    // Downloads (History's CSV export) go to `downloadDir` without a dialog or the downloads panel.
    'browser.download.folderList': 2,
    'browser.download.dir': downloadDir,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
    'browser.download.alwaysOpenPanel': false,
    // Offline by construction: every host name resolves to loopback, so a real Cognito host is refused
    // at once (the optional-permission test reaches "could not reach Cognito" without leaving the machine).
    'network.dns.forceResolve': '127.0.0.1',
  };
}

export interface FirefoxHarness {
  browser: Browser;
  /** `moz-extension://<uuid>/<path>` */
  url(path: string): string;
  /** Open an extension page (e.g. `popup.html`) in a new tab at the front. */
  open(path: string, options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  /** Point an open tab at another extension page. */
  navigate(page: Page, path: string): Promise<void>;
  /** Open a web page (e.g. the demo app) in a new tab; normal navigation works there. */
  openWeb(url: string): Promise<Page>;
  /**
   * Write Settings (defaults + `patch`) as the Settings page stores them (`storage.local` key `settings`);
   * with an endpoint override, also save them once from the Settings page so its loopback access is granted.
   */
  setSettings(patch: Partial<Settings>): Promise<void>;
  /** Everything in the extension's `storage.local`. */
  storageLocal(): Promise<Record<string, unknown>>;
  /** The folder downloads land in. */
  downloadDir: string;
  /** Wait for a finished download whose name matches and return its path. */
  waitForDownload(pattern: RegExp): Promise<string>;
  /** Save a full-page screenshot and return its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Console errors, warnings and uncaught errors of the extension printed since the last call. */
  takeExtensionErrors(): string[];
  close(): Promise<void>;
}

/** The gecko id the build declares (the UUID pref is keyed by it). */
async function geckoIdOf(extensionDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);
  return id;
}

/**
 * What of Firefox's output the extension wrote: uncaught errors whose source
 * is the extension's origin, and console.error / console.warn calls of
 * content documents (the extension's pages and background). Of the tests' own
 * web pages only the demo's Amplify pages log: Amplify's ConsoleLogger lines
 * (`"[WARN] 46:57.321 Auth - …"`, e.g. its note on a custom user-pool
 * endpoint); the extension bundles no Amplify, so those are not its own.
 * Content console calls print their arguments formatted
 * (strings quoted); Firefox's internal loggers print an unquoted `Name: `
 * prefix (e.g. `console.error: RSLoader: …` from Remote Settings, which finds
 * no network here): those are not the extension's.
 */
/** A line of Amplify's ConsoleLogger (`[LEVEL] mm:ss.mmm Category - message`), printed by the demo's pages. */
const AMPLIFY_LOGGER_LINE = /^console\.(error|warn): "\[(ERROR|WARN)\] [\d:.]+ [\w.-]+ - /;

export function extensionErrorLines(output: readonly string[], uuid = EXTENSION_UUID): string[] {
  return output.filter(
    (line) =>
      (/^console\.(error|warn): /.test(line) &&
        !/^console\.(error|warn): [A-Za-z][\w.-]*: /.test(line) &&
        !AMPLIFY_LOGGER_LINE.test(line)) ||
      (line.startsWith('JavaScript error:') && line.includes(`moz-extension://${uuid}/`)),
  );
}

/** Launch Firefox ESR with the built extension installed. */
export async function launchFirefox(options: { extensionDir?: string } = {}): Promise<FirefoxHarness> {
  const extensionDir = options.extensionDir ?? FIREFOX_EXTENSION_DIR;
  const executablePath = findFirefox();
  if (!executablePath)
    throw new Error('Firefox not found: run `npm test` (it installs it) or `apt-get install -y firefox-esr`.');
  const downloadDir = await mkdtemp(join(tmpdir(), 'cdd-ff-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    args: ['-remote-allow-system-access'],
    extraPrefsFirefox: firefoxPrefs(await geckoIdOf(extensionDir), downloadDir),
  });
  const output: string[] = [];
  let taken = 0;
  const record = (chunk: Buffer | string) => output.push(...String(chunk).split('\n'));
  browser.process()?.stdout?.on('data', record);
  browser.process()?.stderr?.on('data', record);
  await browser.installExtension(extensionDir);
  await mkdir(SCREENSHOT_DIR, { recursive: true });

  const url = (path: string) => `moz-extension://${EXTENSION_UUID}/${path}`;
  const navigate = async (page: Page, path: string) => {
    const target = url(path);
    // Puppeteer's BiDi frame exposes its browsing context; `wait: 'none'` because no load event comes.
    const context = (page.mainFrame() as unknown as { browsingContext: BidiContext }).browsingContext;
    await context.navigate(target, 'none');
    await page.waitForFunction(
      (href: string) => location.href === href && document.readyState === 'complete',
      { timeout: 15_000 },
      target,
    );
  };
  const harness: FirefoxHarness = {
    browser,
    url,
    downloadDir,
    async open(path, openOptions = {}) {
      const page = await browser.newPage();
      await page.setViewport(openOptions.viewport ?? { width: 1280, height: 900 });
      await page.bringToFront();
      await navigate(page, path);
      return page;
    },
    navigate,
    async openWeb(webUrl) {
      const page = await browser.newPage();
      await page.goto(webUrl);
      return page;
    },
    async setSettings(patch) {
      const page = await harness.open('options.html#settings');
      await page.evaluate(
        (settings) =>
          (
            globalThis as unknown as { browser: { storage: { local: { set(v: object): Promise<void> } } } }
          ).browser.storage.local.set({ settings }),
        { ...DEFAULT_SETTINGS, ...patch },
      );
      await page.close();
      if (patch.endpointOverride) {
        // Loopback access is optional (asked for on Settings' Save click): save the stored form once, as a
        // person would, so Firefox's prompt switch grants it.
        const form = await harness.open('options.html#settings');
        const field = await find(form, label('Endpoint override (loopback only)'));
        // Save only once the form shows what is stored (else it would save its defaults).
        await field.frame.waitForFunction(
          (el, want) => ((el instanceof HTMLLabelElement ? el.control : el) as HTMLInputElement | null)?.value === want,
          { timeout: 10_000 },
          field,
          patch.endpointOverride,
        );
        await click(form, role('Save settings', 'button'));
        await findText(form, 'Settings saved.');
        await form.close();
      }
    },
    async storageLocal() {
      const page = await harness.open('options.html#settings');
      const all = await page.evaluate(() =>
        (
          globalThis as unknown as { browser: { storage: { local: { get(k: null): Promise<object> } } } }
        ).browser.storage.local.get(null),
      );
      await page.close();
      return all as Record<string, unknown>;
    },
    async waitForDownload(pattern) {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        // Firefox creates the final name empty at the start and writes `<name>.part` until it is done.
        const files = await readdir(downloadDir);
        const done = files.find((f) => pattern.test(f) && !f.endsWith('.part') && !files.includes(`${f}.part`));
        if (done && (await stat(join(downloadDir, done))).size > 0) return join(downloadDir, done);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no download matching ${pattern} in ${downloadDir}`);
    },
    async screenshot(page, name) {
      const file = join(SCREENSHOT_DIR, `${name}.png`);
      // Firefox's full-page capture leaves `content-visibility: auto` rows outside the viewport blank:
      // grow the viewport to the page first (what Playwright's fullPage does in Chromium), then restore it.
      const viewport = page.viewport() ?? { width: 1280, height: 900 };
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewport({ ...viewport, height: Math.max(viewport.height, height) });
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await page.screenshot({ path: file, fullPage: true });
      await page.setViewport(viewport);
      return file;
    },
    takeExtensionErrors() {
      const fresh = output.slice(taken);
      taken = output.length;
      return extensionErrorLines(fresh);
    },
    async close() {
      await browser.close();
      // Firefox's whole output, for a failure's post-mortem (test-results/ is ignored by git).
      await writeFile(join(SCREENSHOT_DIR, '..', 'firefox-output.log'), output.join('\n'));
      await rm(downloadDir, { recursive: true, force: true });
    },
  };
  return harness;
}

interface BidiContext {
  navigate(url: string, wait: 'none' | 'interactive' | 'complete'): Promise<void>;
}

/**
 * After every test of the file: no console error or warning and no uncaught
 * error from the extension during it. A failed test also leaves a screenshot
 * of every open tab in test-results/screenshots/ (firefox-failure-*).
 */
export function failOnExtensionErrors(ext: () => FirefoxHarness | undefined): void {
  afterEach(async (context) => {
    const harness = ext();
    if (!harness) return;
    if (context.task.result?.state === 'fail') {
      const pages = await harness.browser.pages();
      const name = `firefox-failure-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`;
      // A tab the test already closed has no browsing context left: skip it.
      for (const [i, page] of pages.entries()) await harness.screenshot(page, `${name}-${i}`).catch(() => undefined);
    }
    expect(harness.takeExtensionErrors()).toEqual([]);
  });
}

const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Selector for an element by ARIA role and accessible name (exact), as a person finds it; any name when omitted. */
export function role(name: string | undefined, roleName: string): string {
  return name === undefined
    ? `::-p-aria([role="${roleName}"])`
    : `::-p-aria([name=${quoted(name)}][role="${roleName}"])`;
}

/** Selector for a form field (or its <label>) by the label's text, whatever its role (a password field has none). */
export function label(name: string): string {
  return `::-p-aria([name=${quoted(name)}])`;
}

type Scope = Page | ElementHandle<Element>;

/**
 * Wait for the deepest element inside `scope` whose text contains `value`.
 * (Not puppeteer's `::-p-text`: its per-node text cache missed a text node
 * Preact changed in place, in Firefox, about one run in two.)
 */
export async function findText(scope: Scope, value: string, timeout = 10_000): Promise<ElementHandle<Element>> {
  const root = 'mainFrame' in scope ? await find(scope, 'body', timeout) : scope;
  const deadline = Date.now() + timeout;
  for (;;) {
    const handle = await root.evaluateHandle((start, wanted) => {
      const holds = (el: Element) => (el.textContent ?? '').includes(wanted);
      if (!holds(start)) return null;
      let el: Element = start;
      for (let child = [...el.children].find(holds); child; child = [...el.children].find(holds)) el = child;
      return el;
    }, value);
    const element = handle.asElement() as ElementHandle<Element> | null;
    if (element) return element;
    await handle.dispose();
    if (Date.now() > deadline) throw new Error(`no text “${value}” after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Wait for the element `selector` finds inside `scope` (default 10 s). */
export async function find(scope: Scope, selector: string, timeout = 10_000): Promise<ElementHandle<Element>> {
  const found = await scope.waitForSelector(selector, { timeout });
  if (!found) throw new Error(`not found: ${selector}`);
  return found as ElementHandle<Element>;
}

/**
 * Wait for the element at the end of a chain of selectors (each inside the
 * one before), resolving the whole chain afresh on every try, as a Playwright
 * locator does: an element handle kept across a re-render points at a node
 * Preact may have replaced.
 */
export async function findPath(
  scope: Scope,
  selectors: readonly string[],
  timeout = 10_000,
): Promise<ElementHandle<Element>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    let current: Scope | null = scope;
    for (const selector of selectors)
      current = current ? ((await current.$(selector)) as ElementHandle<Element> | null) : null;
    if (current && current !== scope) return current as ElementHandle<Element>;
    if (Date.now() > deadline) throw new Error(`not found after ${timeout} ms: ${selectors.join(' » ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Click the element `selector` finds inside `scope`, once it is there. */
export async function click(scope: Scope, selector: string): Promise<void> {
  await (await find(scope, selector)).click();
}

/**
 * Replace an input's value as a person does: focus, select all, delete, type;
 * then check the field holds exactly `value`. (Setting `.value` from a script
 * does not stick: Preact restores a controlled input's rendered value.)
 */
export async function fill(scope: Scope, selector: string, value: string): Promise<void> {
  // `label()` can match the <label> itself (Firefox names it by its text too): fill the control it labels.
  const found = await find(scope, selector);
  const input = (await found.evaluateHandle((el) =>
    el instanceof HTMLLabelElement ? (el.control ?? el) : el,
  )) as ElementHandle<Element>;
  const keyboard = input.frame.page().keyboard;
  await input.focus();
  await keyboard.down('Control');
  await keyboard.press('KeyA');
  await keyboard.up('Control');
  await keyboard.press('Backspace');
  await input.type(value);
  const actual = await input.evaluate((el) => (el as HTMLInputElement).value);
  if (actual !== value) throw new Error(`${selector} holds “${actual}” after typing “${value}”`);
}

/** Wait until nothing inside `scope` matches `selector`. */
export async function gone(scope: Scope, selector: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while ((await scope.$(selector)) !== null) {
    if (Date.now() > deadline) throw new Error(`still there after ${timeout} ms: ${selector}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
