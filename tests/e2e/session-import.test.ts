/**
 * Import a session from a real page in Chromium: a page on loopback whose
 * localStorage holds an Amplify v6 session issued by the sandbox; the popup
 * (opened as a tab) reads it, the background verifies it against the
 * sandbox's JWKS (trusted because Settings' endpoint override names the
 * sandbox). Also: a page with no session gets the clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { amplifyEntries, mintTokens, DEMO_POOL_ID as POOL_ID, pageWith, serveDemoApp } from '../../scripts/demo-app';
import { type ExtensionHarness, launchExtension } from './harness';

describe('import a session from the current tab', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  let app: Awaited<ReturnType<typeof serveDemoApp>>;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const tokens = await mintTokens(sandbox.endpoint, { username: 'alice' });
    // Amplify v6's keys, plus one of its unrelated keys the import must ignore.
    app = await serveDemoApp(
      { ...amplifyEntries(tokens, 'alice'), 'amplify-signin-with-hostedUI': 'false' },
      { '/empty': pageWith({ unrelated: 'value' }) },
    );
    ext = await launchExtension();
    // The sandbox's issuer is trusted only when Settings' endpoint override names it.
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
  });

  afterAll(async () => {
    await ext?.close();
    await app?.close();
    await sandbox?.close();
  });

  it('imports the Amplify session, verified against the sandbox’s keys', async () => {
    const tab = await ext.context.newPage();
    await tab.goto(app.url);
    await tab.locator('body[data-ready="yes"]').waitFor();

    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 420 } });
    await popup.getByRole('heading', { name: 'No Cognito session yet' }).waitFor();
    await popup.getByRole('button', { name: 'Import session from this tab' }).click();

    const card = popup.getByRole('region', { name: 'Active session' });
    await card.getByText('alice', { exact: true }).waitFor();
    await card.getByText(POOL_ID).waitFor();
    await card.getByText('Scope aws.cognito.signin.user.admin').waitFor();
    await card.getByText('Signature verified').waitFor();
    await card.getByText(/^Expires in /).waitFor();
    // No token reaches the popup's DOM.
    expect(await popup.content()).not.toContain('eyJ');
    await ext.screenshot(popup, 'session-import-popup');
    await popup.close();
    await tab.close();
  });

  it('says clearly when the page holds no session', async () => {
    const tab = await ext.context.newPage();
    await tab.goto(`${app.url.replace('127.0.0.1', 'localhost')}empty`);
    await tab.locator('body[data-ready="yes"]').waitFor();

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
