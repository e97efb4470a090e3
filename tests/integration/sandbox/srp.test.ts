/**
 * SRP sign-in and the device lifecycle through the AWS SDK v3: USER_SRP_AUTH →
 * PASSWORD_VERIFIER, the refusals (wrong password, a SECRET_BLOCK that is not
 * the one issued, a stale TIMESTAMP, an expired session), NewDeviceMetadata →
 * ConfirmDevice with a verifier → DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER,
 * "Device does not exist." for a forgotten key with the same session still
 * usable without it, and the request log naming the flow without secrets.
 */
import {
  AdminGetDeviceCommand,
  ConfirmDeviceCommand,
  ForgetDeviceCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../../sandbox/seed';
import { type Sandbox, startSandbox } from '../../../sandbox/server';
import { ALICE, adminClient, demoSeed, expectCognitoError, POOL_ID, reset, sandboxCall, userClient } from './helpers';
import { claim, clientEphemeral, deviceVerifier } from './srp-client';

let now = Date.now();
let sandbox: Sandbox;
const POOL_NAME = POOL_ID.split('_')[1] as string;
const SRP_CLIENT = '5sandboxdemosrponlyclient';

beforeEach(async () => {
  now = Date.now();
  if (!sandbox) sandbox = await startSandbox({ port: 0, clock: () => now });
  await reset(sandbox.endpoint);
});
afterAll(() => sandbox?.close());

const client = () => userClient(sandbox.endpoint);

async function initiate(username = 'alice', deviceKey?: string) {
  const eph = clientEphemeral();
  const out = await client().send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: SRP_CLIENT,
      AuthParameters: {
        USERNAME: username,
        SRP_A: eph.A.toString(16),
        ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
      },
    }),
  );
  return { eph, out, p: out.ChallengeParameters ?? {} };
}

function passwordClaim(started: Awaited<ReturnType<typeof initiate>>, password: string, timestampMs = now) {
  const { eph, p } = started;
  return claim({
    ...eph,
    B: p.SRP_B ?? '',
    salt: p.SALT ?? '',
    secretBlock: p.SECRET_BLOCK ?? '',
    poolName: POOL_NAME,
    user: p.USER_ID_FOR_SRP ?? '',
    password,
    timestampMs,
  });
}

const respond = (name: string, session: string | undefined, responses: Record<string, string>) =>
  client().send(
    new RespondToAuthChallengeCommand({
      ClientId: SRP_CLIENT,
      ChallengeName: name as never,
      Session: session,
      ChallengeResponses: responses,
    }),
  );

async function srpSignIn(deviceKey?: string) {
  const started = await initiate('alice', deviceKey);
  return respond('PASSWORD_VERIFIER', started.out.Session, {
    USERNAME: 'alice',
    ...passwordClaim(started, ALICE.password),
    ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
  });
}

/** Signs in, confirms the new device with a verifier, and returns what the client would keep. */
async function signInAndConfirm(name?: string) {
  const out = await srpSignIn();
  const r = out.AuthenticationResult;
  const meta = r?.NewDeviceMetadata;
  if (!r?.AccessToken || !meta?.DeviceKey || !meta.DeviceGroupKey) throw new Error('no NewDeviceMetadata');
  const { secret, config } = deviceVerifier(meta.DeviceGroupKey, meta.DeviceKey);
  const confirmed = await client().send(
    new ConfirmDeviceCommand({
      AccessToken: r.AccessToken,
      DeviceKey: meta.DeviceKey,
      DeviceSecretVerifierConfig: config,
      ...(name ? { DeviceName: name } : {}),
    }),
  );
  return { accessToken: r.AccessToken, deviceKey: meta.DeviceKey, groupKey: meta.DeviceGroupKey, secret, confirmed };
}

