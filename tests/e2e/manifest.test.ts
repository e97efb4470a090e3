/**
 * The built manifests: Chrome MV3 (what the e2e suite loads) and Firefox MV3
 * (built here; what the e2e-firefox suite loads), with exactly the permissions
 * the code uses.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { cognitoHostPatterns, LOOPBACK_HOST_PATTERNS } from '../../utils/cognito/regions';

type Manifest = Record<string, unknown> & { permissions?: string[] };
const CSP = "script-src 'self'; object-src 'self'";
const read = async (dir: string) => JSON.parse(await readFile(`.output/${dir}/manifest.json`, 'utf8')) as Manifest;

describe('manifests', () => {
  beforeAll(() => {
    const firefox = spawnSync('npx', ['wxt', 'build', '-b', 'firefox'], { encoding: 'utf8' });
    expect(firefox.status, firefox.stderr).toBe(0);
  });

  it('Chrome: MV3 with popup, options page in a tab, service worker, and only the permissions used', async () => {
    const m = await read('chrome-mv3');
    expect(m).toMatchObject({
      manifest_version: 3,
      action: { default_popup: 'popup.html' },
      options_ui: { page: 'options.html', open_in_tab: true },
      background: { service_worker: 'background.js' },
      // idle: Watch skips its check while the screen is locked; notifications: Watch's alerts, asked for then.
      permissions: ['storage', 'alarms', 'scripting', 'activeTab', 'idle'],
      optional_permissions: ['notifications'],
      optional_host_permissions: [...LOOPBACK_HOST_PATTERNS, ...cognitoHostPatterns()],
      icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    });
    expect(m.content_scripts).toBeUndefined();
    // No host at install time: loopback is asked for when Settings names it, Cognito hosts when needed.
    expect(m.host_permissions).toBeUndefined();
  });

  it('Chrome and Firefox: an explicit extension-page CSP, scripts and objects from the package only', async () => {
    const chrome = await read('chrome-mv3');
    expect(chrome.content_security_policy).toEqual({ extension_pages: CSP });
    const firefox = await read('firefox-mv3');
    expect(firefox.content_security_policy).toEqual({ extension_pages: CSP });
  });

  it('Firefox: MV3 with the same permissions, a gecko id, the versions that honour the manifest, no data collected', async () => {
    const m = await read('firefox-mv3');
    expect(m).toMatchObject({
      manifest_version: 3,
      action: { default_popup: 'popup.html' },
      options_ui: { page: 'options.html', open_in_tab: true },
      // Firefox's MV3 background is an event page, not a service worker.
      background: { scripts: ['background.js'] },
      // idle: Watch skips its check while the screen is locked; notifications: Watch's alerts, asked for then.
      permissions: ['storage', 'alarms', 'scripting', 'activeTab', 'idle'],
      optional_permissions: ['notifications'],
      optional_host_permissions: [...LOOPBACK_HOST_PATTERNS, ...cognitoHostPatterns()],
      browser_specific_settings: {
        gecko: {
          id: 'cognito-device-dashboard@dashboard.invalid',
          strict_min_version: '140.0',
          data_collection_permissions: { required: ['authenticationInfo'] },
        },
      },
    });
    expect(m.content_scripts).toBeUndefined();
    expect(m.host_permissions).toBeUndefined();
    // Desktop only: AMO lists an add-on for Android when the manifest has gecko_android.
    expect(m.browser_specific_settings).not.toHaveProperty('gecko_android');
  });
});
