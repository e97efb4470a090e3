/**
 * Audits compared: two stored audits of 2,000 users / 6,000 devices (fake-indexeddb
 * in Node, so a stand-in for Chromium's IndexedDB) walked by cursor and compared,
 * then one page answered. Target: ≤ 1 s. Prints figures; never fails.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { pageComparison } from '../utils/admin/audit-compare';
import { compareStoredAudits } from '../utils/admin/compare-handlers';
import { openAuditStore } from '../utils/history/audit-store';
import type { AuditDevice, AuditRun } from '../utils/history/audit-types';

const USERS = 2000;
const PER_USER = 3;
const NOW = Date.UTC(2026, 11, 1);

const store = await openAuditStore({ indexedDB: new IDBFactory(), name: 'bench-compare' });
const run = (id: string): AuditRun => ({
  id,
  poolId: 'us-east-1_Bench',
  endpoint: 'http://127.0.0.1:9/',
  state: 'running',
  listingDone: true,
  pendingUsers: [],
  usersDone: 0,
  devicesFound: 0,
  pagesRead: 0,
  reads: 0,
  listingRestarts: 0,
  startedAt: NOW,
  updatedAt: NOW,
});
for (const [id, shift] of [
  ['before', 0],
  ['after', 1],
] as const) {
  await store.createRun(run(id));
  for (let u = 0; u < USERS; u++) {
    const devices: AuditDevice[] = Array.from({ length: PER_USER }, (_, d) => ({
      // One device in 10 is replaced between the audits, one in 7 changes IP.
      key: `us-east-1_${u}-${d}${shift && (u * PER_USER + d) % 10 === 0 ? 'x' : ''}`,
      name: `Device ${d}`,
      remembered: (u + d) % 3 !== 0,
      lastIp: `198.51.100.${shift && (u + d) % 7 === 0 ? 200 : d}`,
      createdAt: NOW - 86_400_000,
    }));
    await store.recordUser(
      { runId: id, username: `user${String(u).padStart(5, '0')}`, devices },
      { reads: 1, now: NOW },
    );
  }
}

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
console.log(`target: ≤ 1000 ms → ${median <= 1000 ? 'met' : 'NOT met'} (Node + fake-indexeddb; Chromium not measured)`);
store.close();
