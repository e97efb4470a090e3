/**
 * A bench-only page script (bundled into a temporary copy of the build, never
 * into the product): the extension's history and audit modules, with the
 * benches' fixtures, on `globalThis.idbBench`, so a bench can drive them in the
 * extension's own IndexedDB (the database the worker and the pages open).
 */

import type { IDBPDatabase } from 'idb';
import { openAuditStore } from '../../utils/history/audit-store';
import { type HistoryDB, openHistoryDb } from '../../utils/history/schema';
import { createHistoryStore, type HistoryStore } from '../../utils/history/store';
import type { HistoryEntry, HistoryFilters } from '../../utils/history/types';
import { seedComparedAudits } from '../audit-fixture';
import { ACTOR, historyRecord, listedDevices } from '../history-fixture';

// One connection to the extension's history database for the page (the worker holds its own).
let connection: { db: IDBPDatabase<HistoryDB>; history: HistoryStore } | undefined;
const opened = async () => {
  if (connection) return connection;
  const db = await openHistoryDb(indexedDB);
  connection = { db, history: createHistoryStore(db) };
  return connection;
};

const idbBench = {
  /** Append entries `from` … `to - 1` in one transaction; the first call also fills the device memory. */
  async append(from: number, to: number): Promise<number> {
    const { db, history } = await opened();
    if (from === 0) await history.noteListedDevices(ACTOR, listedDevices());
    const started = performance.now();
    const tx = db.transaction('entries', 'readwrite');
    for (let i = from; i < to; i++) void tx.store.add(historyRecord(i) as HistoryEntry);
    await tx.done;
    return performance.now() - started;
  },
  /** Median time of `runs` first pages (after one warm-up), with the records read and entries returned. */
  async firstPage(filters: HistoryFilters, limit: number, runs: number) {
    const { history } = await opened();
    await history.query({ ...filters, limit });
    const times: number[] = [];
    let scanned = 0;
    let found = 0;
    for (let run = 0; run < runs; run++) {
      const t = performance.now();
      const page = await history.query({ ...filters, limit });
      times.push(performance.now() - t);
      scanned = page.scanned;
      found = page.entries.length;
    }
    times.sort((a, b) => a - b);
    return { ms: times[Math.floor(runs / 2)] as number, scanned, found, count: await history.count() };
  },
  /** Store the two compared audits (bench/audit-fixture.ts); returns the time taken. */
  async seedAudits(): Promise<number> {
    const started = performance.now();
    const audits = await openAuditStore();
    await seedComparedAudits(audits);
    audits.close();
    return performance.now() - started;
  },
};

Object.assign(globalThis, { idbBench });
export type IdbBench = typeof idbBench;
