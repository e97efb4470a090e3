/**
 * Admin mode's audits-compared handlers: the kept (finished) audits of the
 * connected pool, and two of them compared in the worker by walking each
 * run's results with a cursor. The page gets the counts, the top growers and
 * one page of rows (utils/admin/audit-compare.ts), never the whole comparison.
 */
import { AppError } from '../errors';
import type { AuditStore } from '../history/audit-store';
import type { AuditRun } from '../history/audit-types';
import { keptFor } from '../kept-for';
import type { MessageHandlers, RequestOf } from '../messages';
import { type AuditComparison, type CompareRow, createAuditComparer, pageComparison } from './audit-compare';
import { comparisonChunk } from './compare-export';
import type { AdminCore } from './core';
import type { KeptAudit, KeptAuditTotals } from './messages';
import { isStale, KEPT_STALE_DAYS } from './report';

/** How long the rows of an export under way are kept after its last chunk was asked for. */
const EXPORT_KEPT_MS = 60_000;

type CompareHandlers = Required<
  Pick<MessageHandlers, 'admin.audit.kept' | 'admin.audit.compare' | 'admin.audit.compareExport'>
>;

/** The page's view of a finished run. */
export function toKeptAudit(run: AuditRun): KeptAudit {
  return {
    id: run.id,
    poolId: run.poolId,
    startedAt: run.startedAt,
    ...(run.finishedAt === undefined ? {} : { finishedAt: run.finishedAt }),
    users: run.usersDone,
    devices: run.devicesFound,
  };
}

function notComparable(field: string, message: string): AppError {
  return new AppError('ERR_INVALID_INPUT', message, { details: { field } });
}

/**
 * The run's devices idle for over KEPT_STALE_DAYS days when it finished: kept with the run, so a walk of
 * its results is made once, and again only when a remediation's forget has changed its device count.
 */
async function staleAtEnd(store: AuditStore, run: AuditRun): Promise<number> {
  const known = run.staleAtEnd;
  if (known && known.days === KEPT_STALE_DAYS && known.devices === run.devicesFound) return known.count;
  const end = run.finishedAt ?? run.updatedAt;
  let count = 0;
  await store.walkResults(run.id, (r) => {
    for (const d of r.devices) if (isStale(d, KEPT_STALE_DAYS, end)) count++;
    return true;
  });
  const staleAtEnd = { count, days: KEPT_STALE_DAYS, devices: run.devicesFound };
  // Kept only while the run still holds what was walked (a forget meanwhile changed it: the next look counts).
  await store
    .updateRun(run.id, (now) => (now.devicesFound === run.devicesFound ? { ...now, staleAtEnd } : now))
    .catch(() => undefined);
  return count;
}

/** Compare two stored runs: the older one's results held by key, the newer one's walked against them. */
export async function compareStoredAudits(
  store: AuditStore,
  fromRunId: string,
  toRunId: string,
): Promise<AuditComparison> {
  const comparer = createAuditComparer();
  await store.walkResults(fromRunId, (r) => {
    comparer.addBefore(r);
    return true;
  });
  await store.walkResults(toRunId, (r) => {
    comparer.addAfter(r);
    return true;
  });
  return comparer.finish();
}

/** The handlers over the shared admin plumbing. */
export function compareHandlers(core: AdminCore): CompareHandlers {
  const { deps } = core;
  async function comparable(request: { readonly fromRunId: string; readonly toRunId: string }) {
    const from = await core.mustRun(request.fromRunId);
    const to = await core.mustRun(request.toRunId);
    if (from.state !== 'done') throw notComparable('fromRunId', 'Only finished audits can be compared.');
    if (to.state !== 'done') throw notComparable('toRunId', 'Only finished audits can be compared.');
    if (from.poolId !== to.poolId) throw notComparable('toRunId', 'The audits are of different user pools.');
    return { from, to };
  }
  /**
   * The rows of the export under way (one at a time): every chunk of a file is cut from the comparison
   * its first chunk made, so a remediation between chunks neither repeats nor skips a row. Dropped with
   * the last chunk, or EXPORT_KEPT_MS after the last one asked (a page closed mid-export); a later chunk
   * then compares again.
   */
  const exporting = keptFor<{ key: string; rows: readonly CompareRow[] }>(EXPORT_KEPT_MS);
  async function exportRows(key: string, later: boolean, compare: () => Promise<readonly CompareRow[]>) {
    const held = exporting.get();
    const rows = later && held?.key === key ? held.rows : await compare();
    exporting.set({ key, rows });
    return rows;
  }
  return {
    async 'admin.audit.kept'() {
      const connection = await deps.connection.get();
      const store = await deps.auditStore();
      const runs = (await store.listRuns()).filter(
        (r) => r.state === 'done' && (!connection || r.poolId === connection.poolId),
      );
      const audits: KeptAuditTotals[] = [];
      for (const run of runs) audits.push({ ...toKeptAudit(run), stale: await staleAtEnd(store, run) });
      return { audits };
    },

    async 'admin.audit.compare'(request: RequestOf<'admin.audit.compare'>) {
      const { from, to } = await comparable(request);
      const page = pageComparison(await compareStoredAudits(await deps.auditStore(), from.id, to.id), request);
      return { ...page, from: toKeptAudit(from), to: toKeptAudit(to) };
    },

    async 'admin.audit.compareExport'(request: RequestOf<'admin.audit.compareExport'>) {
      const { from, to } = await comparable(request);
      const format = request.format === 'json' ? 'json' : 'csv';
      // The first chunk fixes the file's time; the page sends it back with the rows it has.
      const asOf = request.asOf ?? core.now();
      const key = JSON.stringify([from.id, to.id, request.kind, format, asOf]);
      const rows = await exportRows(key, request.count !== undefined, async () => {
        const comparison = await compareStoredAudits(await deps.auditStore(), from.id, to.id);
        // The same rule as the page (an unknown kind is refused there too).
        return pageComparison(comparison, { kind: request.kind, offset: 0, limit: Number.MAX_SAFE_INTEGER, top: 0 })
          .rows;
      });
      const count = request.count ?? 0;
      if (count > rows.length)
        throw new AppError('ERR_INVALID_INPUT', 'The audits changed during the export: export again.', {
          details: { field: 'count' },
        });
      const chunk = comparisonChunk(rows, {
        format,
        meta: { poolId: from.poolId, fromRunId: from.id, toRunId: to.id, kind: request.kind },
        cursor: { asOf, count },
      });
      if ('ends' in chunk) exporting.clear();
      const day = new Date(asOf).toISOString().slice(0, 10);
      return {
        ...chunk,
        filename: `audit-compare-${from.poolId}-${request.kind}-${day}.${format}`,
        mimeType: format === 'csv' ? 'text/csv' : 'application/json',
      };
    },
  };
}
