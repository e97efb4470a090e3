/**
 * Audits compared in Chromium: two stored audits of 2,000 users / 6,000
 * devices (bench/audit-fixture.ts, written into the extension's own IndexedDB
 * from a bench-only page of a build copy) compared along the Admin page's
 * compare path: from options.html#admin, `admin.audit.kept` and then the
 * `admin.audit.compare` request the compare panel builds (compare-store.ts: the
 * last two kept, "added", first page), answered by the worker, which walks both
 * runs by cursor. Timed from the page's send to its answer.
 * Targets: ≤ 1 s (median), and the Admin page's JS heap (CDP
 * Runtime.getHeapUsage once the compares are done, as found and after a collection) ≤ 10 MB. Prints figures; never fails.
 */
import { compareReducer, compareRequest, INITIAL_COMPARE } from '../entrypoints/options/admin/compare-store';
import type { ComparisonPage } from '../utils/admin/audit-compare';
import type { KeptAuditTotals } from '../utils/admin/messages';
import { PER_USER, USERS } from './audit-fixture';
import { buildExtension, launchBench, median, sendFromPage, verdict } from './chromium';
import type { IdbBench } from './pages/idb-bench';

const RUNS = 7;
const MB = 1024 * 1024;

buildExtension();
const bench = await launchBench({ pages: [{ name: 'idb-bench', bundle: 'bench/pages/idb-bench.ts' }] });
try {
  const seeder = await bench.ext.open('idb-bench.html');
  await seeder.waitForFunction(() => 'idbBench' in globalThis);
  const seedMs = await seeder.evaluate(() => (globalThis as unknown as { idbBench: IdbBench }).idbBench.seedAudits());
  await seeder.close();
  console.log(`seeded two audits of ${USERS} users / ${USERS * PER_USER} devices in ${(seedMs / 1000).toFixed(1)} s`);

  const admin = await bench.ext.open('options.html#admin');
  const cdp = await bench.ext.context.newCDPSession(admin);
  // As found, and after a collection (what the page holds, not what it has not yet freed).
  const heap = async () => {
    const found = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    await cdp.send('HeapProfiler.collectGarbage');
    return { found, held: (await cdp.send('Runtime.getHeapUsage')).usedSize };
  };
  const heapBefore = await heap();
  let started = performance.now();
  const { audits } = await sendFromPage<{ audits: KeptAuditTotals[] }>(admin, { type: 'admin.audit.kept' });
  const keptMs = performance.now() - started;
  const request = compareRequest(compareReducer(INITIAL_COMPARE, { type: 'kept', audits }));
  if (!request) throw new Error(`the panel would compare nothing: ${audits.length} kept audits`);
  const times: number[] = [];
  let counts: ComparisonPage['counts'] | undefined;
  for (let i = 0; i < RUNS; i++) {
    started = performance.now();
    counts = (await sendFromPage<ComparisonPage>(admin, request)).counts;
    times.push(performance.now() - started);
  }
  const heapAfter = await heap();
  const m = median(times);
  console.log(`kept audits listed (the panel's first call): ${keptMs.toFixed(0)} ms, ${audits.length} audits`);
  console.log(
    `compare ${request.fromRunId} → ${request.toRunId}, kind ${request.kind}: counts ${JSON.stringify(counts)}`,
  );
  console.log(
    `compare in Chromium: median ${m.toFixed(0)} ms of ${RUNS} (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}) → target ≤ 1000 ms: ${verdict(m <= 1000)}`,
  );
  console.log(
    `Admin page JS heap after the compares: ${(heapAfter.found / MB).toFixed(1)} MB as found, ${(heapAfter.held / MB).toFixed(1)} MB after a collection → target ≤ 10 MB: ${verdict(heapAfter.found <= 10 * MB)} as found, ${verdict(heapAfter.held <= 10 * MB)} after a collection`,
  );
  console.log(
    `  (before the compares: ${(heapBefore.found / MB).toFixed(1)} MB as found, ${(heapBefore.held / MB).toFixed(1)} MB after a collection)`,
  );
  console.log(`  runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
} finally {
  await bench.close();
}
