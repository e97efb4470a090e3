/**
 * Every operation of the Cognito client against the sandbox over real HTTP on
 * loopback: token operations, sign-in and refresh, and SigV4-signed Admin
 * operations, with results checked against the sandbox's own state.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CognitoClient } from '../../../utils/cognito';
import { type OpenSandbox, openSandbox, POOL_ID, PUBLIC_CLIENT, SECRET_CLIENT, user } from './sandbox';

let sandbox: OpenSandbox;
let client: CognitoClient;
const alice = user('alice');
const remembered = alice.devices.filter((d) => d.remembered);
const notRemembered = alice.devices.filter((d) => !d.remembered);

beforeAll(async () => {
  sandbox = await openSandbox();
  client = sandbox.client();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.reset();
});

describe('token operations', () => {
  it('listDevices pages through the remembered devices with friendly fields', async () => {
    const { AccessToken } = await sandbox.tokens();
    const first = await client.listDevices({ accessToken: AccessToken, limit: 3 });
    expect(first.devices).toHaveLength(3);
    expect(first.paginationToken).toBeTruthy();
    const all = [];
    for await (const device of client.listAllDevices({ accessToken: AccessToken, limit: 4 })) all.push(device);
    expect(all.map((d) => d.key).sort()).toEqual(remembered.map((d) => d.key).sort());
    const xss = all.find((d) => d.name === '<img src=x onerror=alert(1)>');
    expect(xss?.remembered).toBe(true);
    const mac = all.find((d) => d.key === remembered[0]?.key);
    expect(mac?.createdAt).toBeInstanceOf(Date);
    expect(mac?.lastIp).toBe('203.0.113.10');
    expect(mac?.attributes.some((a) => a.name === 'device_name')).toBe(true);
  });

  it('getDevice returns one device', async () => {
    const { AccessToken } = await sandbox.tokens();
    const key = remembered[0]?.key as string;
    const device = await client.getDevice({ accessToken: AccessToken, deviceKey: key });
    expect(device.key).toBe(key);
    expect(device.name).toBe(remembered[0]?.name);
    expect(device.lastAuthenticatedAt?.getTime()).toBe(1751184000 * 1000);
  });

  it('updateDeviceStatus flips remembered state, both ways, and is idempotent', async () => {
    const { AccessToken } = await sandbox.tokens();
    const key = remembered[1]?.key as string;
    await client.updateDeviceStatus({ accessToken: AccessToken, deviceKey: key, remembered: false });
    await client.updateDeviceStatus({ accessToken: AccessToken, deviceKey: key, remembered: false });
    expect((await sandbox.devicesOf('alice')).find((d) => d.key === key)?.remembered).toBe(false);
    const back = notRemembered[0]?.key as string;
    await client.updateDeviceStatus({ accessToken: AccessToken, deviceKey: back, remembered: true });
    expect((await sandbox.devicesOf('alice')).find((d) => d.key === back)?.remembered).toBe(true);
  });

  it('forgetDevice removes the device', async () => {
    const { AccessToken } = await sandbox.tokens();
    const key = remembered[2]?.key as string;
    await expect(client.forgetDevice({ accessToken: AccessToken, deviceKey: key })).resolves.toEqual({
      alreadyForgotten: false,
    });
    expect((await sandbox.devicesOf('alice')).some((d) => d.key === key)).toBe(false);
  });

  it('getUser returns the username and attributes', async () => {
    const { AccessToken } = await sandbox.tokens();
    const me = await client.getUser({ accessToken: AccessToken });
    expect(me.username).toBe('alice');
    expect(me.attributes.email).toBe('alice@example.com');
    expect(me.attributes.sub).toBeTruthy();
  });

  it('globalSignOut revokes the access token', async () => {
    const { AccessToken } = await sandbox.tokens();
    await client.globalSignOut({ accessToken: AccessToken });
    await expect(client.listDevices({ accessToken: AccessToken })).rejects.toMatchObject({
      code: 'ERR_COGNITO_TOKEN_REVOKED',
    });
  });
});

describe('sign-in, device confirmation and refresh', () => {
  it('USER_PASSWORD_AUTH, confirmDevice, REFRESH_TOKEN_AUTH with DEVICE_KEY, GetTokensFromRefreshToken', async () => {
    const signIn = await client.initiateAuth({
      flow: 'USER_PASSWORD_AUTH',
      clientId: PUBLIC_CLIENT.id,
      username: 'bob',
      password: user('bob').password,
    });
    if (signIn.kind !== 'tokens') throw new Error(`expected tokens, got ${signIn.challengeName}`);
    expect(signIn.tokens.tokenType).toBe('Bearer');
    expect(signIn.tokens.expiresIn).toBeGreaterThan(0);
    const { accessToken, refreshToken } = signIn.tokens;
    expect(refreshToken).toBeTruthy();

    // The demo pool tracks devices: a sign-in without DEVICE_KEY is issued a new one.
    expect(signIn.newDevice).toEqual({
      deviceKey: expect.stringMatching(/^us-east-1_[0-9a-f-]+$/),
      deviceGroupKey: expect.stringMatching(/^\S+$/),
    });
    const deviceKey = signIn.newDevice?.deviceKey as string;
    const confirmed = await client.confirmDevice({
      accessToken,
      deviceKey,
      deviceName: 'Integration test runner',
      verifier: { passwordVerifier: 'dmVyaWZpZXI=', salt: 'c2FsdA==' },
    });
    expect(typeof confirmed.userConfirmationNecessary).toBe('boolean');
    expect((await sandbox.devicesOf('bob')).some((d) => d.key === deviceKey)).toBe(true);

    const refreshed = await client.initiateAuth({
      flow: 'REFRESH_TOKEN_AUTH',
      clientId: PUBLIC_CLIENT.id,
      refreshToken: refreshToken as string,
      deviceKey,
    });
    expect(refreshed.kind).toBe('tokens');
    if (refreshed.kind !== 'tokens') throw new Error(`expected tokens, got ${refreshed.challengeName}`);
    expect((await client.getUser({ accessToken: refreshed.tokens.accessToken })).username).toBe('bob');

    const viaNewApi = await client.getTokensFromRefreshToken({
      clientId: PUBLIC_CLIENT.id,
      refreshToken: refreshToken as string,
      deviceKey,
    });
    expect(viaNewApi.kind).toBe('tokens');
  });

  /** alice, signed in (USER_PASSWORD_AUTH) with the client that has a secret. */
  async function signInWithSecret() {
    const signIn = await client.initiateAuth({
      flow: 'USER_PASSWORD_AUTH',
      clientId: SECRET_CLIENT.id,
      clientSecret: SECRET_CLIENT.secret,
      username: 'alice',
      password: user('alice').password,
    });
    if (signIn.kind !== 'tokens') throw new Error('expected tokens');
    return signIn;
  }

  it('computes SECRET_HASH for a client with a secret (sign-in and refresh)', async () => {
    const signIn = await signInWithSecret();
    const refreshed = await client.initiateAuth({
      flow: 'REFRESH_TOKEN_AUTH',
      clientId: SECRET_CLIENT.id,
      clientSecret: SECRET_CLIENT.secret,
      username: 'alice',
      refreshToken: signIn.tokens.refreshToken as string,
      deviceKey: signIn.newDevice?.deviceKey,
    });
    expect(refreshed.kind).toBe('tokens');
    const viaNewApi = await client.getTokensFromRefreshToken({
      clientId: SECRET_CLIENT.id,
      clientSecret: SECRET_CLIENT.secret,
      refreshToken: signIn.tokens.refreshToken as string,
      deviceKey: signIn.newDevice?.deviceKey,
    });
    expect(viaNewApi.kind).toBe('tokens');
  });

  it('revokeToken (with the client secret) ends the refresh token and the access tokens of that sign-in', async () => {
    const signIn = await signInWithSecret();
    const refreshToken = signIn.tokens.refreshToken as string;
    await expect(client.revokeToken({ token: refreshToken, clientId: SECRET_CLIENT.id })).rejects.toMatchObject({
      code: 'ERR_COGNITO_UNAUTHORIZED_CLIENT',
    });
    await client.revokeToken({ token: refreshToken, clientId: SECRET_CLIENT.id, clientSecret: SECRET_CLIENT.secret });
    await expect(client.getUser({ accessToken: signIn.tokens.accessToken })).rejects.toMatchObject({
      code: 'ERR_COGNITO_TOKEN_REVOKED',
    });
    await expect(
      client.initiateAuth({
        flow: 'REFRESH_TOKEN_AUTH',
        clientId: SECRET_CLIENT.id,
        clientSecret: SECRET_CLIENT.secret,
        username: 'alice',
        refreshToken,
        deviceKey: signIn.newDevice?.deviceKey,
      }),
    ).rejects.toMatchObject({ code: 'ERR_COGNITO_REFRESH_TOKEN_INVALID' });
  });

  it('revokeToken refuses a malformed token before any request', async () => {
    await expect(client.revokeToken({ token: 'not a token', clientId: PUBLIC_CLIENT.id })).rejects.toMatchObject({
      code: 'ERR_INVALID_REFRESH_TOKEN',
    });
  });
});

