/**
 * The extension against devices made the way real web apps make them, in
 * Chromium: the demo web app's Amplify page (the real aws-amplify v6, bundled)
 * signs in with SRP in the browser, confirms and remembers its device, and
 * holds Amplify's own session, bound to that device. Imported, the device is listed,
 * marked "This device" (and "inferred": the pool answers user-token calls with
 * the lean attribute set, no `dev:device_remembered_status`), and can be
 * not-remembered and forgotten. Also: a web-ACL block and a misconfigured pool
 * in words a person can act on, in the popup and the dashboard. The sandbox's
 * state confirms every change.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../sandbox/seed';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { DEMO_POOL_ID, mintedPageUrl, serveDemoApp } from '../../scripts/demo-app';
import { ERROR_TEXT } from '../../utils/error-text';
import { signInOnAmplifyPage } from './demo-pages';
import { type ExtensionHarness, launchExtension, popupDeviceAction } from './harness';

const USER = 'amy';
const PASSWORD = 'Amy-Real-Passw0rd!';
const WAF_POOL = 'us-east-1_Waf1';
const WAF_CLIENT = '5sandboxwafclient00000001';
const BROKEN_POOL = 'us-east-1_Broken1';
const BROKEN_CLIENT = '5sandboxbrokenclient00001';

function seed(): SeedFile {
  const demo = JSON.parse(readFileSync('sandbox/seeds/demo.json', 'utf8')) as SeedFile;
  const pool = demo.pools[0] as SeedFile['pools'][number];
  pool.leanUserDeviceAttributes = true;
  pool.users.push({ username: USER, password: PASSWORD, status: 'CONFIRMED', attributes: {} });
  const other = (id: string, client: string, extra: Partial<SeedFile['pools'][number]>) => ({
    id,
    name: id,
    clients: [{ id: client, name: client, allowedScopes: ['aws.cognito.signin.user.admin'] }],
    users: [{ username: 'zoe', password: 'Zoe-Passw0rd!', status: 'CONFIRMED' as const }],
    ...extra,
  });
  demo.pools.push(
    other(WAF_POOL, WAF_CLIENT, { webAcl: [{ sourceIps: ['127.0.0.1'], operations: ['ListDevices'] }] }),
    other(BROKEN_POOL, BROKEN_CLIENT, { invalidConfiguration: 'Device tracking is not configured for this pool.' }),
  );
  return demo;
}

interface StateDevice {
  key: string;
  name: string | null;
  remembered: boolean;
  confirmedWithVerifier: boolean;
}

describe('devices made by Amplify’s real flow, and the new error paths', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  let app: Awaited<ReturnType<typeof serveDemoApp>>;
  let deviceKey = '';
  let deviceName = '';
  let tab: Page | undefined;
  // Closed after the browser: a server closes only once the browser's keep-alive connections are gone.
  const pages: Awaited<ReturnType<typeof serveDemoApp>>[] = [];

  const devicesOf = async (username: string): Promise<StateDevice[]> => {
    const state = (await (await fetch(`${sandbox.endpoint}/_sandbox/state`)).json()) as {
      pools: { id: string; users: { username: string; devices: StateDevice[] }[] }[];
    };
    return state.pools.find((p) => p.id === DEMO_POOL_ID)?.users.find((u) => u.username === username)?.devices ?? [];
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: seed() });
    app = await serveDemoApp({ endpoint: sandbox.endpoint, username: USER, password: PASSWORD });
    ext = await launchExtension();
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
    // Amplify's own SRP sign-in in the page; it confirms and remembers this browser as a device.
    const signedIn = await signInOnAmplifyPage(ext.context, app.url);
    deviceKey = signedIn.deviceKey;
    tab = signedIn.tab;
  }, 90_000);
  afterAll(async () => {
    await ext?.close();
    await app?.close();
    for (const page of pages) await page.close();
    await sandbox?.close();
  });

  it('Amplify confirmed and remembered its device (the sandbox holds it, with its SRP verifier)', async () => {
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    const [device, ...others] = await devicesOf(USER);
    expect(others).toEqual([]);
    expect(device).toMatchObject({ key: deviceKey, remembered: true, confirmedWithVerifier: true });
    deviceName = device?.name ?? '';
    // Amplify names the device from the browser's user-agent client hints (its brands, Chromium among them).
    expect(deviceName).toMatch(/Chromium\//);
  });

  it('lists it, marked “This device” and remembered (inferred from the lean answer)', async () => {
    await tab?.close();
    const popup = await ext.importFromTab(app.url);
    const item = popup.getByRole('list', { name: 'Remembered devices' }).getByRole('listitem', { name: deviceName });
    await item.getByText('This device').waitFor();
    await item.getByText('Remembered (inferred)', { exact: true }).waitFor();
    await ext.screenshot(popup, 'real-device-popup');
    await popup.close();
  });

  it('does not remember it, then forgets it (confirming it is this browser’s own device)', async () => {
    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 900 } });
    const listed = popup.getByRole('list', { name: 'Remembered devices' });
    await popupDeviceAction(listed, deviceName, 'Don’t remember');
    const known = popup.getByRole('list', { name: 'Devices known from history' });
    const item = known.getByRole('listitem', { name: deviceName });
    await item.getByText('Not remembered', { exact: true }).waitFor();
    expect((await devicesOf(USER)).find((d) => d.key === deviceKey)?.remembered).toBe(false);

    await popupDeviceAction(item, deviceName, 'Forget');
    const dialog = popup.getByRole('dialog', { name: 'Forget this browser’s own device?' });
    await dialog.getByRole('button', { name: 'Forget device' }).click();
    await expect.poll(async () => (await devicesOf(USER)).length).toBe(0);
    await popup.close();
  });

  /** The demo app for `zoe` in another pool; its minted page has Amplify's token store keep her session. */
  async function pageOf(poolId: string, clientId: string) {
    const page = await serveDemoApp({ endpoint: sandbox.endpoint, poolId, clientId, username: 'zoe' });
    return { page, url: mintedPageUrl(page.url, { username: 'zoe' }) };
  }

  it.each([
    ['a web ACL (ForbiddenException)', WAF_POOL, WAF_CLIENT, ERROR_TEXT.ERR_COGNITO_FORBIDDEN],
    [
      'a misconfigured pool (InvalidUserPoolConfigurationException)',
      BROKEN_POOL,
      BROKEN_CLIENT,
      ERROR_TEXT.ERR_COGNITO_INVALID_POOL_CONFIG,
    ],
  ])('says what to do about %s, in the popup and on the dashboard', async (_what, poolId, clientId, text) => {
    const { page, url } = await pageOf(poolId, clientId);
    pages.push(page);
    {
      const popup = await ext.importFromTab(url);
      const alert = popup.getByRole('alert').filter({ hasText: text.title });
      await alert.getByText(text.remediation).waitFor();
      await popup.close();
      const dashboard = await ext.open('options.html#devices', { viewport: { width: 1280, height: 900 } });
      const shown = dashboard.getByRole('alert').filter({ hasText: text.title });
      await shown.getByText(text.remediation).waitFor();
      await ext.screenshot(dashboard, `real-device-error-${poolId}`);
      await dashboard.close();
    }
  });
});
