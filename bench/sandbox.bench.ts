/**
 * Sandbox figures: start-up with a 2,000-user / 6,000-device seed, a full
 * ListUsers crawl, AdminListDevices for every user, ListDevices latency with
 * a user token, and an SRP sign-in (InitiateAuth USER_SRP_AUTH +
 * RespondToAuthChallenge PASSWORD_VERIFIER, 3072-bit group; the client half
 * runs in the same process with native BigInt). Prints numbers against
 * targets; never asserts. The quotas, per-user limits included, are raised:
 * only the sandbox's own speed is measured.
 */
import {
  AdminListDevicesCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListDevicesCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { generateSeed } from '../sandbox/seed-generator';
import { startSandbox } from '../sandbox/server';
import { claim, clientEphemeral } from '../tests/integration/sandbox/srp-client';

const seed = generateSeed({ users: 2000, devicesPerUser: 3 });
const iam = seed.iam[0] ?? { accessKeyId: '', secretAccessKey: '' };
const poolId = seed.pools[0]?.id ?? '';
const clientId = seed.pools[0]?.clients[0]?.id ?? '';

const report = (label: string, ms: number, targetMs: number) =>
  console.log(
    `${label.padEnd(48)} ${ms.toFixed(0).padStart(7)} ms   target < ${targetMs} ms ${ms < targetMs ? '✔' : '✖'}`,
  );

let t = performance.now();
const sandbox = await startSandbox({
  port: 0,
  seed,
  quotas: { read: 1e6, write: 1e6, auth: 1e6, PerUserRead: 1e6, PerUserWrite: 1e6 },
});
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

const username = usernames[1] ?? '';
const password = seed.pools[0]?.users[1]?.password ?? '';
const srp: number[] = [];
const srpServer: number[] = [];
for (let i = 0; i < 60; i++) {
  const s = performance.now();
  let clientMs = performance.now();
  const eph = clientEphemeral();
  clientMs = performance.now() - clientMs;
  const started = await user.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, SRP_A: eph.A.toString(16) },
    }),
  );
  const p = started.ChallengeParameters ?? {};
  const claimStarted = performance.now();
  const answer = claim({
    ...eph,
    B: p.SRP_B ?? '',
    salt: p.SALT ?? '',
    secretBlock: p.SECRET_BLOCK ?? '',
    poolName: poolId.split('_')[1] ?? '',
    user: p.USER_ID_FOR_SRP ?? '',
    password,
  });
  clientMs += performance.now() - claimStarted;
  const out = await user.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: started.Session,
      ChallengeResponses: { USERNAME: username, ...answer },
    }),
  );
  if (!out.AuthenticationResult?.AccessToken) throw new Error('SRP sign-in returned no tokens');
  srp.push(performance.now() - s);
  srpServer.push(performance.now() - s - clientMs);
}
srp.sort((a, b) => a - b);
srpServer.sort((a, b) => a - b);
report('SRP sign-in p50 (two round trips, both halves)', srp[30] ?? 0, 150);
report('SRP sign-in p50, without the client half', srpServer[30] ?? 0, 50);
report('SRP sign-in p95, without the client half', srpServer[57] ?? 0, 100);
await sandbox.close();
