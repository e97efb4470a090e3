/**
 * The real aws-amplify v6 (exact pin) against the sandbox, unchanged, with the
 * browser globals it expects: SRP sign-in; the new device confirmed by
 * Amplify itself and remembered (`rememberDevice`); `fetchDevices` sees it;
 * after sign-out the next sign-in takes the device SRP path; Amplify's own
 * refresh (GetTokensFromRefreshToken with DeviceKey) with rotation off and
 * on; a device forgotten behind its back → "Device does not exist." and
 * Amplify recovers; `forgetDevice`. Every step is also checked from the
 * sandbox's state and request log.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_USER_AGENT, resetBrowserStorage, storedItems } from './browser-globals';
import {
  errorOf,
  expectRecoveryFromForgottenDevice,
  flowOf,
  PLAIN_CLIENT,
  POOL_ID,
  passwordOf,
  type RealClientSandbox,
  ROTATING_CLIENT,
  startRealClientSandbox,
} from './sandbox';

// Loaded after browser-globals has set the scene, as a page loads it after the browser exists.
const { Amplify } = await import('aws-amplify');
const { fetchAuthSession, fetchDevices, forgetDevice, rememberDevice, signIn, signOut } = await import(
  'aws-amplify/auth'
);

const SCENARIOS = [
  { rotation: 'off', clientId: PLAIN_CLIENT, username: 'amplify-plain' },
  { rotation: 'on', clientId: ROTATING_CLIENT, username: 'amplify-rotating' },
] as const;

let sandbox: RealClientSandbox;
beforeAll(async () => {
  sandbox = await startRealClientSandbox(SCENARIOS.map((s) => s.username));
});
afterAll(() => sandbox?.close());

describe.each(SCENARIOS)('Amplify v6, refresh-token rotation $rotation', ({ rotation, clientId, username }) => {
  const key = (name: string) => `CognitoIdentityServiceProvider.${clientId}.${username}.${name}`;
  const stored = (name: string) => storedItems(key(name))[key(name)];
  const password = passwordOf(username);
  let deviceKey = '';

  beforeAll(() => {
    resetBrowserStorage();
    Amplify.configure({
      Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: clientId, userPoolEndpoint: sandbox.endpoint } },
    });
  });

  it('signs in with SRP and confirms the new device itself (named by its userAgent)', async () => {
    await sandbox.clearRequests();
    const result = await signIn({ username, password });
    expect(result.isSignedIn).toBe(true);
    deviceKey = stored('deviceKey') ?? '';
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    expect(flowOf(await sandbox.requests())).toEqual(['USER_SRP_AUTH', 'PASSWORD_VERIFIER', 'ConfirmDevice']);
    const devices = await sandbox.devicesOf(username);
    expect(devices).toMatchObject([
      { key: deviceKey, name: BROWSER_USER_AGENT, remembered: false, confirmedWithVerifier: true },
    ]);
  });

  it('rememberDevice marks it remembered; fetchDevices lists it', async () => {
    await rememberDevice();
    expect(await sandbox.devicesOf(username)).toMatchObject([{ key: deviceKey, remembered: true }]);
    const listed = await fetchDevices();
    expect(listed.map((d) => d.id)).toEqual([deviceKey]);
    expect(listed[0]?.name).toBe(BROWSER_USER_AGENT);
  });

  it('after signOut, the next sign-in takes the device SRP path', async () => {
    await signOut();
    await sandbox.clearRequests();
    const before = Date.now() / 1000;
    expect((await signIn({ username, password })).isSignedIn).toBe(true);
    const log = await sandbox.requests();
    expect(flowOf(log)).toEqual(['USER_SRP_AUTH', 'PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
    // The sandbox recorded the device's sign-in, and still holds just that one device.
    const [device, ...others] = await sandbox.devicesOf(username);
    expect(others).toEqual([]);
    expect(device).toMatchObject({ key: deviceKey, remembered: true });
    expect(device?.lastAuthenticatedAt as number).toBeGreaterThanOrEqual(before);
    expect(log[1]).toMatchObject({ deviceKey, answeredChallenge: 'DEVICE_SRP_AUTH' });
    expect(log.some((e) => e.newDevice)).toBe(false);
    expect(stored('deviceKey')).toBe(deviceKey);
  });

  it(`refreshes with GetTokensFromRefreshToken and its DeviceKey (rotation ${rotation})`, async () => {
    const before = stored('refreshToken') ?? '';
    const oldAccess = stored('accessToken');
    await sandbox.clearRequests();
    const session = await fetchAuthSession({ forceRefresh: true });
    expect(session.tokens?.accessToken.toString()).not.toBe(oldAccess);
    const log = await sandbox.requests();
    expect(flowOf(log)).toEqual(['GetTokensFromRefreshToken']);
    expect(log[0]?.deviceKey).toBe(deviceKey);
    const after = stored('refreshToken') ?? '';
    if (rotation === 'on') {
      expect(log[0]?.rotatedRefreshToken).toBe(true);
      expect(after).not.toBe(before);
      // Grace period 0: the rotated-out token is refused at once; REFRESH_TOKEN_AUTH is refused for the client.
      expect((await errorOf(sandbox.refreshWithSdk(clientId, before, deviceKey))).name).toBe(
        'RefreshTokenReuseException',
      );
      expect((await errorOf(sandbox.refreshTokenAuth(clientId, after, deviceKey))).name).toBe(
        'InvalidParameterException',
      );
    } else {
      expect(log[0]?.rotatedRefreshToken).toBeUndefined();
      expect(after).toBe(before);
      await expect(sandbox.refreshTokenAuth(clientId, after, deviceKey)).resolves.toBeTruthy();
    }
    // The refreshed session still works against the sandbox.
    expect((await fetchDevices()).map((d) => d.id)).toEqual([deviceKey]);
  });

  it('a device forgotten behind its back: the next sign-in meets "Device does not exist." and Amplify recovers', async () => {
    await sandbox.adminForget(username, deviceKey);
    await signOut();
    await sandbox.clearRequests();
    expect((await signIn({ username, password })).isSignedIn).toBe(true);
    deviceKey = await expectRecoveryFromForgottenDevice(sandbox, username, deviceKey, stored('deviceKey'));
  });

  it('forgetDevice forgets the current device on the server and in the browser', async () => {
    await forgetDevice();
    expect(await sandbox.devicesOf(username)).toEqual([]);
    expect(stored('deviceKey')).toBeUndefined();
    await signOut();
    await sandbox.clearRequests();
    expect((await signIn({ username, password })).isSignedIn).toBe(true);
    expect(flowOf(await sandbox.requests())).toEqual(['USER_SRP_AUTH', 'PASSWORD_VERIFIER', 'ConfirmDevice']);
    await signOut();
  });
});
