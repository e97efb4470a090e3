import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Four projects, run by `npm test`:
 * - unit: pure logic and components (happy-dom, fake-indexeddb, WXT's fakeBrowser)
 * - integration: utils/ and the sandbox over real HTTP on loopback (node)
 * - e2e: the built extension in Debian's Chromium (playwright-core)
 * - e2e-firefox: the built Firefox extension in Debian's Firefox ESR (puppeteer-core, WebDriver BiDi)
 */
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest(), preact()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['tests/setup/unit.ts'],
        },
      },
      {
        plugins: [WxtVitest()],
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          // Timeouts catch hangs, they do not measure speed: on a loaded 2-core CI machine the AWS
          // CLI tests and the larger audits take several times their idle duration.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e-firefox',
          include: ['tests/e2e/firefox/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // Its own group, after unit and integration (the e2e files, run one by one, come last): never
          // alongside the e2e manifest test, which rebuilds the Firefox output this suite installs.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
