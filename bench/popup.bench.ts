/**
 * Popup benchmark.
 * (1) Size: the JavaScript and CSS the popup loads (its entry chunk, the
 *     chunks it imports statically, its stylesheets), raw and gzip.
 *     Target: JS + CSS at most 24 KB gzip.
 * (2) Speed: from opening the popup to its device list rendered, with 60
 *     remembered devices from the sandbox, next to the floor: a bare extension
 *     page (added to a copy of the build, never to the product) that does one
 *     ListDevices fetch to the same sandbox and renders the names.
 *     Target: popup-to-devices at most 1.5× the floor. Medians of several runs,
 *     the two pages alternating, both in a popup-sized viewport.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { SeedFile } from '../sandbox/seed';
import { startSandbox } from '../sandbox/server';
import { serveDemoApp } from '../scripts/demo-app';
import { ensureChromium } from '../scripts/system-tools';
import { openMintedSessionPage } from '../tests/e2e/demo-pages';
import { launchExtension } from '../tests/e2e/harness';

const BUILD = resolve('.output/chrome-mv3');
const RUNS = 61;
const WARM_UP = 3;
const DEVICES = 60;
// Both pages are measured at the size of this popup as Chrome shows it (its body is 400 px wide;
// a popup is at most 800 × 600), not in a full-size tab.
const VIEWPORT = { width: 400, height: 600 };
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

if (spawnSync('npx', ['wxt', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('wxt build failed');

// ── (1) size ────────────────────────────────────────────────────────────────
const html = await readFile(join(BUILD, 'popup.html'), 'utf8');
const refs = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
const files = new Set<string>();
const visit = async (file: string) => {
  if (files.has(file)) return;
  files.add(file);
  if (!file.endsWith('.js')) return;
  const code = await readFile(join(BUILD, file), 'utf8');
  // Static imports only: what the popup loads before it can render.
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^'"]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
    await visit(join(file, '..', m[1] as string));
  }
};
for (const ref of refs) await visit(ref);
const rows = await Promise.all(
  [...files].map(async (f) => {
    const data = await readFile(join(BUILD, f));
    return { file: f, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  }),
);
const sum = (kind: string, key: 'raw' | 'gzip') =>
  rows.filter((r) => r.file.endsWith(kind)).reduce((n, r) => n + r[key], 0);
console.log('Popup bundle (what popup.html loads before rendering):');
for (const r of rows) console.log(`  ${r.file.padEnd(44)} ${kb(r.raw).padStart(9)} raw ${kb(r.gzip).padStart(9)} gzip`);
const totalGzip = sum('.js', 'gzip') + sum('.css', 'gzip');
console.log(`  JavaScript: ${kb(sum('.js', 'raw'))} raw, ${kb(sum('.js', 'gzip'))} gzip`);
console.log(`  CSS:        ${kb(sum('.css', 'raw'))} raw, ${kb(sum('.css', 'gzip'))} gzip`);
console.log(`  JS + CSS gzip: ${kb(totalGzip)}  (target ≤ 24 KB: ${totalGzip <= 24 * 1024 ? 'met' : 'NOT met'})`);

// ── (2) speed ───────────────────────────────────────────────────────────────
const demo = JSON.parse(await readFile('sandbox/seeds/demo.json', 'utf8')) as SeedFile;
const alice = demo.pools[0]?.users.find((u) => u.username === 'alice');
if (!alice) throw new Error('demo seed has no alice');
alice.devices = Array.from({ length: DEVICES }, (_, i) => ({
  key: `us-east-1_00000000-0000-4000-a000-${String(i).padStart(12, '0')}`,
  name: `Bench device ${i + 1}`,
  remembered: true,
  lastIp: `198.51.100.${i}`,
  createdAt: 1740000000 + i,
  lastModifiedAt: 1740000100 + i,
  lastAuthenticatedAt: 1740000200 + i,
}));
// The popup's speed is measured, not the quotas: the per-user limits (10/s) are raised with the read rate.
const sandbox = await startSandbox({
  port: 0,
  seed: demo,
  quotas: { read: 1000, write: 25, PerUserRead: 1000, PerUserWrite: 1000 },
});
const app = await serveDemoApp({ endpoint: sandbox.endpoint });
// The floor page calls ListDevices with a token of its own, minted by the sandbox's test route.
const tokens = (await (
  await fetch(`${sandbox.endpoint}/_sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ poolId: 'us-east-1_Demo1', clientId: '5sandboxdemoclient0000001', username: 'alice' }),
  })
).json()) as { AccessToken: string };

// The floor page lives only in a temporary copy of the build.
const copy = await mkdtemp(join(tmpdir(), 'cdd-bench-ext-'));
await cp(BUILD, copy, { recursive: true });
await writeFile(
  join(copy, 'floor.html'),
  '<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head><body><ul id="list"></ul><script type="module" src="/floor.js"></script></body></html>',
);
await writeFile(
  join(copy, 'floor.js'),
  `const [endpoint, token] = decodeURIComponent(location.hash.slice(1)).split('|');
const res = await fetch(endpoint + '/', { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListDevices' }, body: JSON.stringify({ AccessToken: token, Limit: 60 }) });
const body = await res.json();
const list = document.getElementById('list');
for (const d of body.Devices) { const li = document.createElement('li'); li.textContent = d.DeviceAttributes.find((a) => a.Name === 'device_name')?.Value ?? d.DeviceKey; list.append(li); }
document.body.dataset.done = String(list.children.length);`,
);

ensureChromium();
const ext = await launchExtension({ extensionDir: copy });
const { context } = ext;
try {
  // The sandbox's issuer is trusted only when Settings' endpoint override names it.
  await ext.setSettings({ endpointOverride: sandbox.endpoint });
  const base = ext.url('').replace(/\/$/, '');
  // alice's session as Amplify keeps it, with no device of its own (the list stays at DEVICES).
  await openMintedSessionPage(context, app.url, { username: 'alice' });
  const importer = await context.newPage();
  await importer.goto(`${base}/popup.html`);
  await importer.getByRole('button', { name: 'Import session from this tab' }).click();
  await importer
    .getByRole('list', { name: 'Remembered devices' })
    .getByRole('listitem')
    .nth(DEVICES - 1)
    .waitFor();
  await importer.close();

  // Predicates are functions (run through DevTools): extension pages' CSP forbids evaluating strings.
  const measure = async (url: string, done: (n: number) => boolean): Promise<number> => {
    const page = await context.newPage();
    await page.setViewportSize(VIEWPORT);
    await page.goto(url);
    await page.waitForFunction(done, DEVICES, { polling: 'raf', timeout: 20_000 });
    // performance.now() counts from the page's time origin (navigation start).
    const ms = (await page.evaluate('performance.now()')) as number;
    await page.close();
    return ms;
  };
  const popupDone = (n: number) => document.querySelectorAll('[aria-label="Remembered devices"] > li').length === n;
  const floorDone = (n: number) => document.body.dataset.done === String(n);
  const floorUrl = `${base}/floor.html#${encodeURIComponent(`${sandbox.endpoint}|${tokens.AccessToken}`)}`;
  // Warm up both paths (service worker started, HTTP keep-alive, code cache).
  for (let i = 0; i < WARM_UP; i++) {
    await measure(`${base}/popup.html`, popupDone);
    await measure(floorUrl, floorDone);
  }
  const popup: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    popup.push(await measure(`${base}/popup.html`, popupDone));
    floor.push(await measure(floorUrl, floorDone));
  }
  const ratio = median(popup) / median(floor);
  console.log(
    `\nPopup to device list rendered (${DEVICES} devices from the sandbox, ${VIEWPORT.width}×${VIEWPORT.height}, median of ${RUNS}):`,
  );
  console.log(`  popup:  ${median(popup).toFixed(1)} ms   (runs: ${popup.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  floor:  ${median(floor).toFixed(1)} ms   (bare extension page, one ListDevices fetch)`);
  console.log(`  ratio:  ${ratio.toFixed(2)}×  (target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'NOT met'})`);
} finally {
  await ext.close();
  await app.close();
  await sandbox.close();
  await rm(copy, { recursive: true, force: true });
}
