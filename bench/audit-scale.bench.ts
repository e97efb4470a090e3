/**
 * An audit at scale: 100,000 users / 300,000 devices (sandbox/seed-generator.ts)
 * audited by the built extension in Chromium, as bench/admin.bench.ts part (2)
 * does it, with the read quota raised (sandbox and Settings, as provisioned)
 * so that the run takes minutes, not hours. Prints the users/s reached; the
 * service worker's and the Admin page's JS heap (after a collection) at 10 %,
 * 50 % and 100 % of the users done, against "flat: last ≤ 1.5× first"; the
 * report's time to show its first page of devices after Done; and the time and
 * size of the CSV and JSON exports, which come in chunks (utils/admin/audit-export.ts).
 * `npm run -s bench -- audit-scale`; AUDIT_USERS and AUDIT_READS change the size and the read rate;
 * AUDIT_PROFILE=1 also profiles the worker's CPU from 10 % to 50 % of the users.
 */
import { stat } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { generateSeed } from '../sandbox/seed-generator';
import { connectAdmin } from '../tests/e2e/admin-page';
import { COGNITO_RATES } from '../utils/cognito';
import type { AuditStatus } from '../utils/storage';
import {
  attachWorkerCdp,
  buildExtension,
  type CpuProfile,
  launchBench,
  profileTimes,
  sessionValue,
  verdict,
  type WorkerCdp,
} from './chromium';

const USERS = Number(process.env.AUDIT_USERS ?? 100_000);
const READS = Number(process.env.AUDIT_READS ?? 2000);
const DEVICES_PER_USER = 3;
const PROFILE = process.env.AUDIT_PROFILE === '1';
const poolId = 'us-east-1_Scale1';
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

buildExtension();
let t = performance.now();
const seed = generateSeed({ users: USERS, devicesPerUser: DEVICES_PER_USER });
const iam = seed.iam[0] as { accessKeyId: string; secretAccessKey: string };
const bench = await launchBench({
  seed,
  // AdminListDevices' category raised; ListUsers (UserList, 30/s, not adjustable) stays Cognito's.
  quotas: { UserResourceRead: READS },
  settings: { quotas: { ...COGNITO_RATES, UserResourceRead: READS }, provisioned: { UserResourceRead: READS } },
});
console.log(
  `sandbox seeded with ${USERS} users / ${USERS * DEVICES_PER_USER} devices, browser up: ${s(performance.now() - t)}`,
);

/** The progress the page watches (the `session:auditProgress` item), read from the page. */
const progress = (page: Page) => sessionValue<AuditStatus>(page, 'auditProgress');

/** Milliseconds until the report counts every user and its device table shows a first row. */
async function reportShown(page: Page): Promise<number> {
  const t0 = performance.now();
  await page
    .getByLabel('Audit counts')
    .getByRole('definition')
    .first()
    .getByText(String(USERS), { exact: true })
    .waitFor({
      timeout: 300_000,
    });
  await page
    .getByRole('table', { name: 'All devices found by the audit' })
    .getByRole('row')
    .nth(1)
    .waitFor({ timeout: 300_000 });
  return performance.now() - t0;
}

/** JS heap used after a full collection, through a DevTools session. */
async function heapOf(cdp: { send(method: string, params?: object): Promise<unknown> }): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
}

