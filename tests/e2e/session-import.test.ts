/**
 * Import a session from the real demo web app in Chromium, one test per place
 * a page keeps it: the Amplify v6 page signed in with SRP (its session in
 * localStorage, sessionStorage, or cookies through Amplify's CookieStorage),
 * and the oidc-client-ts page (with and without aws.cognito.signin.user.admin).
 * The popup (opened as a tab) reads it, the background verifies it against the
 * sandbox's JWKS (trusted because Settings' endpoint override names the
 * sandbox). Also: a page with no session gets the clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { type DemoApp, DEMO_POOL_ID as POOL_ID, serveDemoApp } from '../../scripts/demo-app';
import { openOidcPage, signInOnAmplifyPage } from './demo-pages';
import { type ExtensionHarness, importIntoPopup, launchExtension, openDeviceRow } from './harness';

describe('import a session from the current tab', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  let app: DemoApp;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    app = await serveDemoApp({ endpoint: sandbox.endpoint });
    ext = await launchExtension();
    // The sandbox's issuer is trusted only when Settings' endpoint override names it.
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
  });

  afterAll(async () => {
    await ext?.close();
    await app?.close();
    await sandbox?.close();
  });

  it.each([
    ['localStorage', ''],
    ['sessionStorage', 'session-storage'],
    ['cookies', 'cookies'],
  ])('imports the real Amplify page’s session kept in %s; its device is “This device”', async (storage, path) => {
    const { tab, deviceKey } = await signInOnAmplifyPage(ext.context, `${app.url}${path}`);
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);

    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 900 } });
    await importIntoPopup(popup);
    const card = popup.getByRole('region', { name: 'Active session' });
    await card.getByText('alice', { exact: true }).waitFor();
    await card.getByText(POOL_ID).waitFor();
    await card.getByText('Scope aws.cognito.signin.user.admin').waitFor();
    await card.getByText('Signature verified').waitFor();
    await card.getByText(/^Expires in /).waitFor();
    // The device Amplify confirmed and remembered for this browser.
    const own = popup.getByRole('list', { name: 'Remembered devices' }).locator(`[data-device-key="${deviceKey}"]`);
    await own.getByText('This device').waitFor();
    // No token reaches the popup's DOM.
    expect(await popup.content()).not.toContain('eyJ');
    await ext.screenshot(popup, `session-import-amplify-${storage}`);
    await popup.close();
    await tab.close();
  });

  it.each([
    ['without the admin scope', 'oidc', false],
    ['with the admin scope', 'oidc-admin', true],
  ])('imports the oidc-client-ts user %s, with the scope verdict', async (_name, path, admin) => {
    // localhost: an origin of its own, so the Amplify pages' leftovers are not on it.
    const tab = await openOidcPage(ext.context, `${app.url.replace('127.0.0.1', 'localhost')}${path}`);
    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 900 } });
    await importIntoPopup(popup);
    const card = popup.getByRole('region', { name: 'Active session' });
    await card.getByText('alice', { exact: true }).waitFor();
    await card.getByText(POOL_ID).waitFor();
    await card.getByText('Signature verified').waitFor();
    if (admin) {
      await card.getByText('Scope aws.cognito.signin.user.admin', { exact: true }).waitFor();
      expect(await card.getByText(/cannot list, remember or forget devices/).count()).toBe(0);
      await popup.getByRole('list', { name: 'Remembered devices' }).getByRole('listitem').first().waitFor();
    } else {
      await card.getByText('Missing scope aws.cognito.signin.user.admin').waitFor();
      await card.getByText(/Allow the scope aws\.cognito\.signin\.user\.admin on the app client/).waitFor();
      await card.getByText(/Request it at sign-in/).waitFor();
    }
    await ext.screenshot(popup, `session-import-oidc-${admin ? 'admin' : 'no-admin'}`);
    await popup.close();
    await tab.close();
  });

  it('the page’s device forgotten from the dashboard: the next import explains the stale key, no error', async () => {
    const { tab, deviceKey } = await signInOnAmplifyPage(ext.context, app.url);
    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 900 } });
    await importIntoPopup(popup);
    const own = popup.getByRole('list', { name: 'Remembered devices' }).locator(`[data-device-key="${deviceKey}"]`);
    await own.getByText('This device').waitFor();
    await openDeviceRow(own);
    await own.getByRole('button', { name: /^Forget / }).click();
    await popup
      .getByRole('dialog', { name: 'Forget this browser’s own device?' })
      .getByRole('button', { name: 'Forget device' })
      .click();
    await own.waitFor({ state: 'detached' });
    await popup.close();

    // The page still holds the key Cognito no longer knows.
    const again = await ext.open('popup.html', { viewport: { width: 400, height: 900 } });
    await importIntoPopup(again);
    const note = again.getByRole('note', { name: 'This app’s device was forgotten' });
    await note.getByText(/the app\s+registers a new one at its next sign-in/).waitFor();
    await note.getByText(deviceKey).waitFor();
    expect(await again.getByRole('alert').count()).toBe(0);
    await ext.screenshot(again, 'session-import-stale-device');
    await again.close();
    await tab.close();
  });

  it('says clearly when the page holds no session', async () => {
    const tab = await ext.context.newPage();
    await tab.goto(`${app.url.replace('127.0.0.1', 'localhost')}empty`);
    await tab.getByRole('heading', { name: 'Demo web app (signed out)' }).waitFor();
    await tab.evaluate(() => localStorage.clear());

    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 420 } });
    await popup.getByRole('button', { name: 'Import session from this tab' }).click();
    const alert = popup.getByRole('alert');
    await alert.getByText('This page holds no Cognito session.').waitFor();
    // The failed import loses nothing: alice's session (imported above) is still the active one.
    const card = popup.getByRole('region', { name: 'Active session' });
    expect(await card.getByText('alice', { exact: true }).count()).toBe(1);
    expect(await card.getByText(POOL_ID).count()).toBe(1);
    await ext.screenshot(popup, 'session-import-no-session');
    await popup.close();
    await tab.close();
  });
});
