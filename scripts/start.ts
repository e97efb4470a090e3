/**
 * `npm start`: build the extension and open it in Chromium.
 * With a display it opens a real window and waits until you close it; with no
 * display (or `npm start -- --headless`) it runs headless, writes screenshots
 * of the popup and the dashboard to a folder it prints, and exits.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureChromium } from './system-tools';

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
const extensionDir = resolve('.output/chrome-mv3');
const screenshotDir = resolve('.demo/screenshots');

const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const executablePath = ensureChromium();
const context = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'cdd-start-')), {
  executablePath,
  headless,
  viewport: headless ? { width: 1200, height: 800 } : null,
  args: [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    ...(headless ? ['--no-sandbox', '--disable-gpu'] : []),
  ],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;
const base = `chrome-extension://${extensionId}`;

if (!headless) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${base}/options.html`);
  console.log(`Cognito Device Dashboard is open (extension id ${extensionId}). Close the browser window to stop.`);
  await new Promise<void>((done) => context.on('close', () => done()));
  process.exit(0);
}

await mkdir(screenshotDir, { recursive: true });
const shots: string[] = [];
const popup = await context.newPage();
await popup.setViewportSize({ width: 400, height: 320 });
await popup.goto(`${base}/popup.html`);
await popup.getByRole('heading', { name: 'Cognito Device Dashboard' }).waitFor();
shots.push(join(screenshotDir, 'popup.png'));
await popup.screenshot({ path: shots.at(-1), fullPage: true });
for (const section of ['devices', 'sessions', 'history', 'admin', 'settings']) {
  const page = await context.newPage();
  await page.goto(`${base}/options.html#${section}`);
  await page.getByRole('navigation', { name: 'Dashboard sections' }).waitFor();
  shots.push(join(screenshotDir, `dashboard-${section}.png`));
  await page.screenshot({ path: shots.at(-1), fullPage: true });
  await page.close();
}
await context.close();
console.log(`Headless run (no display): screenshots written to ${screenshotDir}`);
for (const s of shots) console.log(`  ${s}`);
