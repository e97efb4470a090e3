/**
 * Benchmark of the Cognito client against one sandbox (port 0), in one run:
 * 1. time per ListDevices and UpdateDeviceStatus call, this client vs the AWS
 *    SDK v3 client, same sandbox, same token, warmed up, calls alternated
 *    (target: ours at most 1.0× the SDK's median). The sandbox quotas are
 *    raised for this part and both clients run unpaced, so only client
 *    overhead and the round trip are measured, never throttling.
 *    Then the same calls with the network taken out (each client handed a
 *    canned in-memory response) to show each client's own overhead.
 *    (The sandbox's per-user limits stay raised for this part too: both
 *    clients are unpaced on purpose, one user, as fast as they go.)
 * 2. a 200-write burst for one user with the default pacer at the sandbox's
 *    default quotas (raised by nobody): the limit that applies is the per-user
 *    10 writes/s (below UserResourceUpdate's 25/s); throughput as a fraction of
 *    it (target ≥ 0.9), and the TooManyRequests seen (must be 0).
 * 3. the extension's own runs at default Settings (tests/integration/quota):
 *    one user's bulk action of 60 UpdateDeviceStatus (target ≥ 0.9 of the
 *    per-user 10 writes/s) and an admin remediation of 300 devices across 100
 *    users (target ≥ 0.9 of UserResourceUpdate's 25 writes/s), and one of a
 *    single user's 60 devices (target ≥ 0.9 of that user's 10 writes/s), all with 0
 *    TooManyRequests in the sandbox's request log.
 * Prints figures and targets; never fails on timings.
 */
import './fake-browser';
import {
  CognitoIdentityProviderClient,
  ListDevicesCommand,
  UpdateDeviceStatusCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startSandbox } from '../sandbox/server';
import { bulkOneUser, openQuotaSandbox, remediateManyUsers } from '../tests/integration/quota/scenarios';
import { createCognitoClient, createPacer, type RetryEvent, uniformRates } from '../utils/cognito';

const WARMUP = 100;
/** Cognito's per-user write limit: what bounds one user's burst. */
const PER_USER_WRITES = 10;
const CATEGORY_WRITES = 25;
const CALLS = Number(process.env.COGNITO_BENCH_CALLS ?? 1000);
const POOL_ID = 'us-east-1_Demo1';
const CLIENT_ID = '5sandboxdemoclient0000001';

process.removeAllListeners('warning'); // the SDK's Node-version notice is not a figure

const sandbox = await startSandbox({ port: 0 });
const base = sandbox.endpoint;

