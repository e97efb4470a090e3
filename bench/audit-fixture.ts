/**
 * The compare benches' two stored audits (Node on fake-indexeddb and the
 * Chromium page share them): 2,000 users with 3 devices each; between the
 * audits one device in 10 is replaced and one in 7 changes IP. Both runs end
 * finished, as the Admin page's compare path asks.
 */
import type { AuditStore } from '../utils/history/audit-store';
import type { AuditDevice, AuditRun } from '../utils/history/audit-types';

export const USERS = 2000;
export const PER_USER = 3;
export const POOL_ID = 'us-east-1_Bench';
const NOW = Date.UTC(2026, 11, 1);

const run = (id: string, startedAt: number): AuditRun => ({
  id,
  poolId: POOL_ID,
  endpoint: 'http://127.0.0.1:9/',
  state: 'running',
  listingDone: true,
  pendingUsers: [],
  usersDone: 0,
  devicesFound: 0,
  pagesRead: 0,
  reads: 0,
  listingRestarts: 0,
  startedAt,
  updatedAt: startedAt,
});

/** Store the audits `before` and `after` (one transaction per user, as a crawl writes them). */
export async function seedComparedAudits(store: AuditStore): Promise<void> {
  for (const [id, shift] of [
    ['before', 0],
    ['after', 1],
  ] as const) {
    const startedAt = NOW + shift * 3_600_000;
    await store.createRun(run(id, startedAt));
    for (let u = 0; u < USERS; u++) {
      const devices: AuditDevice[] = Array.from({ length: PER_USER }, (_, d) => ({
        key: `us-east-1_${u}-${d}${shift && (u * PER_USER + d) % 10 === 0 ? 'x' : ''}`,
        name: `Device ${d}`,
        remembered: (u + d) % 3 !== 0,
        lastIp: `198.51.100.${shift && (u + d) % 7 === 0 ? 200 : d}`,
        createdAt: NOW - 86_400_000,
      }));
      await store.recordUser(
        { runId: id, username: `user${String(u).padStart(5, '0')}`, devices },
        { reads: 1, now: startedAt },
      );
    }
    await store.updateRun(id, (r) => ({ ...r, state: 'done', finishedAt: startedAt + 60_000 }));
  }
}
