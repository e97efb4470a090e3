/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own process, one after
 * another, and passes through the figures each prints. Benchmarks report
 * numbers and compare them with their targets; they never fail the tests.
 * `npm run bench -- history` runs only the files whose name contains "history".
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const filter = process.argv[2];
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
if (files.length === 0) {
  console.log('No benchmarks matched.');
  process.exit(0);
}
let failed = 0;
for (const file of files) {
  console.log(`\n━━ ${file} ━━`);
  const run = spawnSync('npx', ['tsx', join(import.meta.dirname, file)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.log(`(${file} exited with ${run.status ?? run.signal})`);
  }
}
process.exit(failed ? 1 : 0);
