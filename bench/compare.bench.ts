/**
 * Audits compared: two stored audits of 2,000 users / 6,000 devices (fake-indexeddb
 * in Node, so a stand-in for Chromium's IndexedDB) walked by cursor and compared,
 * then one page answered. Target: ≤ 1 s. Prints figures; never fails.
 */
import './fake-browser';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { pageComparison } from '../utils/admin/audit-compare';
import { compareStoredAudits } from '../utils/admin/compare-handlers';
import { openAuditStore } from '../utils/history/audit-store';
import { PER_USER, seedComparedAudits, USERS } from './audit-fixture';

const store = await openAuditStore({ indexedDB: new IDBFactory(), name: 'bench-compare' });
await seedComparedAudits(store);

const runs = 5;
const times: number[] = [];
let counts: Record<string, number> = {};
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const page = pageComparison(await compareStoredAudits(store, 'before', 'after'), {
    kind: 'added',
    offset: 0,
    limit: 50,
    top: 10,
  });
  times.push(performance.now() - t);
  counts = page.counts;
}
times.sort((a, b) => a - b);
const median = times[Math.floor(runs / 2)] ?? 0;
console.log(`compare ${USERS} users / ${USERS * PER_USER} devices: median ${median.toFixed(0)} ms of ${runs} runs`);
console.log(`counts: ${JSON.stringify(counts)}`);
console.log(
  `target: ≤ 1000 ms → ${median <= 1000 ? 'met' : 'NOT met'} (Node + fake-indexeddb; Chromium: compare-chromium.bench.ts)`,
);
store.close();
