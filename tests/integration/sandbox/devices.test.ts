/**
 * Device operations of the sandbox through the AWS SDK: the user-token
 * variants (remembered devices only for list/get), the Admin variants (every
 * device, SigV4), ConfirmDevice, and refresh tokens bound to a device.
 */
import {
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminUpdateDeviceStatusCommand,
  ConfirmDeviceCommand,
  type DeviceType,
  ForgetDeviceCommand,
  GetDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  ListDevicesCommand,
  UpdateDeviceStatusCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ALICE,
  adminClient,
  CLIENT_ID,
  declaredErrors,
  expectCognitoError,
  mint,
  notRememberedOf,
  POOL_ID,
  rememberedOf,
  sandboxCall,
  signIn,
  userClient,
  useSandbox,
} from './helpers';

let token: string;
const sandbox = useSandbox({ resetEach: true });
beforeEach(async () => {
  token = (await mint(sandbox.endpoint, {})).AccessToken;
});

const attr = (d: DeviceType | undefined, name: string) => d?.DeviceAttributes?.find((a) => a.Name === name)?.Value;
const aliceDevices = ALICE.devices ?? [];
const hostile = aliceDevices.find((d) => d.name.startsWith('<img'));
const neverAuthenticated = aliceDevices.find((d) => d.remembered && d.lastAuthenticatedAt === null);

describe('ListDevices / GetDevice with a user token', () => {
  it('lists remembered devices only, with Cognito attributes and epoch dates', async () => {
    const out = await userClient(sandbox.endpoint).send(new ListDevicesCommand({ AccessToken: token }));
    const keys = (out.Devices ?? []).map((d) => d.DeviceKey);
    expect(keys.sort()).toEqual(
      rememberedOf('alice')
        .map((d) => d.key)
        .sort(),
    );
    const shown = out.Devices?.find((d) => d.DeviceKey === hostile?.key);
    expect(attr(shown, 'device_name')).toBe('<img src=x onerror=alert(1)>');
    expect(attr(shown, 'device_status')).toBe('valid');
    expect(attr(shown, 'dev:device_remembered_status')).toBe('remembered');
    expect(attr(shown, 'last_ip_used')).toBe(hostile?.lastIp);
    expect(shown?.DeviceCreateDate).toEqual(new Date((hostile?.createdAt ?? 0) * 1000));
    const never = out.Devices?.find((d) => d.DeviceKey === neverAuthenticated?.key);
    expect(never?.DeviceLastAuthenticatedDate).toBeUndefined();
  });

  it('pages with Limit and an opaque PaginationToken, and refuses a forged token', async () => {
    const c = userClient(sandbox.endpoint);
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const out = await c.send(new ListDevicesCommand({ AccessToken: token, Limit: 3, PaginationToken: next }));
      expect(out.Devices?.length).toBeLessThanOrEqual(3);
      seen.push(...(out.Devices ?? []).map((d) => d.DeviceKey ?? ''));
      next = out.PaginationToken;
    } while (next);
    expect(seen).toHaveLength(rememberedOf('alice').length);
    expect(new Set(seen).size).toBe(seen.length);
    await expectCognitoError(
      c.send(new ListDevicesCommand({ AccessToken: token, Limit: 3, PaginationToken: 'Zm9yZ2Vk.AAAA' })),
      'InvalidParameterException',
    );
  });

  it('GetDevice answers a remembered device and ResourceNotFound for a not-remembered one', async () => {
    const c = userClient(sandbox.endpoint);
    const key = rememberedOf('alice')[0]?.key;
    const out = await c.send(new GetDeviceCommand({ AccessToken: token, DeviceKey: key }));
    expect(out.Device?.DeviceKey).toBe(key);
    const err = await expectCognitoError(
      c.send(new GetDeviceCommand({ AccessToken: token, DeviceKey: notRememberedOf('alice')[0]?.key })),
      'ResourceNotFoundException',
    );
    expect(err.message).toBe('Device does not exist.');
    await expectCognitoError(
      c.send(new GetDeviceCommand({ AccessToken: token, DeviceKey: 'us-east-1_00000000-0000-0000-0000-000000000000' })),
      'ResourceNotFoundException',
    );
  });

  it('a user never sees another user’s device', async () => {
    const bobs = rememberedOf('bob')[0]?.key;
    await expectCognitoError(
      userClient(sandbox.endpoint).send(new GetDeviceCommand({ AccessToken: token, DeviceKey: bobs })),
      'ResourceNotFoundException',
    );
  });
});

