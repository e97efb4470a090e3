/**
 * axe-core on every page of the extension, with real content (a session
 * imported from the sandbox, admin credentials entered, an audit report, a
 * device action in History), in light and dark, the popup at 400 × 600 and
 * each dashboard section at 1280 × 800 and 1024 × 700: no serious or critical
 * violation. axe is evaluated through the DevTools protocol, which extension
 * pages' CSP does not block.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { DEMO_POOL_ID, type DemoApp, serveDemoApp } from '../../scripts/demo-app';
import { pageViolations as seriousViolations } from './axe';
import { signInOnAmplifyPage } from './demo-pages';
import { type ExtensionHarness, importIntoPopup, launchExtension } from './harness';

describe('accessibility (axe-core)', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  let app: DemoApp;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    app = await serveDemoApp({ endpoint: sandbox.endpoint });
    ext = await launchExtension();
    // The sandbox's issuer is trusted only when Settings' endpoint override names it.
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
    const { tab } = await signInOnAmplifyPage(ext.context, app.url);
    const popup = await ext.open('popup.html');
    await importIntoPopup(popup);
    await popup.getByRole('list', { name: 'Remembered devices' }).getByRole('listitem').first().waitFor();
    await popup.close();
    await tab.close();
    const settings = await ext.open('options.html#settings');
    await settings.getByLabel('Endpoint override (loopback only)').fill(sandbox.endpoint);
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByText('Settings saved.').waitFor();
    await settings.goto(ext.url('options.html#admin'));
    const form = settings.getByRole('form', { name: 'Admin credentials' });
    await form.getByLabel('User pool id').fill(DEMO_POOL_ID);
    await form.getByLabel('Access key id').fill('AKIASANDBOXDEMO00001');
    await form.getByLabel('Secret access key').fill('sandboxDemoSecretKey0000000000000000000000');
    await form.getByRole('button', { name: 'Check credentials' }).click();
    await settings.getByRole('button', { name: 'Forget credentials' }).waitFor();
    // An audit, so the Admin page shows its report; a device action, so History has a device row.
    await settings.getByRole('button', { name: 'Start audit' }).click();
    await settings.getByRole('region', { name: 'Audit progress' }).getByText('Done').waitFor({ timeout: 60_000 });
    await settings.getByRole('link', { name: 'Devices' }).click();
    await settings
      .getByRole('table', { name: 'Devices listed by Cognito' })
      .getByRole('button', { name: 'Don’t remember Work laptop — Firefox' })
      .click();
    await settings
      .getByRole('table', { name: 'Devices known from history' })
      .getByText('Work laptop — Firefox', { exact: true })
      .waitFor();
    await settings.close();
  });
  afterAll(async () => {
    await ext?.close();
    await app?.close();
    await sandbox?.close();
  });

  const POPUP = { width: 400, height: 600 };
  const DASHBOARD = [
    { width: 1280, height: 800 },
    { width: 1024, height: 700 },
  ];
  const sections = [
    ['Devices', 'options.html#devices', 'table', 'Devices known from history'],
    ['Review', 'options.html#review', 'heading', 'Nothing to review'],
    ['Sessions', 'options.html#sessions', 'heading', undefined],
    ['History', 'options.html#history', 'table', 'History entries'],
    ['Admin', 'options.html#admin', 'heading', 'Report'],
    ['Settings', 'options.html#settings', 'button', 'Save settings'],
  ] as const;
  const size = (v: { width: number; height: number }) => `${v.width}×${v.height}`;
  /**
   * [label, path, the role (and name) that shows it has rendered, viewport]: the popup at its size, each
   * dashboard section at both widths.
   */
  const pages = [
    [`popup at ${size(POPUP)}`, 'popup.html', 'list', 'Remembered devices', POPUP] as const,
    ...DASHBOARD.flatMap((viewport) =>
      sections.map(
        ([label, path, role, name]) => [`${label} at ${size(viewport)}`, path, role, name, viewport] as const,
      ),
    ),
  ];

  it('detects a violation when there is one (the check itself works)', async () => {
    const page = await ext.open('popup.html');
    await page.getByRole('list').first().waitFor();
    await page.evaluate(() => document.body.append(document.createElement('button')));
    expect((await seriousViolations(page)).join('\n')).toMatch(/^button-name \(critical\)/m);
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it.each(pages)(`%s has no serious or critical violation (${scheme})`, async (_, path, role, name, viewport) => {
      const page = await ext.open(path, { colorScheme: scheme, viewport });
      await page.getByRole(role, { name }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    });
  }
});
