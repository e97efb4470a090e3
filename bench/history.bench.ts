/**
 * History log benchmark: append 100,000 entries, and time a filtered first
 * page (by device key, action, outcome, free text) at 1k, 10k and 100k
 * entries. Runs in Node on fake-indexeddb, whose costs differ from a
 * browser's IndexedDB: read the figures as trends (does the first page stay
 * flat as the store grows?), not as browser timings (history-chromium.bench.ts
 * times the same pages in Chromium).
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import { HISTORY_DB_NAME, openHistoryDb } from '../utils/history/schema';
import { createHistoryStore } from '../utils/history/store';
import type { HistoryEntry } from '../utils/history/types';
import { ACTOR, CHECKPOINTS, FILTERS, historyRecord, isFlat, listedDevices, PAGE, START } from './history-fixture';

const TOTAL = 100_000;
const BATCH = 1_000;
const PER_CALL_SAMPLE = 500;
const RUNS = 9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  console.log('Runs in Node on fake-indexeddb (in-memory, JS): a browser IndexedDB has other absolute costs.');
  const db = await openHistoryDb(indexedDB, `${HISTORY_DB_NAME}-bench`);
  let clock = START;
  const store = createHistoryStore(db, { now: () => clock });

  // 1. The product path: one begin + one complete (two transactions) per action.
  const perCallStart = performance.now();
  for (let i = 0; i < PER_CALL_SAMPLE; i++) {
    clock = START + i;
    const id = await store.begin({
      action: 'device.remember',
      mode: 'user',
      actor: ACTOR,
      target: { deviceKey: `us-east-1_s${i % 10}`, deviceName: 'Sample' },
    });
    await store.complete(id, { outcome: 'ok', requestId: `s-${i}`, attempts: 1 });
  }
  const perCallMs = (performance.now() - perCallStart) / PER_CALL_SAMPLE;
  console.log(
    `begin + complete, one action at a time: ${perCallMs.toFixed(2)} ms per action (${PER_CALL_SAMPLE} actions)`,
  );
  await store.clear();

  // The device memory, as the product fills it from listings and actions (free text starts there).
  await store.noteListedDevices(ACTOR, listedDevices());

  // 2. Bulk append up to 100k (batches of 1,000 per transaction), pausing at each checkpoint to time first pages.
  const table: {
    size: number;
    appendMs: number;
    pages: Map<string, { ms: number; scanned: number; found: number }>;
  }[] = [];
  let appended = 0;
  let appendMs = 0;
  for (const checkpoint of CHECKPOINTS) {
    const started = performance.now();
    while (appended < checkpoint) {
      const tx = db.transaction('entries', 'readwrite');
      const end = Math.min(checkpoint, appended + BATCH);
      for (; appended < end; appended++) void tx.store.add(historyRecord(appended) as HistoryEntry);
      await tx.done;
    }
    appendMs += performance.now() - started;
    const pages = new Map<string, { ms: number; scanned: number; found: number }>();
    for (const [name, filters] of FILTERS) {
      const times: number[] = [];
      let scanned = 0;
      let found = 0;
      await store.query({ ...filters, limit: PAGE }); // warm-up
      for (let run = 0; run < RUNS; run++) {
        const t = performance.now();
        const page = await store.query({ ...filters, limit: PAGE });
        times.push(performance.now() - t);
        scanned = page.scanned;
        found = page.entries.length;
      }
      pages.set(name, { ms: median(times), scanned, found });
    }
    table.push({ size: checkpoint, appendMs, pages });
  }

  const last = table[table.length - 1];
  console.log(
    `\nbulk append: ${TOTAL.toLocaleString('en')} entries in ${((last?.appendMs ?? 0) / 1000).toFixed(1)} s ` +
      `(${Math.round(TOTAL / ((last?.appendMs ?? 1) / 1000)).toLocaleString('en')} entries/s, ${BATCH} per transaction)`,
  );
  console.log(`\nfirst page (limit ${PAGE}), median of ${RUNS} runs, ms [records read / entries returned]:`);
  const header = [
    'filter'.padEnd(22),
    ...table.map((row) => `${row.size.toLocaleString('en')} entries`.padStart(24)),
    '100k / 1k'.padStart(12),
  ];
  console.log(header.join(''));
  let flat = true;
  for (const [name] of FILTERS) {
    const cells = table.map((row) => {
      const p = row.pages.get(name);
      return p ? `${p.ms.toFixed(2)} [${p.scanned}/${p.found}]`.padStart(24) : '';
    });
    const small = table[0]?.pages.get(name);
    const big = last?.pages.get(name);
    const ratio = small && big ? big.ms / Math.max(small.ms, 0.01) : Number.NaN;
    console.log(`${name.padEnd(22)}${cells.join('')}${`${ratio.toFixed(1)}×`.padStart(12)}`);
    // Flat: 100× more entries may cost at most 4× (plus 2 ms of timer and GC noise) and read at most one page.
    if (small && big && (!isFlat(small.ms, big.ms) || big.scanned > PAGE)) flat = false;
  }
  console.log(
    `\ntarget: first-page time flat from 1k to 100k entries (≤ 4× + 2 ms for 100× the entries, ≤ ${PAGE} records read) → ${flat ? 'met' : 'NOT met'}`,
  );
  const count = await store.count();
  console.log(`store holds ${count.toLocaleString('en')} entries`);
  db.close();
}

await main();
