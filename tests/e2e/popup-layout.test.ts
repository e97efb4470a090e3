/**
 * The popup keeps its 400 px with an unverifiable token (a loopback issuer that
 * Settings does not name): a short badge, the reason and the issuer's origin
 * below it, and Open Settings, which opens the dashboard's Settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { mintTokens } from '../../scripts/demo-app';
import { type ExtensionHarness, launchExtension } from './harness';

describe('the popup with an unverifiable token', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    ext = await launchExtension();
    // No endpoint override: the sandbox's loopback issuer is not trusted, so the signature cannot be verified.
    await ext.setSettings({ endpointOverride: '' });
  });
  afterAll(async () => {
    await ext?.close();
    await sandbox?.close();
  });

  it('keeps 400 px, names the issuer and offers Settings', async () => {
    const tokens = await mintTokens(sandbox.endpoint, { username: 'alice' });
    const sessions = await ext.open('options.html#sessions');
    await sessions.getByLabel('Access token').fill(tokens.AccessToken);
    await sessions.getByRole('button', { name: 'Use pasted token' }).click();
    await sessions
      .getByRole('region', { name: 'Active session' })
      .or(sessions.getByText('Signature unverifiable'))
      .first()
      .waitFor();

    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 600 } });
    const card = popup.getByRole('region', { name: 'Active session' });
    await card.getByText('Signature unverifiable', { exact: true }).waitFor();
    await card.getByText(`Issuer: ${new URL(sandbox.endpoint).origin}.`, { exact: false }).waitFor();
    expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await ext.screenshot(popup, 'popup-unverifiable');

    const opened = ext.context.waitForEvent('page');
    await card.getByRole('button', { name: 'Open Settings' }).click();
    const settings = await opened;
    await settings.waitForLoadState();
    expect(settings.url()).toBe(ext.url('options.html#settings'));
    await settings.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await settings.close();
    await sessions.close();
  });
});
