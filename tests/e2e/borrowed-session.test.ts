/**
 * A session imported from the real Amplify page stays the app's. Rotation on
 * (the app client rotates refresh tokens): the extension lists and changes
 * devices with the borrowed session, its refresh is refused by Cognito
 * (REFRESH_TOKEN_AUTH is not offered to a rotating client) without spending
 * the app's refresh token, the popup says why in words, and the Amplify page
 * still refreshes its own session. Rotation off: the extension refreshes on
 * its own and the page still refreshes too.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../sandbox/request-log';
import type { SeedFile } from '../../sandbox/seed';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { DEMO_CLIENT_ID, type DemoApp, serveDemoApp } from '../../scripts/demo-app';
import { openMintedSessionPage, refreshOnAmplifyPage, signInOnAmplifyPage } from './demo-pages';
import { type ExtensionHarness, importIntoPopup, launchExtension, popupDeviceAction } from './harness';

const ROTATING_CLIENT = '5sandboxrotatingclient001';

describe('borrowed sessions stay the app’s', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  const apps: Record<'on' | 'off', DemoApp | undefined> = { on: undefined, off: undefined };

  beforeAll(async () => {
    const seed = JSON.parse(
      readFileSync(new URL('../../sandbox/seeds/demo.json', import.meta.url), 'utf8'),
    ) as SeedFile;
    seed.pools[0]?.clients.push({
      id: ROTATING_CLIENT,
      name: 'Rotating web app',
      allowedScopes: ['aws.cognito.signin.user.admin', 'openid'],
      authFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      refreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
    });
    sandbox = await startSandbox({ port: 0, seed });
    apps.on = await serveDemoApp({ endpoint: sandbox.endpoint, clientId: ROTATING_CLIENT });
    apps.off = await serveDemoApp({ endpoint: sandbox.endpoint, clientId: DEMO_CLIENT_ID });
    ext = await launchExtension();
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
  });
  afterAll(async () => {
    await ext?.close();
    await apps.on?.close();
    await apps.off?.close();
    await sandbox?.close();
  });

  const requests = async (): Promise<RequestLogEntry[]> =>
    ((await (await fetch(`${sandbox.endpoint}/_sandbox/requests`)).json()) as { requests: RequestLogEntry[] }).requests;
  const clearRequests = () => fetch(`${sandbox.endpoint}/_sandbox/requests`, { method: 'DELETE' });

  it.each(['on', 'off'] as const)('rotation %s', async (rotation) => {
    const app = apps[rotation];
    if (!app) throw new Error('no demo app');
    const { tab, deviceKey } = await signInOnAmplifyPage(ext.context, app.url);
    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 900 } });
    await importIntoPopup(popup);
    const listed = popup.getByRole('list', { name: 'Remembered devices' });
    await listed.locator(`[data-device-key="${deviceKey}"]`).getByText('This device').waitFor();

    // The extension lists and changes devices with the borrowed session.
    await popupDeviceAction(listed, 'Work laptop — Firefox', 'Don’t remember');
    const known = popup.getByRole('list', { name: 'Devices known from history' });
    await known.getByRole('listitem', { name: 'Work laptop — Firefox' }).getByText('Not remembered').waitFor();
    await popupDeviceAction(known, 'Work laptop — Firefox', 'Remember');
    await listed.getByRole('listitem', { name: 'Work laptop — Firefox' }).waitFor();

    await clearRequests();
    await popup.getByRole('button', { name: 'Refresh session' }).click();
    const log = async () => (await requests()).filter((e) => e.operation !== 'ListDevices');
    if (rotation === 'on') {
      await popup
        .getByRole('alert')
        .getByText('This app client rotates refresh tokens: the extension does not refresh this session.')
        .waitFor();
      // One refused REFRESH_TOKEN_AUTH, nothing that rotates: the app's refresh token is not spent.
      expect((await log()).map((e) => [e.authFlow ?? e.operation, e.errorType])).toEqual([
        ['REFRESH_TOKEN_AUTH', 'InvalidParameterException'],
      ]);
    } else {
      await expect
        .poll(async () => (await log()).map((e) => [e.authFlow ?? e.operation, e.errorType ?? 'ok']))
        .toEqual([['REFRESH_TOKEN_AUTH', 'ok']]);
      expect(await popup.getByRole('alert').count()).toBe(0);
    }
    await ext.screenshot(popup, `borrowed-session-rotation-${rotation}`);

    // The app still refreshes its own session (Amplify's GetTokensFromRefreshToken), asserted in the page.
    const page = await refreshOnAmplifyPage(tab);
    expect(page).toMatchObject({ ok: true });
    expect(page.status).toMatch(/^Session refreshed by Amplify at /);

    if (rotation === 'on') {
      // The popup offers the two ways on, not a refresh that would be refused.
      const notice = popup.getByRole('region', { name: 'This app client rotates refresh tokens.' });
      await notice.waitFor();
      expect(await popup.getByRole('button', { name: 'Refresh session' }).count()).toBe(0);
      // Importing again takes the app's own refreshed session; what was learned of its client holds.
      await notice.getByRole('button', { name: 'Import again from the tab' }).click();
      await listed.locator(`[data-device-key="${deviceKey}"]`).getByText('This device').waitFor();
      await notice.waitFor();
      // Refreshing anyway, after the warning, rotates once (GetTokensFromRefreshToken) and only then…
      await clearRequests();
      await notice.getByRole('button', { name: 'Refresh anyway (signs the app out)' }).click();
      await notice.waitFor({ state: 'detached' });
      expect((await log()).map((e) => [e.authFlow ?? e.operation, e.errorType ?? 'ok'])).toEqual([
        ['GetTokensFromRefreshToken', 'ok'],
      ]);
      await popup.getByRole('button', { name: 'Refresh session' }).waitFor();
      // …the app's refresh token is spent, as the warning said: the page's own refresh fails now.
      expect(await refreshOnAmplifyPage(tab)).toMatchObject({ ok: false });
    }
    await popup.close();
    await tab.close();
  });

  it('rotation on: the borrowed access token expires by itself; the app’s refresh token is never spent', async () => {
    const app = apps.on;
    if (!app) throw new Error('no demo app');
    // A session the sandbox minted with a short life (45 s: time to list and change devices on a loaded machine), kept by Amplify's own token store on the app's origin.
    const tab = await openMintedSessionPage(ext.context, app.url, { username: 'alice', expiresIn: 45 });
    await clearRequests();
    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 900 } });
    await importIntoPopup(popup);
    const listed = popup.getByRole('list', { name: 'Remembered devices' });
    // The extension lists and changes devices while the token lives.
    await popupDeviceAction(listed, 'Work laptop — Firefox', 'Don’t remember');
    const known = popup.getByRole('list', { name: 'Devices known from history' });
    await popupDeviceAction(known, 'Work laptop — Firefox', 'Remember');
    await listed.getByRole('listitem', { name: 'Work laptop — Firefox' }).waitFor();

    // The refresh alarm comes (30 s at the least) and the token expires: marked, and the two ways on offered.
    const expired = popup.getByRole('region', { name: 'This session expired: its app client rotates refresh tokens.' });
    await expect
      .poll(
        async () => {
          await popup.reload();
          return expired.count();
        },
        { timeout: 100_000, interval: 3_000 },
      )
      .toBe(1);
    const spent = (await requests()).filter(
      (e) => e.operation === 'GetTokensFromRefreshToken' || (e.authFlow === 'REFRESH_TOKEN_AUTH' && !e.errorType),
    );
    expect(spent).toEqual([]);
    await ext.screenshot(popup, 'borrowed-session-rotation-expired');

    // The app, opened again, refreshes its own (expired) session with the refresh token it still holds.
    await tab.goto(app.url);
    await tab.locator('body[data-state="signed-in"], body[data-state="failed"]').waitFor();
    expect(await refreshOnAmplifyPage(tab)).toMatchObject({ ok: true });
    await popup.close();
    await tab.close();
  }, 180_000);
});
