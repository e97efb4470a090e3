/**
 * History log in Chromium: the extension's own IndexedDB (the database its
 * worker and pages open), driven from a bench-only page of a copy of the build
 * that carries the extension's history module (bench/pages/idb-bench.ts). The
 * store is filled in bulk (one transaction per step, from the page) to 1k, 10k
 * and 100k entries; at each size, after a pause for the store to settle, the
 * first page (limit 50) of no filter, a device key, an action, an outcome and a
 * free-text search is timed there (median of several runs, after a warm-up).
 * The fixture's device has 3 entries at 1k (a short page), 50 from 100k.
 * Target: the 100k time ≤ 4× the 1k time + 2 ms. Prints figures; never fails.
 */

import { buildExtension, launchBench, verdict } from './chromium';
import { CHECKPOINTS, FILTERS, isFlat, PAGE } from './history-fixture';
import type { IdbBench } from './pages/idb-bench';

const RUNS = 15;
const SETTLE_MS_PER_ENTRY = 0.05;
type Bench = { idbBench: IdbBench };

buildExtension();
const bench = await launchBench({
  pages: [{ name: 'idb-bench', bundle: 'bench/pages/idb-bench.ts' }],
  // Retention (at the worker's start) would trim the seeded entries: old and many.
  settings: { history: { maxEntries: 1_000_000, maxAgeDays: 36_500 } },
});
try {
  const page = await bench.ext.open('idb-bench.html');
  await page.waitForFunction(() => 'idbBench' in globalThis);
  const table: {
    size: number;
    appendMs: number;
    pages: Map<string, { ms: number; scanned: number; found: number }>;
  }[] = [];
  let appended = 0;
  for (const size of CHECKPOINTS) {
    const appendMs = await page.evaluate(
      ([from, to]) => (globalThis as unknown as Bench).idbBench.append(from as number, to as number),
      [appended, size],
    );
    appended = size;
    // Chromium's store compacts after a bulk write: the pages are timed once that has had time to settle.
    await new Promise((r) => setTimeout(r, SETTLE_MS_PER_ENTRY * size));
    const pages = new Map<string, { ms: number; scanned: number; found: number }>();
    for (const [name, filters] of FILTERS) {
      const result = await page.evaluate(
        ([f, limit, runs]) =>
          (globalThis as unknown as Bench).idbBench.firstPage(f as object, limit as number, runs as number),
        [filters, PAGE, RUNS] as const,
      );
      if (result.count !== size) console.log(`  (the store holds ${result.count} entries, not ${size})`);
      pages.set(name, result);
    }
    table.push({ size, appendMs, pages });
    const added = size - (table[table.length - 2]?.size ?? 0);
    console.log(
      `filled to ${size.toLocaleString('en')} entries: ${added.toLocaleString('en')} added in one transaction, ${(appendMs / 1000).toFixed(2)} s (${Math.round(added / (appendMs / 1000)).toLocaleString('en')} entries/s)`,
    );
  }
  console.log(
    `\nfirst page (limit ${PAGE}) in Chromium, median of ${RUNS} runs, ms [records read / entries returned]:`,
  );
  console.log(
    [
      'filter'.padEnd(22),
      ...table.map((row) => `${row.size.toLocaleString('en')} entries`.padStart(22)),
      'target ≤'.padStart(11),
      '',
    ].join(''),
  );
  let flat = true;
  for (const [name] of FILTERS) {
    const small = table[0]?.pages.get(name);
    const big = table[table.length - 1]?.pages.get(name);
    if (!small || !big) continue;
    const met = isFlat(small.ms, big.ms);
    flat &&= met;
    const cells = table.map((row) => {
      const p = row.pages.get(name);
      return p ? `${p.ms.toFixed(2)} [${p.scanned}/${p.found}]`.padStart(22) : '';
    });
    const target = small.ms * 4 + 2;
    // The fixture's device has fewer entries than a page in the smaller stores: a shorter page there.
    const note = small.found < big.found ? ` (1k page: ${small.found} entries, 100k: ${big.found})` : '';
    console.log(`${name.padEnd(22)}${cells.join('')}${target.toFixed(2).padStart(11)}  ${verdict(met)}${note}`);
  }
  console.log(
    `\ntarget: the 100k first page ≤ 4× the 1k one + 2 ms, for every filter → ${verdict(flat)} (Chromium, noisy machine)`,
  );
} finally {
  await bench.close();
}
