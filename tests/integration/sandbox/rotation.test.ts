/**
 * App-client settings through the AWS SDK v3, with the sandbox clock under
 * the test's control: refresh-token rotation (a new refresh token per
 * GetTokensFromRefreshToken, the old one valid for RetryGracePeriodSeconds,
 * then RefreshTokenReuseException; REFRESH_TOKEN_AUTH refused), reported by
 * DescribeUserPoolClient (SigV4); and the pool option that answers
 * user-token device calls with the lean attribute set.
 */
import {
  AdminListDevicesCommand,
  DescribeUserPoolClientCommand,
  GetDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../../sandbox/seed';
import { type Sandbox, startSandbox } from '../../../sandbox/server';
import {
  ALICE,
  adminClient,
  CLIENT_ID,
  demoSeed,
  expectCognitoError,
  mint,
  POOL_ID,
  rawCall,
  rememberedOf,
  reset,
  userClient,
} from './helpers';

const GRACE_CLIENT = '5sandboxrotatinggrace0030';
const NO_GRACE_CLIENT = '5sandboxrotatingnograce00';
let now = Date.now();
let sandbox: Sandbox;

beforeAll(async () => {
  const seed = structuredClone(demoSeed) as SeedFile;
  const pool = seed.pools[0] as SeedFile['pools'][number];
  pool.leanUserDeviceAttributes = true;
  for (const [id, grace] of [
    [GRACE_CLIENT, 30],
    [NO_GRACE_CLIENT, 0],
  ] as const) {
    pool.clients.push({
      id,
      name: `Rotating, grace ${grace} s`,
      allowedScopes: ['aws.cognito.signin.user.admin'],
      authFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      refreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: grace },
      authSessionValidity: 5,
    });
  }
  sandbox = await startSandbox({ port: 0, seed, clock: () => now });
});
afterAll(() => sandbox?.close());
beforeEach(async () => {
  now = Date.now();
  await reset(sandbox.endpoint);
});

const sdk = () => userClient(sandbox.endpoint);
async function signIn(clientId: string) {
  const out = await sdk().send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'alice', PASSWORD: ALICE.password },
    }),
  );
  const r = out.AuthenticationResult;
  return { refreshToken: r?.RefreshToken ?? '', deviceKey: r?.NewDeviceMetadata?.DeviceKey ?? '' };
}
const refresh = (clientId: string, refreshToken: string, deviceKey: string) =>
  sdk().send(
    new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken, DeviceKey: deviceKey }),
  );

describe('refresh-token rotation', () => {
  it('returns a new refresh token; the old one works within the grace period, then RefreshTokenReuseException', async () => {
    const { refreshToken: first, deviceKey } = await signIn(GRACE_CLIENT);
    const rotated = await refresh(GRACE_CLIENT, first, deviceKey);
    const second = rotated.AuthenticationResult?.RefreshToken ?? '';
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    now += 29_000;
    await expect(refresh(GRACE_CLIENT, first, deviceKey)).resolves.toBeTruthy();
    now += 2_000;
    await expectCognitoError(refresh(GRACE_CLIENT, first, deviceKey), 'RefreshTokenReuseException');
    const third = (await refresh(GRACE_CLIENT, second, deviceKey)).AuthenticationResult?.RefreshToken;
    expect(third).toBeTruthy();
  });

  it('with RetryGracePeriodSeconds 0 the old token is refused at once', async () => {
    const { refreshToken, deviceKey } = await signIn(NO_GRACE_CLIENT);
    await refresh(NO_GRACE_CLIENT, refreshToken, deviceKey);
    await expectCognitoError(refresh(NO_GRACE_CLIENT, refreshToken, deviceKey), 'RefreshTokenReuseException');
  });

  it('REFRESH_TOKEN_AUTH is refused for a rotating client, allowed for the others', async () => {
    const rotating = await signIn(GRACE_CLIENT);
    const viaInitiate = (clientId: string, t: { refreshToken: string; deviceKey: string }) =>
      sdk().send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: clientId,
          AuthParameters: { REFRESH_TOKEN: t.refreshToken, DEVICE_KEY: t.deviceKey },
        }),
      );
    const err = await expectCognitoError(viaInitiate(GRACE_CLIENT, rotating), 'InvalidParameterException');
    expect(err.message).toBe('REFRESH_TOKEN_AUTH flow not enabled for this client');
    const plain = await signIn(CLIENT_ID);
    await expect(viaInitiate(CLIENT_ID, plain)).resolves.toBeTruthy();
    // Without rotation GetTokensFromRefreshToken returns no refresh token.
    expect(
      (await refresh(CLIENT_ID, plain.refreshToken, plain.deviceKey)).AuthenticationResult?.RefreshToken,
    ).toBeUndefined();
  });

  it('DescribeUserPoolClient (SigV4) reports the rotation and the session validity', async () => {
    const describe = (clientId: string) =>
      adminClient(sandbox.endpoint).send(
        new DescribeUserPoolClientCommand({ UserPoolId: POOL_ID, ClientId: clientId }),
      );
    const rotating = (await describe(GRACE_CLIENT)).UserPoolClient;
    expect(rotating?.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 30 });
    expect(rotating?.AuthSessionValidity).toBe(5);
    expect(rotating?.ExplicitAuthFlows).toEqual(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect((await describe(CLIENT_ID)).UserPoolClient?.RefreshTokenRotation).toEqual({ Feature: 'DISABLED' });
    await expectCognitoError(describe('5nosuchclient000000000000'), 'ResourceNotFoundException');
    const unsigned = await rawCall(
      sandbox.endpoint,
      'AWSCognitoIdentityProviderService.DescribeUserPoolClient',
      JSON.stringify({ UserPoolId: POOL_ID, ClientId: CLIENT_ID }),
    );
    expect(unsigned.errorType).toBe('MissingAuthenticationTokenException:');
  });
});

describe('leanUserDeviceAttributes', () => {
  it('user-token ListDevices and GetDevice carry device_status, device_name, last_ip_used only; Admin calls keep dev:*', async () => {
    const token = (await mint(sandbox.endpoint, {})).AccessToken;
    const listed = await sdk().send(new ListDevicesCommand({ AccessToken: token }));
    const names = new Set((listed.Devices ?? []).flatMap((d) => (d.DeviceAttributes ?? []).map((a) => a.Name)));
    expect([...names].sort()).toEqual(['device_name', 'device_status', 'last_ip_used']);
    const key = rememberedOf('alice')[0]?.key;
    const got = await sdk().send(new GetDeviceCommand({ AccessToken: token, DeviceKey: key }));
    expect((got.Device?.DeviceAttributes ?? []).map((a) => a.Name)).not.toContain('dev:device_remembered_status');
    const admin = await adminClient(sandbox.endpoint).send(
      new AdminListDevicesCommand({ UserPoolId: POOL_ID, Username: 'alice' }),
    );
    expect(admin.Devices?.[0]?.DeviceAttributes?.map((a) => a.Name)).toContain('dev:device_remembered_status');
  });
});
