/**
 * Sandbox figures: start-up with a 2,000-user / 6,000-device seed, a full
 * ListUsers crawl, AdminListDevices for every user, and ListDevices latency
 * with a user token. Prints numbers against targets; never asserts.
 */
import {
  AdminListDevicesCommand,
  CognitoIdentityProviderClient,
  ListDevicesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { generateSeed } from '../sandbox/seed-generator';
import { startSandbox } from '../sandbox/server';

const seed = generateSeed({ users: 2000, devicesPerUser: 3 });
const iam = seed.iam[0] ?? { accessKeyId: '', secretAccessKey: '' };
const poolId = seed.pools[0]?.id ?? '';
const clientId = seed.pools[0]?.clients[0]?.id ?? '';

const report = (label: string, ms: number, targetMs: number) =>
  console.log(
    `${label.padEnd(48)} ${ms.toFixed(0).padStart(7)} ms   target < ${targetMs} ms ${ms < targetMs ? '✔' : '✖'}`,
  );

let t = performance.now();
const sandbox = await startSandbox({ port: 0, seed, quotas: { read: 1e6, write: 1e6, auth: 1e6 } });
report('start-up (2,000 users, 6,000 devices)', performance.now() - t, 1500);

const admin = new CognitoIdentityProviderClient({
  endpoint: sandbox.endpoint,
  region: 'us-east-1',
  maxAttempts: 1,
  credentials: iam,
});
t = performance.now();
const usernames: string[] = [];
let next: string | undefined;
do {
  const out = await admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken: next }));
  usernames.push(...(out.Users ?? []).map((u) => u.Username ?? ''));
  next = out.PaginationToken;
} while (next);
report(`ListUsers crawl (${usernames.length} users, 60 per page)`, performance.now() - t, 1000);

t = performance.now();
let devices = 0;
for (const username of usernames) {
  const out = await admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: username }));
  devices += out.Devices?.length ?? 0;
}
report(`AdminListDevices for every user (${devices} devices)`, performance.now() - t, 10000);

const minted = (await (
  await fetch(`${sandbox.endpoint}/_sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ poolId, clientId, username: usernames[0] }),
  })
).json()) as { AccessToken: string };
const user = new CognitoIdentityProviderClient({ endpoint: sandbox.endpoint, region: 'us-east-1', maxAttempts: 1 });
const samples: number[] = [];
for (let i = 0; i < 300; i++) {
  const s = performance.now();
  await user.send(new ListDevicesCommand({ AccessToken: minted.AccessToken }));
  samples.push(performance.now() - s);
}
samples.sort((a, b) => a - b);
report('ListDevices p50 (user token, RS256 verify)', samples[150] ?? 0, 10);
report('ListDevices p95', samples[285] ?? 0, 25);
await sandbox.close();
