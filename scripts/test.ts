/**
 * `npm test`: everything CI checks, in order, stopping at the first failure:
 * types, lint + format, system tools (Chromium, Firefox ESR, AWS CLI), the
 * Chrome and Firefox builds, Mozilla's add-on linter on the Firefox build,
 * then every Vitest project (unit, integration, e2e, e2e-firefox) in one run.
 */
import { spawnSync } from 'node:child_process';
import { ensureAwsCli, ensureChromium, ensureFirefox } from './system-tools';

function step(title: string, command: string, args: string[]): void {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

step('Type check', 'npx', ['tsc', '--noEmit']);
step('Lint and format check', 'npx', ['biome', 'ci', '.']);
console.log('\n▶ System tools');
console.log(`Chromium: ${ensureChromium()}\nFirefox: ${ensureFirefox()}\nAWS CLI: ${ensureAwsCli()}`);
step('Build (Chrome MV3)', 'npx', ['wxt', 'build']);
step('Build (Firefox MV3)', 'npx', ['wxt', 'build', '-b', 'firefox']);
step('Add-on lint (web-ext lint, Firefox build)', 'npx', ['tsx', 'scripts/lint-ext.ts']);
step('Tests (unit, integration, e2e, e2e-firefox)', 'npx', ['vitest', 'run', ...process.argv.slice(2)]);
