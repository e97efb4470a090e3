/**
 * Admin mode in real Firefox ESR: the optional Cognito host permission asked
 * for on the "Check credentials" click (granted by Firefox's own automation
 * switch, `extensions.webextOptionalPermissionPrompts` = false: headless
 * Firefox cannot show the prompt), then IAM credentials against the sandbox,
 * one user's devices with a device flipped, and a pool audit. The sandbox's
 * state confirms each step; any console error or uncaught error of the
 * extension fails the test.
 */

import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../sandbox/server';
import { DEMO_IAM, DEMO_POOL_ID } from '../../../scripts/demo-app';
import { COGNITO_RATES } from '../../../utils/cognito';
import { demoPoolState, type StateDevice } from '../sandbox-state';
import {
  click,
  type FirefoxHarness,
  failOnExtensionErrors,
  fill,
  find,
  findText,
  label,
  launchFirefox,
  role,
} from './harness';
import { enterAdminCredentials } from './steps';

/** A pool id in a real region with no endpoint override: its host is an optional permission. */
const REAL_REGION_POOL = 'eu-west-1_AbCdEf123';
const REAL_REGION_HOST = 'https://cognito-idp.eu-west-1.amazonaws.com/*';

describe('Firefox: admin mode', () => {
  let sandbox: Sandbox;
  let ext: FirefoxHarness;
  let page: Page;

  const hasOrigin = (origin: string) =>
    page.evaluate(
      (o) =>
        (
          globalThis as unknown as {
            browser: { permissions: { contains(p: { origins: string[] }): Promise<boolean> } };
          }
        ).browser.permissions.contains({ origins: [o] }),
      origin,
    );

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    ext = await launchFirefox();
    page = await ext.open('options.html#admin');
  });
  afterAll(async () => {
    await ext?.close();
    await sandbox?.close();
  });
  failOnExtensionErrors(() => ext);

  it('asks for the Cognito host of a real region on the click, and then calls it', async () => {
    expect(await hasOrigin(REAL_REGION_HOST)).toBe(false);
    await enterAdminCredentials(page, REAL_REGION_POOL);
    // Granted, the background called the real host: every name resolves to loopback here, so it is refused at once.
    // (Refused permission would read "The extension may not contact this Cognito region yet.")
    await findText(page, 'Could not reach Cognito.', 20_000);
    expect(await hasOrigin(REAL_REGION_HOST)).toBe(true);
    expect(await hasOrigin('https://cognito-idp.us-east-1.amazonaws.com/*')).toBe(false);
  });

  it('checks the credentials against the sandbox; the secret is never shown', async () => {
    await ext.setSettings({ endpointOverride: sandbox.endpoint, quotas: COGNITO_RATES });
    await ext.navigate(page, 'options.html#admin');
    await enterAdminCredentials(page, DEMO_POOL_ID);
    await findText(page, 'Connected to');
    await findText(page, 'AKIA…0001');
    const settings = await find(page, role('Device settings of this pool', 'table'));
    await find(settings, role('DeviceOnlyRememberedOnUserPrompt', 'rowheader'));
    expect(await page.content()).not.toContain(DEMO_IAM.secretAccessKey);
    await find(page, role('Forget credentials', 'button'));
  });

  it('finds alice, sees all her devices, and flips one to not remembered', async () => {
    const search = await find(page, role('Find a user', 'form'));
    await fill(search, label('Starts with'), 'ali');
    await click(page, role('Search users', 'button'));
    await click(page, role('Inspect alice', 'button'));
    const table = await find(page, role('Devices of alice', 'table'));
    await find(table, role(undefined, 'rowheader'));
    const alice = (await demoPoolState(sandbox))?.users.find((u) => u.username === 'alice');
    expect((await table.$$(role(undefined, 'rowheader'))).length).toBe(alice?.devices.length);

    const target = alice?.devices.find((d) => d.remembered && d.name === 'Smart TV app') as StateDevice;
    await click(table, role(`Don’t remember ${target.name}`, 'button'));
    await findText(table, 'No longer remembered.');
    await expect
      .poll(async () =>
        (await demoPoolState(sandbox))?.users
          .find((u) => u.username === 'alice')
          ?.devices.find((d) => d.key === target.key),
      )
      .toMatchObject({ remembered: false });
  });

  it('audits the pool', async () => {
    await click(page, role('Start audit', 'button'));
    const progress = await find(page, role('Audit progress', 'region'));
    await findText(progress, 'Done', 20_000);
    const users = (await demoPoolState(sandbox))?.users ?? [];
    const counts = await find(page, role(undefined, 'definition'));
    expect(await counts.evaluate((el) => el.textContent)).toBe(String(users.length));
    await ext.screenshot(page, 'firefox-admin-audit');
  });
});