describe('UpdateDeviceStatus / ForgetDevice', () => {
  it('updates the remembered status and DeviceLastModifiedDate', async () => {
    const c = userClient(sandbox.endpoint);
    const device = rememberedOf('alice')[0];
    const before = Date.now() / 1000;
    await c.send(
      new UpdateDeviceStatusCommand({
        AccessToken: token,
        DeviceKey: device?.key,
        DeviceRememberedStatus: 'not_remembered',
      }),
    );
    await expectCognitoError(
      c.send(new GetDeviceCommand({ AccessToken: token, DeviceKey: device?.key })),
      'ResourceNotFoundException',
    );
    const admin = await adminClient(sandbox.endpoint).send(
      new AdminGetDeviceCommand({ UserPoolId: POOL_ID, Username: 'alice', DeviceKey: device?.key }),
    );
    expect(attr(admin.Device, 'dev:device_remembered_status')).toBe('not_remembered');
    expect((admin.Device?.DeviceLastModifiedDate?.getTime() ?? 0) / 1000).toBeGreaterThanOrEqual(Math.floor(before));
    // …and back: a not-remembered device can be remembered again with a user token.
    await c.send(
      new UpdateDeviceStatusCommand({
        AccessToken: token,
        DeviceKey: device?.key,
        DeviceRememberedStatus: 'remembered',
      }),
    );
    await expect(c.send(new GetDeviceCommand({ AccessToken: token, DeviceKey: device?.key }))).resolves.toBeTruthy();
  });

  it('ForgetDevice removes the device; a second call is ResourceNotFoundException', async () => {
    const c = userClient(sandbox.endpoint);
    const key = rememberedOf('alice')[1]?.key;
    await c.send(new ForgetDeviceCommand({ AccessToken: token, DeviceKey: key }));
    const state = await sandboxCall(sandbox.endpoint, 'GET', '/_sandbox/state');
    expect(JSON.stringify(state.body)).not.toContain(String(key));
    const err = await expectCognitoError(
      c.send(new ForgetDeviceCommand({ AccessToken: token, DeviceKey: key })),
      'ResourceNotFoundException',
    );
    expect(err.message).toBe('Device does not exist.');
  });

  it('a refresh token bound to a forgotten device stops working', async () => {
    const deviceKey = rememberedOf('alice')[0]?.key ?? '';
    const bound = await mint(sandbox.endpoint, { deviceKey });
    const c = userClient(sandbox.endpoint);
    const refresh = () =>
      c.send(
        new GetTokensFromRefreshTokenCommand({
          RefreshToken: bound.RefreshToken,
          ClientId: CLIENT_ID,
          DeviceKey: deviceKey,
        }),
      );
    await expect(refresh()).resolves.toBeTruthy();
    await c.send(new ForgetDeviceCommand({ AccessToken: token, DeviceKey: deviceKey }));
    const err = await expectCognitoError(refresh(), 'NotAuthorizedException');
    expect(err.message).toBe('Invalid Refresh Token.');
  });
});

describe('ConfirmDevice', () => {
  it('registers the NewDeviceMetadata key; UserConfirmationNecessary follows DeviceOnlyRememberedOnUserPrompt', async () => {
    const s = await signIn(sandbox.endpoint);
    const key = s.NewDeviceMetadata?.DeviceKey ?? '';
    const c = userClient(sandbox.endpoint);
    const out = await c.send(
      new ConfirmDeviceCommand({
        AccessToken: s.AccessToken,
        DeviceKey: key,
        DeviceName: 'Sandbox test browser',
        DeviceSecretVerifierConfig: { PasswordVerifier: 'dmVyaWZpZXI=', Salt: 'c2FsdA==' },
      }),
    );
    expect(out.UserConfirmationNecessary).toBe(true);
    const admin = await adminClient(sandbox.endpoint).send(
      new AdminGetDeviceCommand({ UserPoolId: POOL_ID, Username: 'alice', DeviceKey: key }),
    );
    expect(attr(admin.Device, 'device_name')).toBe('Sandbox test browser');
    expect(attr(admin.Device, 'dev:device_remembered_status')).toBe('not_remembered');
    await c.send(
      new UpdateDeviceStatusCommand({
        AccessToken: s.AccessToken,
        DeviceKey: key,
        DeviceRememberedStatus: 'remembered',
      }),
    );
    const listed = await c.send(new ListDevicesCommand({ AccessToken: s.AccessToken }));
    expect(listed.Devices?.map((d) => d.DeviceKey)).toContain(key);
  });

  it('refuses a key that was never issued to the user', async () => {
    await expectCognitoError(
      userClient(sandbox.endpoint).send(
        new ConfirmDeviceCommand({ AccessToken: token, DeviceKey: 'us-east-1_11111111-2222-3333-4444-555555555555' }),
      ),
      'ResourceNotFoundException',
    );
  });
});

