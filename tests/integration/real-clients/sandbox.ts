/**
 * The sandbox the real-client tests run against: the demo seed plus one user
 * per test file and scenario (so one scenario never spends another's per-user
 * quota) and an app client with refresh-token rotation. Helpers read the
 * sandbox's own view (`/_sandbox/state`, `/_sandbox/requests`) so each flow
 * is checked from the server side too, and act as an admin (SigV4) would.
 */
import { readFileSync } from 'node:fs';
import {
  AdminForgetDeviceCommand,
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'vitest';
import type { RequestLogEntry } from '../../../sandbox/request-log';
import type { SeedFile } from '../../../sandbox/seed';
import { type Sandbox, startSandbox } from '../../../sandbox/server';

const demo = JSON.parse(readFileSync(new URL('../../../sandbox/seeds/demo.json', import.meta.url), 'utf8')) as SeedFile;
const demoPool = demo.pools[0] as SeedFile['pools'][number];

export const POOL_ID = demoPool.id;
/** The demo's web-app client: SRP, password and refresh flows, no secret, no rotation. */
export const PLAIN_CLIENT = '5sandboxdemoclient0000001';
/** A client that rotates refresh tokens (no grace period), as a web app on Amplify ≥ 6.15 may use. */
export const ROTATING_CLIENT = '5sandboxrotatingclient001';
export const IAM = demo.iam[0] as { accessKeyId: string; secretAccessKey: string };
export const passwordOf = (username: string) => `Pw-${username}-Real-1!`;

/** Starts a sandbox with `usernames` added to the demo pool (CONFIRMED, no devices). */
export async function startRealClientSandbox(usernames: string[]) {
  const seed = structuredClone(demo);
  const pool = seed.pools[0] as SeedFile['pools'][number];
  pool.clients.push({
    id: ROTATING_CLIENT,
    name: 'Rotating web app',
    allowedScopes: ['aws.cognito.signin.user.admin', 'openid'],
    authFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    refreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
  });
  for (const username of usernames) {
    pool.users.push({ username, password: passwordOf(username), status: 'CONFIRMED', attributes: {} });
  }
  const sandbox: Sandbox = await startSandbox({ port: 0, seed });
  const route = async (method: string, path: string) => {
    const res = await fetch(`${sandbox.endpoint}${path}`, { method });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
    return res.json();
  };
  const sdk = (extra: Record<string, unknown> = {}) =>
    new CognitoIdentityProviderClient({ endpoint: sandbox.endpoint, region: 'us-east-1', maxAttempts: 1, ...extra });
  return {
    endpoint: sandbox.endpoint,
    close: () => sandbox.close(),
    /** The user's devices as the sandbox holds them. */
    async devicesOf(username: string) {
      const state = (await route('GET', '/_sandbox/state')) as {
        pools: { users: { username: string; devices: Record<string, unknown>[] }[] }[];
      };
      return state.pools[0]?.users.find((u) => u.username === username)?.devices ?? [];
    },
    async requests(): Promise<RequestLogEntry[]> {
      return ((await route('GET', '/_sandbox/requests')) as { requests: RequestLogEntry[] }).requests;
    },
    clearRequests: () => route('DELETE', '/_sandbox/requests'),
    /** Forgets a device the way an admin (or this extension) would, behind the web app's back. */
    adminForget: (username: string, deviceKey: string) =>
      sdk({ credentials: IAM }).send(
        new AdminForgetDeviceCommand({ UserPoolId: POOL_ID, Username: username, DeviceKey: deviceKey }),
      ),
    refreshWithSdk: (clientId: string, refreshToken: string, deviceKey: string) =>
      sdk().send(
        new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken, DeviceKey: deviceKey }),
      ),
    refreshTokenAuth: (clientId: string, refreshToken: string, deviceKey: string) =>
      sdk().send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: clientId,
          AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: deviceKey },
        }),
      ),
  };
}
export type RealClientSandbox = Awaited<ReturnType<typeof startRealClientSandbox>>;

/** The flow of a slice of the log: challenge name, else auth flow, else operation; with the answer's error. */
export const flowOf = (entries: RequestLogEntry[]) =>
  entries.map((e) => `${e.challengeName ?? e.authFlow ?? e.operation}${e.errorType ? ` ✗ ${e.errorType}` : ''}`);

/** Runs `call`, returns the error it throws (or fails). */
export async function errorOf(call: Promise<unknown>): Promise<Error & { name: string }> {
  try {
    await call;
  } catch (e) {
    return e as Error & { name: string };
  }
  throw new Error('expected an error');
}

/**
 * After a sign-in whose DEVICE_KEY had been forgotten on the server: the log shows
 * "Device does not exist.", the same answer again without the key, and a new
 * device confirmed; the sandbox holds only that new device. Returns its key.
 */
export async function expectRecoveryFromForgottenDevice(
  sandbox: RealClientSandbox,
  username: string,
  forgottenKey: string,
  storedKey: string | undefined,
): Promise<string> {
  const log = await sandbox.requests();
  expect(flowOf(log)).toEqual([
    'USER_SRP_AUTH',
    'PASSWORD_VERIFIER ✗ ResourceNotFoundException',
    'PASSWORD_VERIFIER',
    'ConfirmDevice',
  ]);
  expect(log[1]?.errorMessage).toBe('Device does not exist.');
  expect(storedKey).toBeTruthy();
  expect(storedKey).not.toBe(forgottenKey);
  expect((await sandbox.devicesOf(username)).map((d) => d.key)).toEqual([storedKey]);
  return storedKey ?? '';
}
