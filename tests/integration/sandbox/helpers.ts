/**
 * Shared set-up of the sandbox conformance tests: the demo seed's ids, AWS SDK
 * clients pointed at a running sandbox (no retries, so every error is seen
 * as the server sent it), and small wrappers over the `/_sandbox` routes.
 */
import { readFileSync } from 'node:fs';
import {
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderServiceException,
  ConfirmDeviceCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { SeedFile } from '../../../sandbox/seed';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../sandbox/server';

const model = JSON.parse(
  readFileSync(new URL('../../../sandbox/model/cognito-idp-model.json', import.meta.url), 'utf8'),
) as { operations: Record<string, { errors?: { shape: string }[] }> };

/** The error shapes the service model declares for `operation`. */
export const declaredErrors = (operation: string) => (model.operations[operation]?.errors ?? []).map((e) => e.shape);

export const demoSeed = JSON.parse(
  readFileSync(new URL('../../../sandbox/seeds/demo.json', import.meta.url), 'utf8'),
) as SeedFile;
const pool = demoSeed.pools[0];
if (!pool) throw new Error('demo seed has no pool');
export const POOL_ID = pool.id;
export const CLIENT_ID = pool.clients[0]?.id ?? '';
export const SECRET_CLIENT = pool.clients.find((c) => c.secret) ?? pool.clients[0];
export const SRP_ONLY_CLIENT_ID =
  pool.clients.find((c) => !c.authFlows?.includes('ALLOW_USER_PASSWORD_AUTH'))?.id ?? '';
export const IAM = demoSeed.iam[0] ?? { accessKeyId: '', secretAccessKey: '' };
export const user = (name: string) => {
  const u = pool.users.find((x) => x.username === name);
  if (!u) throw new Error(`demo seed has no user ${name}`);
  return u;
};
export const ALICE = user('alice');
export const rememberedOf = (name: string) => (user(name).devices ?? []).filter((d) => d.remembered);
export const notRememberedOf = (name: string) => (user(name).devices ?? []).filter((d) => !d.remembered);

/** An SDK client for the token operations (no credentials: they are not signed). */
export function userClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint, region: 'us-east-1', maxAttempts: 1 });
}

/** An SDK client that signs with `credentials` (the demo IAM key by default). */
export function adminClient(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string } = IAM,
  extra: { systemClockOffset?: number } = {},
): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint, region: 'us-east-1', maxAttempts: 1, credentials, ...extra });
}

/** Signs in with USER_PASSWORD_AUTH through the SDK. */
export async function signIn(endpoint: string, username = 'alice', password = user(username).password) {
  const out = await userClient(endpoint).send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  const r = out.AuthenticationResult;
  if (!r?.AccessToken || !r.RefreshToken || !r.IdToken) throw new Error('sign-in returned no tokens');
  return { ...r, AccessToken: r.AccessToken, RefreshToken: r.RefreshToken, IdToken: r.IdToken };
}

/**
 * A new device for `username`, as a client that signs in on it does: a password sign-in (the answer's
 * NewDeviceMetadata names the device) and ConfirmDevice with `deviceName`. Answers the sign-in and the key.
 */
export async function signInOnNewDevice(endpoint: string, username: string, deviceName: string) {
  const session = await signIn(endpoint, username);
  const deviceKey = session.NewDeviceMetadata?.DeviceKey ?? '';
  if (!deviceKey) throw new Error('sign-in named no new device');
  await userClient(endpoint).send(
    new ConfirmDeviceCommand({
      AccessToken: session.AccessToken,
      DeviceKey: deviceKey,
      DeviceName: deviceName,
      DeviceSecretVerifierConfig: { PasswordVerifier: 'dmVyaWZpZXI=', Salt: 'c2FsdA==' },
    }),
  );
  return { session, deviceKey };
}

/** Mints tokens through `POST /_sandbox/tokens`. */
export async function mint(
  endpoint: string,
  body: {
    username?: string;
    scope?: string;
    expiresIn?: number;
    deviceKey?: string;
    clientId?: string;
    poolId?: string;
  },
) {
  const res = await fetch(`${endpoint}/_sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ poolId: POOL_ID, clientId: CLIENT_ID, username: 'alice', ...body }),
  });
  if (!res.ok) throw new Error(`mint failed ${res.status}: ${await res.text()}`);
  return (await res.json()) as { AccessToken: string; IdToken: string; RefreshToken: string };
}

export async function sandboxCall(endpoint: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${endpoint}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export const reset = (endpoint: string) => sandboxCall(endpoint, 'POST', '/_sandbox/reset');

/** Runs `call`, expects a typed SDK exception, checks name, HTTP status and request id, returns it. */
export async function expectCognitoError(
  call: Promise<unknown>,
  name: string,
  status = 400,
): Promise<CognitoIdentityProviderServiceException> {
  let caught: unknown;
  try {
    await call;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${name}`).toBeDefined();
  const err = caught as CognitoIdentityProviderServiceException;
  expect(err.name).toBe(name);
  expect(err.$metadata.httpStatusCode).toBe(status);
  expect(err.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  return err;
}

/** A raw wire call (for what the SDK would never send). */
export async function rawCall(
  endpoint: string,
  target: string,
  body: string,
  contentType = 'application/x-amz-json-1.1',
) {
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-amz-target': target },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    errorType: res.headers.get('x-amzn-errortype'),
    requestId: res.headers.get('x-amzn-requestid'),
    text,
    json: JSON.parse(text) as Record<string, unknown>,
  };
}

/**
 * Starts one sandbox for the calling test file (or describe block; port 0,
 * the demo seed unless `seed` is given) and closes it after; with `resetEach`,
 * `POST /_sandbox/reset` runs before every test (back to the seed and the
 * start-up `quotas`); `quotaClock` replaces the clock of its quota buckets.
 */
export function useSandbox(
  options: { resetEach?: boolean; seed?: SeedFile; quotas?: SandboxOptions['quotas']; quotaClock?: () => number } = {},
): {
  readonly endpoint: string;
} {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      seed: options.seed,
      quotas: options.quotas,
      quotaClock: options.quotaClock,
    });
  });
  afterAll(() => sandbox?.close());
  if (options.resetEach) beforeEach(() => reset(sandbox?.endpoint ?? ''));
  return {
    get endpoint() {
      if (!sandbox) throw new Error('the sandbox is not started yet');
      return sandbox.endpoint;
    },
  };
}