describe('admin operations (SigV4)', () => {
  it('adminListDevices sees every device, remembered or not, across pages', async () => {
    const page = await client.adminListDevices({ userPoolId: POOL_ID, username: 'alice', limit: 5 });
    expect(page.devices).toHaveLength(5);
    const keys: string[] = [];
    for await (const d of client.adminListAllDevices({ userPoolId: POOL_ID, username: 'alice', limit: 5 })) {
      keys.push(d.key);
    }
    expect(keys.sort()).toEqual(alice.devices.map((d) => d.key).sort());
  });

  it('adminGetDevice reads a not-remembered device', async () => {
    const key = notRemembered[0]?.key as string;
    const device = await client.adminGetDevice({ userPoolId: POOL_ID, username: 'alice', deviceKey: key });
    expect(device.key).toBe(key);
    expect(device.remembered).toBe(false);
  });

  it('adminUpdateDeviceStatus and adminForgetDevice change the pool', async () => {
    const key = remembered[0]?.key as string;
    await client.adminUpdateDeviceStatus({ userPoolId: POOL_ID, username: 'alice', deviceKey: key, remembered: false });
    expect((await sandbox.devicesOf('alice')).find((d) => d.key === key)?.remembered).toBe(false);
    await expect(client.adminForgetDevice({ userPoolId: POOL_ID, username: 'alice', deviceKey: key })).resolves.toEqual(
      { alreadyForgotten: false },
    );
    expect((await sandbox.devicesOf('alice')).some((d) => d.key === key)).toBe(false);
  });

  it('listUsers with a prefix filter, and listAllUsers over pages', async () => {
    const filtered = await client.listUsers({ userPoolId: POOL_ID, filter: { attribute: 'username', prefix: 'al' } });
    expect(filtered.users.map((u) => u.username)).toEqual(['alice']);
    expect(filtered.users[0]?.email).toBe('alice@example.com');
    const names: string[] = [];
    for await (const u of client.listAllUsers({ userPoolId: POOL_ID, limit: 2 })) names.push(u.username);
    expect(names.sort()).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
  });

  it('describeUserPool returns the device configuration', async () => {
    const described = await client.describeUserPool({ userPoolId: POOL_ID });
    expect(described.id).toBe(POOL_ID);
    expect(described.deviceConfiguration).toEqual({
      challengeRequiredOnNewDevice: false,
      deviceOnlyRememberedOnUserPrompt: true,
    });
  });
});