async function route(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

try {
  // ── 1. per-call latency, ours vs the SDK ─────────────────────────────────
  await route('PUT', '/_sandbox/quotas', {
    read: 1_000_000,
    write: 1_000_000,
    PerUserRead: 1_000_000,
    PerUserWrite: 1_000_000,
  });
  const { AccessToken: accessToken } = (await route('POST', '/_sandbox/tokens', {
    poolId: POOL_ID,
    clientId: CLIENT_ID,
    username: 'alice',
  })) as { AccessToken: string };
  const deviceKey = 'us-east-1_cd403368-822b-57b5-9434-64f375a42485';

  const ours = createCognitoClient({
    endpoint: `${base}/`,
    pacer: createPacer({ rates: uniformRates(1e9) }),
  });
  const sdk = new CognitoIdentityProviderClient({
    endpoint: base,
    region: 'us-east-1',
    // Token operations are unsigned; fixed credentials keep the SDK from searching for any.
    credentials: { accessKeyId: 'AKIAUNUSED0000000000', secretAccessKey: 'unused' },
  });

  const cases = [
    {
      name: 'ListDevices',
      ours: () => ours.listDevices({ accessToken, limit: 60 }),
      sdk: () => sdk.send(new ListDevicesCommand({ AccessToken: accessToken, Limit: 60 })),
    },
    {
      name: 'UpdateDeviceStatus',
      ours: () => ours.updateDeviceStatus({ accessToken, deviceKey, remembered: true }),
      sdk: () =>
        sdk.send(
          new UpdateDeviceStatusCommand({
            AccessToken: accessToken,
            DeviceKey: deviceKey,
            DeviceRememberedStatus: 'remembered',
          }),
        ),
    },
  ];

  console.log(`Per-call time, ${CALLS} calls each after ${WARMUP} warm-up calls, alternating ours / SDK:`);
  console.log('operation            ours median  ours p90   SDK median  SDK p90    ratio  target  verdict');
  for (const c of cases) {
    for (let i = 0; i < WARMUP; i++) {
      await c.ours();
      await c.sdk();
    }
    const oursMs: number[] = [];
    const sdkMs: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      // Alternate which goes first so neither always meets a warmer socket.
      if (i % 2 === 0) {
        oursMs.push(await time(c.ours));
        sdkMs.push(await time(c.sdk));
      } else {
        sdkMs.push(await time(c.sdk));
        oursMs.push(await time(c.ours));
      }
    }
    const ratio = median(oursMs) / median(sdkMs);
    console.log(
      `${c.name.padEnd(20)} ${median(oursMs).toFixed(3).padStart(8)} ms ${percentile(oursMs, 90).toFixed(3).padStart(7)} ms ` +
        `${median(sdkMs).toFixed(3).padStart(8)} ms ${percentile(sdkMs, 90).toFixed(3).padStart(7)} ms ` +
        `${ratio.toFixed(2).padStart(5)}×  ≤1.00×  ${ratio <= 1 ? 'met' : 'MISSED'}`,
    );
  }
  sdk.destroy();

  // ── 1b. client overhead alone: canned in-memory responses, no network ───
  // The sandbox's own ListDevices answer, captured once, replayed from memory.
  const captured = await fetch(`${base}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.ListDevices',
    },
    body: JSON.stringify({ AccessToken: accessToken, Limit: 60 }),
  });
  const canned = new Uint8Array(await captured.arrayBuffer());
  const cannedHeaders = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'bench' };
  const oursCanned = createCognitoClient({
    endpoint: `${base}/`,
    pacer: createPacer({ rates: uniformRates(1e9) }),
    fetch: async () => new Response(canned, { status: 200, headers: cannedHeaders }),
  });
  const sdkCanned = new CognitoIdentityProviderClient({
    endpoint: base,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAUNUSED0000000000', secretAccessKey: 'unused' },
    requestHandler: {
      handle: async () => ({ response: { statusCode: 200, headers: cannedHeaders, body: canned } }),
    } as unknown as NonNullable<ConstructorParameters<typeof CognitoIdentityProviderClient>[0]>['requestHandler'],
  });
  const overhead = {
    ours: () => oursCanned.listDevices({ accessToken, limit: 60 }),
    sdk: () => sdkCanned.send(new ListDevicesCommand({ AccessToken: accessToken, Limit: 60 })),
  };
  for (let i = 0; i < WARMUP * 5; i++) {
    await overhead.ours();
    await overhead.sdk();
  }
  const oursOnly: number[] = [];
  const sdkOnly: number[] = [];
  for (let i = 0; i < CALLS * 3; i++) {
    oursOnly.push(await time(overhead.ours));
    sdkOnly.push(await time(overhead.sdk));
  }
  console.log(
    `\nClient overhead alone (ListDevices of ${JSON.parse(new TextDecoder().decode(canned)).Devices.length} devices, canned response, no network):`,
  );
  console.log(
    `ours ${(median(oursOnly) * 1000).toFixed(1)} µs, SDK ${(median(sdkOnly) * 1000).toFixed(1)} µs per call: ` +
      `ratio ${(median(oursOnly) / median(sdkOnly)).toFixed(2)}× (target ≤1.00×)`,
  );

  // ── 2. 200-write burst at the default quota ─────────────────────────────
  await route('POST', '/_sandbox/reset'); // default quotas: UserResourceUpdate 25/s, 10 writes/s per user
  const { AccessToken: burstToken } = (await route('POST', '/_sandbox/tokens', {
    poolId: POOL_ID,
    clientId: CLIENT_ID,
    username: 'alice',
  })) as { AccessToken: string };
  const state = (await route('GET', '/_sandbox/state')) as {
    pools: { id: string; users: { username: string; devices: { key: string }[] }[] }[];
  };
  const keys =
    state.pools
      .find((p) => p.id === POOL_ID)
      ?.users.find((u) => u.username === 'alice')
      ?.devices.map((d) => d.key) ?? [];
  const retries: RetryEvent[] = [];
  const paced = createCognitoClient({ endpoint: `${base}/`, onRetry: (e) => retries.push(e) }); // default pacer
  const started = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: 200 }, (_, i) =>
      paced.updateDeviceStatus({
        accessToken: burstToken,
        deviceKey: keys[i % keys.length] as string,
        remembered: i % 2 === 0,
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const failed = results.filter((r) => r.status === 'rejected').length;
  const throttled = retries.filter((r) => r.code === 'ERR_COGNITO_TOO_MANY_REQUESTS').length;
  const fraction = 200 / seconds / PER_USER_WRITES;
  console.log(
    '\n200-write burst (UpdateDeviceStatus, one user), default pacer, default sandbox quotas: the per-user 10 writes/s applies:',
  );
  console.log('writes  seconds  writes/s  fraction of quota  target  TooManyRequests  failed  verdict');
  console.log(
    `${'200'.padStart(6)}  ${seconds.toFixed(2).padStart(7)}  ${(200 / seconds).toFixed(2).padStart(8)}  ` +
      `${fraction.toFixed(3).padStart(17)}  ≥0.900  ${String(throttled).padStart(15)}  ${String(failed).padStart(6)}  ` +
      `${fraction >= 0.9 && throttled === 0 && failed === 0 ? 'met' : 'MISSED'}`,
  );

  // ── 3. the extension's bulk action and remediation at default Settings ──
  const env = await openQuotaSandbox(60);
  try {
    const row = (name: string, writes: number, seconds: number, quota: number, throttles: number, failed: number) => {
      const share = writes / seconds / quota;
      console.log(
        `${name.padEnd(36)} ${String(writes).padStart(6)}  ${seconds.toFixed(2).padStart(7)}  ${(writes / seconds).toFixed(2).padStart(8)}  ` +
          `${String(quota).padStart(5)}/s  ${share.toFixed(3).padStart(8)}  ≥0.900  ${String(throttles).padStart(15)}  ${String(failed).padStart(6)}  ` +
          `${share >= 0.9 && throttles === 0 && failed === 0 ? 'met' : 'MISSED'}`,
      );
    };
    console.log(
      '\nThe extension’s runs at default Settings, sandbox at Cognito’s default quotas (throttles from its request log):',
    );
    console.log(
      'run                                  writes  seconds  writes/s    limit  fraction  target  TooManyRequests  failed  verdict',
    );
    const one = await bulkOneUser(env);
    row(
      'bulk action, 1 user (per-user 10/s)',
      one.writes,
      one.seconds,
      PER_USER_WRITES,
      one.log.throttled,
      one.job.progress.failed,
    );
    const many = await remediateManyUsers(env);
    row(
      `remediation, ${many.users} users (category 25/s)`,
      many.writes,
      many.seconds,
      CATEGORY_WRITES,
      many.log.throttled,
      many.job.progress.failed,
    );
    const single = await remediateManyUsers(env, { oneUser: true });
    row(
      'remediation, 1 user (per-user 10/s)',
      single.writes,
      single.seconds,
      PER_USER_WRITES,
      single.log.throttled,
      single.job.progress.failed,
    );
  } finally {
    await env.close();
  }
} finally {
  await sandbox.close();
}
