/**
 * `npm start`: the demo. Builds the extension, starts the sandbox with the demo
 * seed, serves the demo web app (a real Amplify v6 app that signs in to the
 * sandbox with SRP; scripts/demo-app.ts), and opens Chromium with the
 * extension loaded.
 *
 * - With a display: a real window with the web app and the dashboard open;
 *   it runs until you close the browser (or press Ctrl-C).
 * - With no display, or `npm start -- --headless`: the same, headless; it
 *   signs in on the Amplify page, imports the session through the popup, writes screenshots of the popup and
 *   of every dashboard section (light and dark) to a folder it prints, and exits.
 *   `--out DIR` chooses the folder (default .demo/screenshots).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { grantLoopbackAccess } from './chromium-profile';
import { DEMO_POOL_ID, serveDemoApp } from './demo-app';
import { ensureChromium, extensionLaunchArgs } from './system-tools';

const args = process.argv.slice(2);
const headless = args.includes('--headless') || !process.env.DISPLAY;
const outIndex = args.indexOf('--out');
const screenshotDir = resolve(
  outIndex >= 0 && args[outIndex + 1] ? (args[outIndex + 1] as string) : '.demo/screenshots',
);
const extensionDir = resolve('.output/chrome-mv3');
const SECTIONS = ['devices', 'sessions', 'history', 'admin', 'settings'] as const;

const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const executablePath = ensureChromium();

let sandbox: Sandbox;
try {
  sandbox = await startSandbox({ port: 9329 });
} catch {
  sandbox = await startSandbox({ port: 0 });
}
const app = await serveDemoApp({ endpoint: sandbox.endpoint });
console.log(`Sandbox (Cognito-compatible, demo seed): ${sandbox.endpoint}`);
console.log(`Demo web app (Amplify v6, signs in alice): ${app.url}`);

const profile = await mkdtemp(join(tmpdir(), 'cdd-start-'));
// The override is set below by storage, so the access Settings would ask for is granted here.
await grantLoopbackAccess(profile, extensionDir);
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless,
  viewport: headless ? { width: 1280, height: 860 } : null,
  args: extensionLaunchArgs(extensionDir, { headless }),
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const base = `chrome-extension://${new URL(worker.url()).host}`;

async function shutdown(code: number): Promise<never> {
  await context.close().catch(() => undefined);
  await app.close();
  await sandbox.close();
  await rm(profile, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/**
 * Point Settings' endpoint override at the sandbox, as a person would. Needed
 * BEFORE importing: the sandbox's (loopback) issuer is trusted only when the
 * override names it; admin calls go there too.
 */
async function setEndpointOverride(page: Page): Promise<void> {
  await page.goto(`${base}/options.html#settings`);
  await page.getByLabel('Endpoint override (loopback only)').fill(sandbox.endpoint);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
}

/** Sign in on the Amplify page and import its session the way a person does: the popup's button. */
async function importDemoSession(ctx: BrowserContext): Promise<Page> {
  const tab = ctx.pages()[0] ?? (await ctx.newPage());
  await tab.goto(app.url);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.locator('body[data-state="signed-in"]').waitFor();
  const popup = await ctx.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`${base}/popup.html`);
  await popup.getByRole('button', { name: 'Import session from this tab' }).click();
  await popup.getByRole('list', { name: 'Remembered devices' }).getByRole('listitem').first().waitFor();
  return popup;
}

if (!headless) {
  const tab = context.pages()[0] ?? (await context.newPage());
  await tab.goto(app.url);
  const dashboard = await context.newPage();
  // Before the person imports: the sandbox's tokens are trusted only once the override names it.
  await setEndpointOverride(dashboard);
  await dashboard.goto(`${base}/options.html#devices`);
  await tab.bringToFront();
  console.log('Chromium is open with the extension. In the web app tab, click "Sign in" (Amplify signs alice in');
  console.log('with SRP and remembers this browser), then click the extension’s toolbar icon and');
  console.log(
    'choose "Import session from this tab". Admin page: pool us-east-1_Demo1, access key AKIASANDBOXDEMO00001,',
  );
  console.log(
    'secret sandboxDemoSecretKey0000000000000000000000 (sandbox only). Close the browser or press Ctrl-C to stop.',
  );
  context.on('close', () => void shutdown(0));
} else {
  try {
    await mkdir(screenshotDir, { recursive: true });
    const written: string[] = [];
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    await setEndpointOverride(page);
    const popup = await importDemoSession(context);
    // One real action, so the dashboard shows a device known from history and a history entry.
    await popup.getByRole('button', { name: 'Don’t remember Work laptop — Firefox' }).click();
    await popup.getByRole('list', { name: 'Devices known from history' }).getByText('Work laptop — Firefox').waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme: scheme });
      const file = join(screenshotDir, `popup-${scheme}.png`);
      await popup.screenshot({ path: file, fullPage: true });
      written.push(file);
    }
    await popup.close();

    await page.goto(`${base}/options.html#admin`);
    await fillAdmin(page);
    for (const section of SECTIONS) {
      await page.goto(`${base}/options.html#${section}`);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const file = join(screenshotDir, `dashboard-${section}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        written.push(file);
      }
    }
    console.log(`Headless run (no display): signed in on ${app.url}, imported the session and wrote screenshots to`);
    console.log(`  ${screenshotDir}`);
    for (const file of written) console.log(`  ${file}`);
    await shutdown(0);
  } catch (error) {
    console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

/** Enter the demo IAM key on the Admin page and look at alice, if the Admin page offers it. */
async function fillAdmin(page: Page): Promise<void> {
  const form = page.getByRole('form', { name: 'Admin credentials' });
  if (!(await form.count())) return;
  await form.getByLabel('User pool id').fill(DEMO_POOL_ID);
  await form.getByLabel('Access key id').fill('AKIASANDBOXDEMO00001');
  await form.getByLabel('Secret access key').fill('sandboxDemoSecretKey0000000000000000000000');
  await form.getByRole('button', { name: 'Check credentials' }).click();
  await page.getByRole('button', { name: 'Forget credentials' }).waitFor();
  const find = page.getByRole('form', { name: 'Find a user' });
  if (await find.count()) {
    await find.getByLabel('Starts with').fill('ali');
    await page.getByRole('button', { name: 'Search users' }).click();
    await page.getByRole('button', { name: 'Inspect alice' }).click();
    await page.getByRole('table', { name: 'Devices of alice' }).getByRole('rowheader').first().waitFor();
  }
}