describe('Admin device operations (SigV4)', () => {
  it('AdminListDevices sees every device, remembered or not, with pagination', async () => {
    const admin = adminClient(sandbox.endpoint);
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const out = await admin.send(
        new AdminListDevicesCommand({ UserPoolId: POOL_ID, Username: 'alice', Limit: 5, PaginationToken: next }),
      );
      seen.push(...(out.Devices ?? []).map((d) => d.DeviceKey ?? ''));
      next = out.PaginationToken;
    } while (next);
    expect(seen.sort()).toEqual(aliceDevices.map((d) => d.key).sort());
  });

  it('AdminGetDevice / AdminUpdateDeviceStatus / AdminForgetDevice reach a not-remembered device', async () => {
    const admin = adminClient(sandbox.endpoint);
    const key = notRememberedOf('alice')[0]?.key;
    const ids = { UserPoolId: POOL_ID, Username: 'alice', DeviceKey: key };
    expect((await admin.send(new AdminGetDeviceCommand(ids))).Device?.DeviceKey).toBe(key);
    await admin.send(new AdminUpdateDeviceStatusCommand({ ...ids, DeviceRememberedStatus: 'remembered' }));
    expect(attr((await admin.send(new AdminGetDeviceCommand(ids))).Device, 'dev:device_remembered_status')).toBe(
      'remembered',
    );
    await admin.send(new AdminForgetDeviceCommand(ids));
    await expectCognitoError(admin.send(new AdminForgetDeviceCommand(ids)), 'ResourceNotFoundException');
  });

  // UserNotFoundException is not declared by the model for AdminListDevices / AdminGetDevice (see requireUser).
  it.each([
    [
      'AdminListDevices',
      'unknown pool',
      { UserPoolId: 'us-east-1_Nope1', Username: 'alice' },
      'ResourceNotFoundException',
    ],
    ['AdminListDevices', 'unknown user', { UserPoolId: POOL_ID, Username: 'mallory' }, 'UserNotFoundException'],
    [
      'AdminGetDevice',
      'unknown user',
      { UserPoolId: POOL_ID, Username: 'mallory', DeviceKey: aliceDevices[0]?.key },
      'UserNotFoundException',
    ],
    [
      'AdminForgetDevice',
      'unknown user',
      { UserPoolId: POOL_ID, Username: 'mallory', DeviceKey: aliceDevices[0]?.key },
      'UserNotFoundException',
    ],
    [
      'AdminUpdateDeviceStatus',
      'unknown device',
      { UserPoolId: POOL_ID, Username: 'bob', DeviceKey: aliceDevices[0]?.key },
      'ResourceNotFoundException',
    ],
  ])('%s, %s → %s', async (operation, _label, ids, name) => {
    const commands = {
      AdminListDevicesCommand,
      AdminGetDeviceCommand,
      AdminForgetDeviceCommand,
      AdminUpdateDeviceStatusCommand,
    };
    const Command = commands[`${operation}Command` as keyof typeof commands] as new (
      i: unknown,
    ) => AdminListDevicesCommand;
    await expectCognitoError(adminClient(sandbox.endpoint).send(new Command(ids)), name);
    if (!(name === 'UserNotFoundException' && ['AdminListDevices', 'AdminGetDevice'].includes(operation))) {
      expect(declaredErrors(operation)).toContain(name);
    }
  });
});