try {
  const { ext } = bench;
  const page = await ext.open('options.html#admin');
  await connectAdmin(page, { poolId, ...iam });
  const pageCdp = await ext.context.newCDPSession(page);
  const worker: WorkerCdp = await attachWorkerCdp(bench, page);

  const marks = [0.1, 0.5, 1];
  const heaps: { at: number; usersDone: number; worker: number; page: number; ms: number }[] = [];
  const region = page.getByRole('region', { name: 'Audit progress' });
  t = performance.now();
  await page.getByRole('button', { name: 'Start audit' }).click();
  let last: AuditStatus | null = null;
  let peakRate = 0;
  let showMs = 0;
  for (;;) {
    last = await progress(page);
    const run = last?.run;
    if (run && run.state !== 'running' && run.state !== 'done')
      throw new Error(`audit ${run.state}: ${run.error?.message}`);
    peakRate = Math.max(peakRate, last?.usersPerSec ?? 0);
    const mark = marks[heaps.length];
    if (run && mark !== undefined && run.usersDone >= mark * USERS && (mark < 1 || run.state === 'done')) {
      const ms = performance.now() - t;
      // Done: the time until the report shows its final counts and its first page of devices, then the heaps.
      if (mark === 1) showMs = await reportShown(page);
      heaps.push({ at: mark, usersDone: run.usersDone, ms, worker: await heapOf(worker), page: await heapOf(pageCdp) });
      console.log(`(${mark * 100} % of the users done after ${s(ms)})`);
      if (PROFILE && mark === 0.1) {
        await worker.send('Profiler.enable');
        await worker.send('Profiler.start');
      }
      if (PROFILE && mark === 0.5) {
        const times = profileTimes((await worker.send<{ profile: CpuProfile }>('Profiler.stop')).profile);
        const top = [...times.byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12);
        console.log(
          `worker CPU from 10 % to 50 %: busy ${s(times.busy)} (gc ${s(times.gc)}, program ${s(times.program)}), idle ${s(times.idle)}`,
        );
        for (const [name, ms] of top) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
      }
      if (mark === 1) break;
      continue;
    }
    if (performance.now() - t > 30 * 60_000) throw new Error(`still running after 30 min: ${run?.usersDone} users`);
    await page.waitForTimeout(200);
  }
  const auditMs = performance.now() - t;
  const final = last?.run;
  await region.getByText('Done').waitFor({ timeout: 60_000 });
  const counts = await page
    .getByLabel('Audit counts')
    .evaluate((dl) =>
      [...dl.querySelectorAll('div')]
        .map((d) => `${d.children[0]?.textContent} ${d.children[1]?.textContent}`)
        .join(', '),
    );

  console.log(
    `audit: ${final?.usersDone} users, ${final?.devicesFound} devices, ${final?.reads} reads (${final?.pagesRead} ListUsers pages) in ${s(auditMs)}`,
  );
  const readsPerSec = ((final?.reads ?? 0) - (final?.pagesRead ?? 0)) / (auditMs / 1000);
  console.log(
    `  ${((final?.usersDone ?? 0) / (auditMs / 1000)).toFixed(0)} users/s overall (peak shown ${peakRate.toFixed(0)} users/s); ${readsPerSec.toFixed(0)} AdminListDevices/s of the ${READS}/s quota (the worker paces at ${last?.readQuota}/s); throttled retries ${last?.throttledRetries ?? 0}`,
  );
  for (const h of heaps)
    console.log(
      `  at ${h.at * 100} % (${h.usersDone} users, ${s(h.ms)}): worker JS heap ${mb(h.worker)}, Admin page JS heap ${mb(h.page)}`,
    );
  const flat = (pick: (h: (typeof heaps)[number]) => number) => {
    const first = heaps[0] ? pick(heaps[0]) : 0;
    const lastHeap = heaps.at(-1) ? pick(heaps.at(-1) as (typeof heaps)[number]) : 0;
    return `${(lastHeap / first).toFixed(2)}× — ${verdict(lastHeap <= 1.5 * first)}`;
  };
  console.log(`  worker heap flat (target: last ≤ 1.5× first): ${flat((h) => h.worker)}`);
  console.log(`  page heap flat (target: last ≤ 1.5× first): ${flat((h) => h.page)}`);
  console.log(`report: final counts and first page of devices shown ${s(showMs)} after Done; ${counts}`);
  await page.reload();
  console.log(`  after a reload of the Admin page: shown in ${s(await reportShown(page))}`);

  for (const format of ['CSV', 'JSON'] as const) {
    const t0 = performance.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 600_000 }),
      page.getByRole('button', { name: `Export ${format}` }).click(),
    ]);
    const offeredMs = performance.now() - t0;
    const path = await download.path();
    const savedMs = performance.now() - t0;
    const size = (await stat(path)).size;
    console.log(
      `export ${format}: offered after ${s(offeredMs)}, saved after ${s(savedMs)}; ${download.suggestedFilename()} ${mb(size)}`,
    );
    console.log(`  heaps after: worker ${mb(await heapOf(worker))}, Admin page ${mb(await heapOf(pageCdp))}`);
    if (format === 'CSV') {
      const { createReadStream } = await import('node:fs');
      const { createInterface } = await import('node:readline');
      let lines = 0;
      let headers = 0;
      for await (const line of createInterface({ input: createReadStream(path) })) {
        lines++;
        if (line.startsWith('username,sub,deviceKey,')) headers++;
      }
      console.log(`  ${lines} lines, header ${headers} time(s); expected ${USERS * DEVICES_PER_USER + 1} lines`);
    } else {
      const { readFile } = await import('node:fs/promises');
      const doc = JSON.parse(await readFile(path, 'utf8')) as { count: number; devices: unknown[] };
      console.log(`  valid JSON: count ${doc.count}, ${doc.devices.length} devices`);
    }
  }
} finally {
  await bench.close();
}
