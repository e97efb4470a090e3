/**
 * The history's secret-shape check (utils/history/secrets.ts) on adversarial
 * input: 1 MiB strings built to make an unanchored pattern backtrack (#13,
 * break 3: the old pattern took ~1 s at 16k characters and grew with the
 * square). Target: each 1 MiB string checked in under 100 ms.
 */
import { performance } from 'node:perf_hooks';
import { secretShapeOf } from '../utils/history/secrets';

const MIB = 1 << 20;
const TARGET_MS = 100;
const RUNS = 7;
const b64url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const JWT = `${b64url('{"alg":"RS256"}')}.${b64url('{"sub":"x"}')}.c2ln`;
const INPUTS: [string, string][] = [
  ['one base64url run', 'A'.repeat(MIB)],
  ['one base64 run', 'A/'.repeat(MIB / 2)],
  ['two segments', `${'A'.repeat(MIB / 2 - 1)}.${'B'.repeat(MIB / 2)}`],
  // Fewer than two dots skip the JWT pattern; these run it over one long run.
  ['one base64url run, two dots at the end', `${'A'.repeat(MIB - 2)}..`],
  ['two segments and a third dot', `${'A'.repeat(MIB / 2 - 1)}.${'B'.repeat(MIB / 2 - 1)}.`],
  ['runs split by dots', 'AAAA.'.repeat(MIB / 5)],
  ['words, a JWT at the end', `${'x '.repeat((MIB - JWT.length) / 2)}${JWT}`],
];

let worst = 0;
for (const [name, text] of INPUTS) {
  secretShapeOf(text); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    secretShapeOf(text);
    times.push(performance.now() - started);
  }
  const median = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
  worst = Math.max(worst, median);
  console.log(`secretShapeOf, 1 MiB, ${name}: ${median.toFixed(1)} ms (median of ${RUNS})`);
}
console.log(`worst ${worst.toFixed(1)} ms; target < ${TARGET_MS} ms: ${worst < TARGET_MS ? 'met' : 'NOT met'}`);
