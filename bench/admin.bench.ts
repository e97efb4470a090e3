/**
 * Admin audit benchmark. (1) The 2,000-user / 6,000-device audit through the
 * real runner (node, fake-indexeddb) against a sandbox at Cognito's DEFAULT
 * quotas (AdminListDevices in UserResourceRead 50/s, ListUsers in UserList
 * 30/s): throughput as a fraction of UserResourceRead (target ≥ 0.9).
 * (2) The memory the page holds at the end: the built extension in Chromium
 * runs the same audit against the same sandbox, the Admin page shows its
 * report, and the page's JS heap is read (CDP Runtime.getHeapUsage).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { generateSeed } from '../sandbox/seed-generator';
import { startSandbox } from '../sandbox/server';
import { connectAdmin } from '../tests/e2e/admin-page';
import { launchExtension } from '../tests/e2e/harness';
import { createAuditRunner } from '../utils/admin/audit';
import { COGNITO_RATES, createCognitoClient, createPacer } from '../utils/cognito';
import { openAuditStore } from '../utils/history/audit-store';
import type { AuditRun } from '../utils/history/audit-types';

const USERS = 2000;
const QUOTA = 50;
const seed = generateSeed({ users: USERS, devicesPerUser: 3 });
const iam = seed.iam[0] as { accessKeyId: string; secretAccessKey: string };
const poolId = 'us-east-1_Scale1';
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const sandbox = await startSandbox({ port: 0, seed }); // Cognito's default quotas
try {
  let throttled = 0;
  const client = createCognitoClient({
    endpoint: `${sandbox.endpoint}/`,
    credentials: iam,
    pacer: createPacer(), // Cognito's default rates
    onRetry: (e) => {
      if (e.code === 'ERR_COGNITO_TOO_MANY_REQUESTS') throttled++;
    },
  });
  const store = await openAuditStore({ indexedDB: new IDBFactory(), name: 'bench' });
  const runner = createAuditRunner({ store, client: () => client });
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const run = await runner.start({ poolId, endpoint: `${sandbox.endpoint}/` });
  const final = (await runner.whenSettled(run.id)) as AuditRun;
  const seconds = (performance.now() - t0) / 1000;
  // One ListUsers page per 60 users: the rest of the reads are AdminListDevices (UserResourceRead).
  const readsPerSec = (final.reads - final.pagesRead) / seconds;
  console.log(
    `audit (node runner): ${final.usersDone} users, ${final.devicesFound} devices, ${final.reads} reads in ${seconds.toFixed(1)} s`,
  );
  console.log(
    `  throughput ${readsPerSec.toFixed(1)} AdminListDevices/s = ${(readsPerSec / QUOTA).toFixed(3)} of the ${QUOTA}/s UserResourceRead quota (target ≥ 0.9); ${final.pagesRead} ListUsers pages`,
  );
  console.log(`  throttled retries: ${throttled}; state ${final.state}`);
  console.log(
    `  node process heap growth: ${mb(process.memoryUsage().heapUsed - heapBefore)} (includes the in-process sandbox and fake-indexeddb, which keeps the results in this same heap)`,
  );
  store.close();

  // (2) Chromium: the extension audits the same pool; the Admin page then shows the report.
  await fetch(`${sandbox.endpoint}/_sandbox/quotas`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ read: 250 }),
  });
  const ext = await launchExtension();
  try {
    const page = await ext.open('options.html#admin');
    // UserResourceRead is adjustable: 250/s needs the "provisioned limit" entry, as a person would make it.
    await ext.setSettings({
      endpointOverride: sandbox.endpoint,
      quotas: { ...COGNITO_RATES, UserResourceRead: 250 },
      provisioned: { UserResourceRead: 250 },
    });
    await page.reload();
    await connectAdmin(page, { poolId, ...iam });
    const t1 = performance.now();
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.getByRole('region', { name: 'Audit progress' }).getByText('Done').waitFor({ timeout: 120_000 });
    await page.getByRole('table', { name: 'All devices found by the audit' }).getByRole('row').nth(1).waitFor();
    const browserSeconds = (performance.now() - t1) / 1000;
    const cdp = await ext.context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    console.log(
      `audit (extension in Chromium, pacer and sandbox at 250 reads/s): done in ${browserSeconds.toFixed(1)} s`,
    );
    console.log(
      `  Admin page JS heap at the end (report + first page shown): ${mb(heap.usedSize)} used of ${mb(heap.totalSize)}`,
    );
  } finally {
    await ext.close();
  }
} finally {
  await sandbox.close();
}
