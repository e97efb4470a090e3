/**
 * `npm test`: everything CI checks, in order, stopping at the first failure:
 * types, lint + format, system tools (Chromium, AWS CLI), the Chrome build,
 * then every Vitest project (unit, integration, e2e) in one run.
 */
import { spawnSync } from 'node:child_process';
import { ensureAwsCli, ensureChromium } from './system-tools';

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
console.log(`Chromium: ${ensureChromium()}\nAWS CLI: ${ensureAwsCli()}`);
step('Build (Chrome MV3)', 'npx', ['wxt', 'build']);
step('Tests (unit, integration, e2e)', 'npx', ['vitest', 'run', ...process.argv.slice(2)]);