async function deviceSignIn(device: { deviceKey: string; groupKey: string; secret: string }) {
  const first = await srpSignIn(device.deviceKey);
  expect(first.ChallengeName).toBe('DEVICE_SRP_AUTH');
  const eph = clientEphemeral();
  const second = await respond('DEVICE_SRP_AUTH', first.Session, {
    USERNAME: 'alice',
    SRP_A: eph.A.toString(16),
    DEVICE_KEY: device.deviceKey,
  });
  expect(second.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
  const p = second.ChallengeParameters ?? {};
  const answer = claim({
    ...eph,
    B: p.SRP_B ?? '',
    salt: p.SALT ?? '',
    secretBlock: p.SECRET_BLOCK ?? '',
    poolName: device.groupKey,
    user: device.deviceKey,
    password: device.secret,
    timestampMs: now,
  });
  return { session: second.Session, answer };
}

describe('USER_SRP_AUTH', () => {
  it('answers PASSWORD_VERIFIER and, with the right password claim, tokens and NewDeviceMetadata', async () => {
    const started = await initiate();
    expect(started.out.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(Object.keys(started.p).sort()).toEqual(['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
    expect(started.p.SRP_B).toMatch(/^[0-9a-f]+$/);
    const out = await respond('PASSWORD_VERIFIER', started.out.Session, {
      USERNAME: 'alice',
      ...passwordClaim(started, ALICE.password),
    });
    const r = out.AuthenticationResult;
    expect(decodeJwt(r?.AccessToken ?? '').username).toBe('alice');
    expect(r?.NewDeviceMetadata?.DeviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    expect(r?.NewDeviceMetadata?.DeviceGroupKey).toBeTruthy();
    expect(decodeJwt(r?.AccessToken ?? '').device_key).toBe(r?.NewDeviceMetadata?.DeviceKey);
  });

  it('a wrong password → NotAuthorizedException "Incorrect username or password."; the session is then closed', async () => {
    const started = await initiate();
    const answer = { USERNAME: 'alice', ...passwordClaim(started, 'not-the-password') };
    const err = await expectCognitoError(
      respond('PASSWORD_VERIFIER', started.out.Session, answer),
      'NotAuthorizedException',
    );
    expect(err.message).toBe('Incorrect username or password.');
    const again = { USERNAME: 'alice', ...passwordClaim(started, ALICE.password) };
    await expectCognitoError(respond('PASSWORD_VERIFIER', started.out.Session, again), 'NotAuthorizedException');
  });

  it('a SECRET_BLOCK other than the one issued → NotAuthorizedException', async () => {
    const started = await initiate();
    const other = await initiate();
    const forged = {
      ...passwordClaim(started, ALICE.password),
      PASSWORD_CLAIM_SECRET_BLOCK: other.p.SECRET_BLOCK ?? '',
    };
    await expectCognitoError(
      respond('PASSWORD_VERIFIER', started.out.Session, { USERNAME: 'alice', ...forged }),
      'NotAuthorizedException',
    );
  });

  it('a stale TIMESTAMP (10 minutes old) → NotAuthorizedException', async () => {
    const started = await initiate();
    const stale = passwordClaim(started, ALICE.password, now - 10 * 60 * 1000);
    await expectCognitoError(
      respond('PASSWORD_VERIFIER', started.out.Session, { USERNAME: 'alice', ...stale }),
      'NotAuthorizedException',
    );
  });

  it('the challenge session expires after the client’s AuthSessionValidity (3 minutes by default)', async () => {
    const started = await initiate();
    now += 3 * 60 * 1000 + 1000;
    const err = await expectCognitoError(
      respond('PASSWORD_VERIFIER', started.out.Session, {
        USERNAME: 'alice',
        ...passwordClaim(started, ALICE.password),
      }),
      'NotAuthorizedException',
    );
    expect(err.message).toMatch(/session is expired/);
  });

  it('USER_SRP_AUTH on a client without ALLOW_USER_SRP_AUTH → InvalidParameterException', async () => {
    const err = await expectCognitoError(
      client().send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_SRP_AUTH',
          ClientId: '5sandboxdemosecretclient1',
          AuthParameters: { USERNAME: 'alice', SRP_A: 'abc' },
        }),
      ),
      'InvalidParameterException',
    );
    expect(err.message).toBe('USER_SRP_AUTH flow not enabled for this client');
  });
});

describe('the device lifecycle', () => {
  it('ConfirmDevice without a name: UserConfirmationNecessary per DeviceOnlyRememberedOnUserPrompt, no device_name', async () => {
    const device = await signInAndConfirm();
    expect(device.confirmed.UserConfirmationNecessary).toBe(true);
    const got = await adminClient(sandbox.endpoint).send(
      new AdminGetDeviceCommand({ UserPoolId: POOL_ID, Username: 'alice', DeviceKey: device.deviceKey }),
    );
    const names = (got.Device?.DeviceAttributes ?? []).map((a) => a.Name);
    expect(names).not.toContain('device_name');
    expect(got.Device?.DeviceAttributes).toContainEqual({
      Name: 'dev:device_remembered_status',
      Value: 'not_remembered',
    });
  });

  it('a pool without DeviceOnlyRememberedOnUserPrompt remembers at once (UserConfirmationNecessary false)', async () => {
    const seed = structuredClone(demoSeed) as SeedFile;
    const pool = seed.pools[0] as SeedFile['pools'][number];
    pool.deviceConfiguration = { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false };
    const other = await startSandbox({ port: 0, seed });
    try {
      const saved = sandbox;
      sandbox = other;
      const device = await signInAndConfirm('Laptop');
      sandbox = saved;
      expect(device.confirmed.UserConfirmationNecessary).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('the next sign-in with DEVICE_KEY takes DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER, bound to the device', async () => {
    const device = await signInAndConfirm('Laptop');
    const { session, answer } = await deviceSignIn(device);
    const out = await respond('DEVICE_PASSWORD_VERIFIER', session, {
      USERNAME: 'alice',
      DEVICE_KEY: device.deviceKey,
      ...answer,
    });
    const r = out.AuthenticationResult;
    expect(r?.NewDeviceMetadata).toBeUndefined();
    expect(decodeJwt(r?.AccessToken ?? '').device_key).toBe(device.deviceKey);
    const log = (await sandboxCall(sandbox.endpoint, 'GET', '/_sandbox/requests')).body.requests as Record<
      string,
      unknown
    >[];
    const flow = log.map((e) => e.challengeName ?? e.authFlow ?? e.operation);
    expect(flow.slice(-4)).toEqual([
      'USER_SRP_AUTH',
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
    const text = JSON.stringify(log);
    expect(text).not.toContain(r?.AccessToken ?? '-');
    expect(text).not.toContain(answer.PASSWORD_CLAIM_SIGNATURE);
    expect(text).not.toContain(answer.PASSWORD_CLAIM_SECRET_BLOCK);
    expect(text).not.toContain(session ?? '-');
  });

  it('a wrong device secret → NotAuthorizedException', async () => {
    const device = await signInAndConfirm('Laptop');
    const wrong = await deviceSignIn({ ...device, secret: 'wrong' });
    await expectCognitoError(
      respond('DEVICE_PASSWORD_VERIFIER', wrong.session, {
        USERNAME: 'alice',
        DEVICE_KEY: device.deviceKey,
        ...wrong.answer,
      }),
      'NotAuthorizedException',
    );
  });

  it('a forgotten key → ResourceNotFoundException "Device does not exist."; the same session without it signs in', async () => {
    const device = await signInAndConfirm('Laptop');
    await client().send(new ForgetDeviceCommand({ AccessToken: device.accessToken, DeviceKey: device.deviceKey }));
    const started = await initiate('alice', device.deviceKey);
    const answer = { USERNAME: 'alice', ...passwordClaim(started, ALICE.password) };
    const err = await expectCognitoError(
      respond('PASSWORD_VERIFIER', started.out.Session, { ...answer, DEVICE_KEY: device.deviceKey }),
      'ResourceNotFoundException',
    );
    expect(err.message).toBe('Device does not exist.');
    const out = await respond('PASSWORD_VERIFIER', started.out.Session, answer);
    expect(out.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).not.toBe(device.deviceKey);
  });
});
