/**
 * Every error path of the Cognito client against the sandbox over real HTTP:
 * the wire error becomes the right AppError code with its facts (operation,
 * AWS name, request id), and no secret ends up in it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CognitoClient } from '../../../utils/cognito';
import { AppError } from '../../../utils/errors';
import {
  IAM,
  type OpenSandbox,
  openSandbox,
  POOL_ID,
  PUBLIC_CLIENT,
  SECRET_CLIENT,
  SRP_ONLY_CLIENT,
  user,
} from './sandbox';

let sandbox: OpenSandbox;
let client: CognitoClient;
const alice = user('alice');
const rememberedKey = alice.devices.find((d) => d.remembered)?.key as string;
const notRememberedKey = alice.devices.find((d) => !d.remembered)?.key as string;
const missingKey = 'us-east-1_00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  sandbox = await openSandbox();
  client = sandbox.client({ retry: { maxAttempts: 1 } });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.reset();
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function expectNoSecret(error: AppError, ...secrets: string[]) {
  const everything = `${error.message} ${JSON.stringify(error.toJSON())}`;
  for (const secret of secrets) expect(everything).not.toContain(secret);
}

describe('access token problems', () => {
  it('missing scope → ERR_COGNITO_SCOPE_MISSING', async () => {
    const { AccessToken } = await sandbox.tokens({ scope: 'openid email' });
    const error = await failure(client.listDevices({ accessToken: AccessToken }));
    expect(error.code).toBe('ERR_COGNITO_SCOPE_MISSING');
    expect(error.details).toMatchObject({
      operation: 'ListDevices',
      awsName: 'NotAuthorizedException',
      httpStatus: 400,
    });
    expect(error.details.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expectNoSecret(error, AccessToken);
  });

  it('expired → ERR_COGNITO_TOKEN_EXPIRED', async () => {
    const { AccessToken } = await sandbox.tokens({ expiresIn: -60 });
    const error = await failure(client.getUser({ accessToken: AccessToken }));
    expect(error.code).toBe('ERR_COGNITO_TOKEN_EXPIRED');
    expectNoSecret(error, AccessToken);
  });

  it('revoked by a global sign-out → ERR_COGNITO_TOKEN_REVOKED', async () => {
    const { AccessToken } = await sandbox.tokens();
    await client.globalSignOut({ accessToken: AccessToken });
    const error = await failure(client.getDevice({ accessToken: AccessToken, deviceKey: rememberedKey }));
    expect(error.code).toBe('ERR_COGNITO_TOKEN_REVOKED');
  });

  it('forged (signature tampered) → ERR_COGNITO_NOT_AUTHORIZED', async () => {
    const { AccessToken } = await sandbox.tokens();
    const [h, p, s] = AccessToken.split('.');
    const forged = `${h}.${p}.${(s ?? '').slice(0, -4)}AAAA`;
    const error = await failure(client.listDevices({ accessToken: forged }));
    expect(error.code).toBe('ERR_COGNITO_NOT_AUTHORIZED');
    expectNoSecret(error, forged);
  });

  it('malformed → ERR_INVALID_ACCESS_TOKEN before any request', async () => {
    const error = await failure(client.listDevices({ accessToken: 'not a token' }));
    expect(error.code).toBe('ERR_INVALID_ACCESS_TOKEN');
    expect(error.details.operation).toBeUndefined();
  });
});

describe('devices and users that do not exist', () => {
  it('GetDevice of a not-remembered device with a user token → ERR_COGNITO_RESOURCE_NOT_FOUND', async () => {
    const { AccessToken } = await sandbox.tokens();
    const error = await failure(client.getDevice({ accessToken: AccessToken, deviceKey: notRememberedKey }));
    expect(error.code).toBe('ERR_COGNITO_RESOURCE_NOT_FOUND');
  });

  it('ForgetDevice of an unknown device on the first attempt is a failure, not "already forgotten"', async () => {
    const { AccessToken } = await sandbox.tokens();
    const error = await failure(client.forgetDevice({ accessToken: AccessToken, deviceKey: missingKey }));
    expect(error.code).toBe('ERR_COGNITO_RESOURCE_NOT_FOUND');
  });

  it('AdminListDevices of an unknown user → ERR_COGNITO_USER_NOT_FOUND', async () => {
    const error = await failure(client.adminListDevices({ userPoolId: POOL_ID, username: 'nobody' }));
    expect(error.code).toBe('ERR_COGNITO_USER_NOT_FOUND');
  });

  it('an unknown pool → ERR_COGNITO_RESOURCE_NOT_FOUND', async () => {
    const error = await failure(client.describeUserPool({ userPoolId: 'us-east-1_Nope0' }));
    expect(error.code).toBe('ERR_COGNITO_RESOURCE_NOT_FOUND');
  });
});

describe('sign-in and refresh', () => {
  const signIn = (username: string, password: string, clientId = PUBLIC_CLIENT.id) =>
    client.initiateAuth({ flow: 'USER_PASSWORD_AUTH', clientId, username, password });

  it.each([
    ['a wrong password', 'alice', 'wrong-Passw0rd!', 'ERR_COGNITO_INCORRECT_CREDENTIALS'],
    ['an unconfirmed user', 'carol', user('carol').password, 'ERR_COGNITO_USER_NOT_CONFIRMED'],
    ['a user who must reset the password', 'dave', user('dave').password, 'ERR_COGNITO_PASSWORD_RESET_REQUIRED'],
  ])('%s → %s, password not in the error', async (_, username, password, code) => {
    const error = await failure(signIn(username, password));
    expect(error.code).toBe(code);
    expectNoSecret(error, password);
  });

  it('a client without USER_PASSWORD_AUTH → ERR_COGNITO_AUTH_FLOW_DISABLED', async () => {
    const error = await failure(signIn('alice', alice.password, SRP_ONLY_CLIENT.id));
    expect(error.code).toBe('ERR_COGNITO_AUTH_FLOW_DISABLED');
  });

  it('a client with a secret, without or with a wrong secret → ERR_COGNITO_SECRET_HASH_INVALID', async () => {
    expect((await failure(signIn('alice', alice.password, SECRET_CLIENT.id))).code).toBe(
      'ERR_COGNITO_SECRET_HASH_INVALID',
    );
    const wrong = 'x'.repeat(40);
    const error = await failure(
      client.initiateAuth({
        flow: 'USER_PASSWORD_AUTH',
        clientId: SECRET_CLIENT.id,
        clientSecret: wrong,
        username: 'alice',
        password: alice.password,
      }),
    );
    expect(error.code).toBe('ERR_COGNITO_SECRET_HASH_INVALID');
    expectNoSecret(error, wrong, alice.password);
  });

  it('an unknown app client → ERR_COGNITO_RESOURCE_NOT_FOUND', async () => {
    expect((await failure(signIn('alice', alice.password, 'unknownclient0000000000'))).code).toBe(
      'ERR_COGNITO_RESOURCE_NOT_FOUND',
    );
  });

  it('a refresh token whose device was forgotten stops working → ERR_COGNITO_REFRESH_TOKEN_INVALID', async () => {
    const result = await signIn('bob', user('bob').password);
    if (result.kind !== 'tokens' || !result.newDevice) throw new Error('expected tokens and a new device');
    const { deviceKey } = result.newDevice;
    const refreshToken = result.tokens.refreshToken as string;
    await client.confirmDevice({ accessToken: result.tokens.accessToken, deviceKey, deviceName: 'Test runner' });
    await client.forgetDevice({ accessToken: result.tokens.accessToken, deviceKey });
    const error = await failure(
      client.initiateAuth({ flow: 'REFRESH_TOKEN_AUTH', clientId: PUBLIC_CLIENT.id, refreshToken, deviceKey }),
    );
    expect(error.code).toBe('ERR_COGNITO_REFRESH_TOKEN_INVALID');
    expectNoSecret(error, refreshToken);
  });

  it('a revoked refresh token → ERR_COGNITO_REFRESH_TOKEN_INVALID', async () => {
    const { AccessToken, RefreshToken } = await sandbox.tokens();
    await client.globalSignOut({ accessToken: AccessToken });
    const error = await failure(
      client.getTokensFromRefreshToken({ clientId: PUBLIC_CLIENT.id, refreshToken: RefreshToken }),
    );
    expect(error.code).toBe('ERR_COGNITO_REFRESH_TOKEN_INVALID');
  });
});

describe('SigV4 failures', () => {
  it('an unknown access key id → ERR_AWS_UNRECOGNIZED_CLIENT', async () => {
    const c = sandbox.client({ credentials: { ...IAM, accessKeyId: 'AKIAUNKNOWNKEY000001' } });
    expect((await failure(c.adminListDevices({ userPoolId: POOL_ID, username: 'alice' }))).code).toBe(
      'ERR_AWS_UNRECOGNIZED_CLIENT',
    );
  });

  it('a wrong secret key → ERR_AWS_SIGNATURE_MISMATCH, secret not in the error', async () => {
    const wrong = `${IAM.secretAccessKey.slice(0, -3)}XYZ`;
    const c = sandbox.client({ credentials: { ...IAM, secretAccessKey: wrong } });
    const error = await failure(c.listUsers({ userPoolId: POOL_ID }));
    expect(error.code).toBe('ERR_AWS_SIGNATURE_MISMATCH');
    expectNoSecret(error, wrong, IAM.secretAccessKey);
  });

  it.each([
    ['behind', -10],
    ['ahead', 10],
  ])('a clock 10 minutes %s → ERR_AWS_CLOCK_SKEW', async (_, minutes) => {
    const c = sandbox.client({ now: () => Date.now() + minutes * 60_000, retry: { maxAttempts: 1 } });
    expect((await failure(c.describeUserPool({ userPoolId: POOL_ID }))).code).toBe('ERR_AWS_CLOCK_SKEW');
  });

  it('no credentials → ERR_AWS_MISSING_CREDENTIALS before any request', async () => {
    const c = sandbox.client({ credentials: undefined });
    expect(
      (await failure(c.adminGetDevice({ userPoolId: POOL_ID, username: 'alice', deviceKey: rememberedKey }))).code,
    ).toBe('ERR_AWS_MISSING_CREDENTIALS');
  });
});

describe('validation: a bad input never reaches the sandbox', () => {
  it.each<[string, (c: CognitoClient) => Promise<unknown>, string]>([
    [
      'DeviceKey',
      (c) => c.adminGetDevice({ userPoolId: POOL_ID, username: 'alice', deviceKey: 'nope' }),
      'ERR_INVALID_DEVICE_KEY',
    ],
    ['UserPoolId', (c) => c.listUsers({ userPoolId: 'Demo' }), 'ERR_INVALID_USER_POOL_ID'],
    ['Username', (c) => c.adminListDevices({ userPoolId: POOL_ID, username: '' }), 'ERR_INVALID_USERNAME'],
    ['Limit', (c) => c.adminListDevices({ userPoolId: POOL_ID, username: 'alice', limit: 100 }), 'ERR_INVALID_LIMIT'],
  ])('%s', async (_, run, code) => {
    // A fault on every operation would turn any request that got through into ERR_COGNITO_INTERNAL.
    await sandbox.faults({ rate: 1, kinds: ['InternalError'] });
    expect((await failure(run(client))).code).toBe(code);
  });

  it('the sandbox itself rejects what the model forbids, mapped to ERR_COGNITO_INVALID_PARAMETER with the field', async () => {
    // Bypass the client's validation with a raw request to show the two agree.
    const response = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.GetDevice',
      },
      body: JSON.stringify({ AccessToken: 'a.b.c', DeviceKey: 'nope' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidParameterException:');
  });
});
