/**
 * `npm run screenshots`: regenerates docs/screenshots/ from the real built
 * extension in Debian's Chromium (the npm script checks the system tools and
 * runs `wxt build` first; `npx tsx scripts/screenshots.ts` alone reuses the
 * last build in .output/chrome-mv3).
 *
 * The setup is the e2e suite's (tests/e2e/accessibility.test.ts): the sandbox,
 * the demo web app, a session imported from its Amplify page through the popup,
 * Settings' endpoint override saved and the admin credentials entered. On top
 * of that, two device actions on the Devices page (so History has rows and
 * "Known from history" has devices) and an audit on the Admin page (so its
 * report shows).
 *
 * It writes:
 * - popup-<scheme>.png: the popup at 400 × 600, what fits in the viewport;
 * - dashboard-<section>-<width>-<scheme>.png: each dashboard section, full
 *   page, at 1280 × 800 and 1024 × 700;
 * for <scheme> light and dark. The firefox-*.png pictures come from the
 * Firefox suite (tests/e2e/firefox/accessibility.test.ts) and are left alone.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startSandbox } from '../sandbox/server';
import { signInOnAmplifyPage } from '../tests/e2e/demo-pages';
import { type ExtensionHarness, importIntoPopup, launchExtension } from '../tests/e2e/harness';
import { DEMO_IAM, DEMO_POOL_ID, serveDemoApp } from './demo-app';

const OUT = resolve('docs/screenshots');
const SCHEMES = ['light', 'dark'] as const;
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;
const SECTIONS = ['devices', 'sessions', 'history', 'admin', 'settings'] as const;
type Section = (typeof SECTIONS)[number];
/** Two devices of the demo seed's alice that the Devices page stops remembering. */
const ACTED_ON = ['Work laptop — Firefox', 'Linux desktop — Chromium'];

const started = Date.now();
const written: string[] = [];

/** Save a screenshot of `page` as docs/screenshots/<name>.png. */
async function shoot(page: Page, name: string, fullPage: boolean): Promise<void> {
  // Nothing still loading (an ARIA busy state, not the pages' markup), then let late layout settle.
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 20_000 });
  await page.waitForTimeout(250);
  const file = join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
  written.push(file);
}

/** Every width and scheme of one dashboard section, on the page that shows it now (no reload). */
async function shootSection(page: Page, section: Section): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await shoot(page, `dashboard-${section}-${viewport.width}-${colorScheme}`, true);
    }
  }
}

/** The accessibility suite's setup: import from the demo app, save the override, enter admin credentials. */
async function setUp(ext: ExtensionHarness, endpoint: string, appUrl: string): Promise<Page> {
  // The sandbox's issuer is trusted only when Settings' endpoint override names it.
  await ext.setSettings({ endpointOverride: endpoint });
  const { tab } = await signInOnAmplifyPage(ext.context, appUrl);
  const popup = await ext.open('popup.html');
  await importIntoPopup(popup);
  await popup.getByRole('list', { name: 'Remembered devices' }).waitFor();
  await popup.close();
  await tab.close();
  const page = await ext.open('options.html#settings', { viewport: VIEWPORTS[0] });
  await page.getByLabel('Endpoint override (loopback only)').fill(endpoint);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
  await page.goto(ext.url('options.html#admin'));
  const form = page.getByRole('form', { name: 'Admin credentials' });
  await form.getByLabel('User pool id').fill(DEMO_POOL_ID);
  await form.getByLabel('Access key id').fill(DEMO_IAM.accessKeyId);
  await form.getByLabel('Secret access key').fill(DEMO_IAM.secretAccessKey);
  await form.getByRole('button', { name: 'Check credentials' }).click();
  await page.getByRole('button', { name: 'Forget credentials' }).waitFor();
  return page;
}

/** Stop remembering two devices from the Devices table, one at a time, as a person would. */
async function actOnDevices(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Devices' }).click();
  const listed = page.getByRole('table', { name: 'Devices listed by Cognito' });
  const known = page.getByRole('table', { name: 'Devices known from history' });
  for (const name of ACTED_ON) {
    await listed.getByRole('button', { name: `Don’t remember ${name}` }).click();
    await known.getByText(name, { exact: true }).waitFor();
  }
}

/** Run a pool audit on the Admin page and wait for its report. */
async function runAudit(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('button', { name: 'Start audit' }).click();
  await page.getByRole('region', { name: 'Audit progress' }).getByText('Done').waitFor({ timeout: 60_000 });
}

/** Show a section by its navigation link (the same document, so the Admin report stays) and let it load. */
async function showSection(page: Page, section: Section): Promise<void> {
  await page.setViewportSize(VIEWPORTS[0]);
  await page.getByRole('link', { name: section[0]?.toUpperCase() + section.slice(1), exact: true }).click();
  await page.waitForURL(`**#${section}`);
  await page.getByRole('heading', { level: 2 }).first().waitFor();
  await page.waitForLoadState('networkidle');
}

const sandbox = await startSandbox({ port: 0 });
const app = await serveDemoApp({ endpoint: sandbox.endpoint });
const ext = await launchExtension();
let failed = false;
try {
  await mkdir(OUT, { recursive: true });
  const page = await setUp(ext, sandbox.endpoint, app.url);
  await actOnDevices(page);
  await runAudit(page);
  // The Admin section first: it shows the report of the audit just run.
  await shootSection(page, 'admin');
  for (const section of SECTIONS.filter((s) => s !== 'admin')) {
    await showSection(page, section);
    await shootSection(page, section);
  }
  await page.close();

  for (const colorScheme of SCHEMES) {
    const popup = await ext.open('popup.html', { colorScheme, viewport: { width: 400, height: 600 } });
    await popup.getByRole('list', { name: 'Remembered devices' }).waitFor();
    await popup.waitForLoadState('networkidle');
    await shoot(popup, `popup-${colorScheme}`, false);
    await popup.close();
  }
  console.log(`Wrote ${written.length} screenshots in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  for (const file of written) console.log(`  ${file}`);
} catch (error) {
  failed = true;
  console.error(`Screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await ext.close();
  await app.close();
  await sandbox.close();
}
process.exit(failed ? 1 : 0);
