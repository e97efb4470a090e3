import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { cognitoHostPatterns, LOOPBACK_HOST_PATTERNS } from './utils/cognito/regions';

/**
 * Build configuration. Imports are explicit (`imports: false`) so every module
 * states its dependencies and `utils/` runs under plain Vitest.
 *
 * Permissions, each one used by the code:
 * - storage: sessions (storage.session) and settings (storage.local)
 * - alarms: refresh the access token shortly before it expires; Watch's periodic check
 * - idle: Watch skips its check while the screen is locked (no permission warning)
 * - optional notifications: Watch's alerts, asked for when the person turns them on
 * - scripting + activeTab: read a Cognito session from the page the user is on,
 *   only when the user clicks "Import session from this tab"
 * - optional host loopback: the local sandbox / a custom loopback endpoint, asked
 *   for when Settings names one (not at install: no local web app is scriptable
 *   without that consent)
 * - optional host Cognito regional endpoints: requested when first needed
 *
 * The extension pages' CSP is written out (scripts and objects from the package
 * only, no inline script, no eval) rather than left to each browser's default.
 */
/**
 * The pages' build (popup and options, one build): the bundler's CommonJS helpers and
 * webextension-polyfill (a UMD module) go in a chunk of their own. Left to itself, the bundler put
 * the helpers in the error words' chunk, so the popup loaded the whole words table (6 KB gzip) at
 * start though it imports it only when it has an error to show (utils/use-error-text.ts). The
 * background is built apart (one IIFE, no splitting) and is left as it is.
 */
function pageChunks(): Plugin {
  return {
    name: 'cdd:page-chunks',
    config(config) {
      const input = config.build?.rolldownOptions?.input ?? config.build?.rollupOptions?.input;
      if (!input || typeof input !== 'object' || !('popup' in input)) return null;
      const groups = [{ name: 'browser-polyfill', test: /rolldown:runtime|webextension-polyfill/ }];
      return { build: { rolldownOptions: { output: { codeSplitting: { groups } } } } };
    },
  };
}

const EXTENSION_PAGES_CSP = "script-src 'self'; object-src 'self'";

export default defineConfig({
  imports: false,
  // Manifest V3 for Firefox too (WXT's Firefox default is MV2): one manifest shape, tested in both browsers.
  // Why, and what Firefox needs for it (strict_min_version), in the README's "Firefox: why Manifest V3".
  manifestVersion: 3,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact(), pageChunks()] }),
  // The Firefox sources archive (for AMO's reviewers) holds what the build needs, not local test output.
  zip: { excludeSources: ['test-results/**', 'docs/**'] },
  manifest: ({ browser }) => ({
    name: 'Cognito Device Dashboard',
    description: 'See and control the devices an Amazon Cognito user pool remembers for your account.',
    permissions: ['storage', 'alarms', 'scripting', 'activeTab', 'idle'],
    // Asked for when the person turns Watch's alerts on; findings reach the history and the badge without it.
    optional_permissions: ['notifications'],
    // Nothing at install: loopback is asked for when Settings names it, Cognito hosts when first needed.
    optional_host_permissions: [...LOOPBACK_HOST_PATTERNS, ...cognitoHostPatterns()],
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    options_ui: { open_in_tab: true },
    action: { default_title: 'Cognito Device Dashboard' },
    ...(browser === 'firefox'
      ? {
          // 140: data_collection_permissions (and optional_host_permissions, 128) are honoured. Desktop only: no
          // gecko_android, which would list the add-on for Android on AMO (untested there). The extension sends
          // nothing to its developer or a third party: `none` is how AMO wants that said.
          browser_specific_settings: {
            gecko: {
              id: 'cognito-device-dashboard@dashboard.invalid',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['authenticationInfo'] },
            },
          },
        }
      : {}),
  }),
});
