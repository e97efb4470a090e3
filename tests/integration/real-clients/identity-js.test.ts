/**
 * The real amazon-cognito-identity-js (exact pin) against the sandbox through
 * its `endpoint` option, unchanged, with the browser globals it expects: SRP
 * sign-in with its own ConfirmDevice; `setDeviceStatusRemembered`;
 * `listDevices` sees the device; a new sign-in takes the device SRP path;
 * its own refresh (`refreshSession`: REFRESH_TOKEN_AUTH with DEVICE_KEY),
 * which a rotating client refuses; a device forgotten behind its back →
 * "Device does not exist." and the client recovers; `forgetDevice`. Every
 * step is also checked from the sandbox's state and request log.
 */

import type { CognitoUser, CognitoUserSession, IAuthenticationCallback } from 'amazon-cognito-identity-js';
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
const { AuthenticationDetails, CognitoUser: User, CognitoUserPool } = await import('amazon-cognito-identity-js');

const USERNAME = 'identity-js-user';
const ROTATING_USER = 'identity-js-rotating';
let sandbox: RealClientSandbox;
beforeAll(async () => {
  resetBrowserStorage();
  sandbox = await startRealClientSandbox([USERNAME, ROTATING_USER]);
});
afterAll(() => sandbox?.close());

const poolOf = (clientId: string) =>
  new CognitoUserPool({ UserPoolId: POOL_ID, ClientId: clientId, endpoint: `${sandbox.endpoint}/` });

/** `authenticateUser` as a promise: the session and UserConfirmationNecessary of the device confirmation. */
function authenticate(clientId: string, username: string) {
  const user = new User({ Username: username, Pool: poolOf(clientId) });
  return new Promise<{ user: CognitoUser; session: CognitoUserSession; confirmationNecessary?: boolean }>(
    (resolve, reject) => {
      const callbacks: IAuthenticationCallback = {
        onSuccess: (session, confirmationNecessary) => resolve({ user, session, confirmationNecessary }),
        onFailure: reject,
      };
      user.authenticateUser(
        new AuthenticationDetails({ Username: username, Password: passwordOf(username) }),
        callbacks,
      );
    },
  );
}

const callback = <T>(run: (cb: { onSuccess: (r: T) => void; onFailure: (e: Error) => void }) => void) =>
  new Promise<T>((resolve, reject) => run({ onSuccess: resolve, onFailure: reject }));

describe('amazon-cognito-identity-js', () => {
  const key = (name: string) => `CognitoIdentityServiceProvider.${PLAIN_CLIENT}.${USERNAME}.${name}`;
  const stored = (name: string) => storedItems(key(name))[key(name)];
  let deviceKey = '';
  let current: CognitoUser;

  it('signs in with SRP and confirms the new device; UserConfirmationNecessary follows the pool', async () => {
    await sandbox.clearRequests();
    const { user, confirmationNecessary } = await authenticate(PLAIN_CLIENT, USERNAME);
    current = user;
    expect(confirmationNecessary).toBe(true);
    deviceKey = stored('deviceKey') ?? '';
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    expect(flowOf(await sandbox.requests())).toEqual(['USER_SRP_AUTH', 'PASSWORD_VERIFIER', 'ConfirmDevice']);
    expect(await sandbox.devicesOf(USERNAME)).toMatchObject([
      { key: deviceKey, name: BROWSER_USER_AGENT, remembered: false, confirmedWithVerifier: true },
    ]);
  });

  it('setDeviceStatusRemembered remembers it; listDevices sees it', async () => {
    await callback<string>((cb) => current.setDeviceStatusRemembered(cb));
    expect(await sandbox.devicesOf(USERNAME)).toMatchObject([{ key: deviceKey, remembered: true }]);
    const listed = await callback<{ Devices: { DeviceKey: string }[] }>((cb) => current.listDevices(60, null, cb));
    expect(listed.Devices.map((d) => d.DeviceKey)).toEqual([deviceKey]);
  });

  it('after signOut, a new sign-in takes the device SRP path', async () => {
    await new Promise<void>((resolve) => current.signOut(() => resolve()));
    await sandbox.clearRequests();
    current = (await authenticate(PLAIN_CLIENT, USERNAME)).user;
    const log = await sandbox.requests();
    expect(flowOf(log)).toEqual(['USER_SRP_AUTH', 'PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
    // A new CognitoUser reads its cached device key after InitiateAuth, so the key rides on the challenge answer.
    expect(log[1]).toMatchObject({ deviceKey, answeredChallenge: 'DEVICE_SRP_AUTH' });
  });

  it('refreshSession refreshes with REFRESH_TOKEN_AUTH and the DEVICE_KEY', async () => {
    const session = current.getSignInUserSession() as CognitoUserSession;
    await sandbox.clearRequests();
    const next = await new Promise<CognitoUserSession>((resolve, reject) =>
      current.refreshSession(session.getRefreshToken(), (err: Error | null, s: CognitoUserSession) =>
        err ? reject(err) : resolve(s),
      ),
    );
    expect(next.getAccessToken().getJwtToken()).not.toBe(session.getAccessToken().getJwtToken());
    const log = await sandbox.requests();
    expect(flowOf(log)).toEqual(['REFRESH_TOKEN_AUTH']);
    expect(log[0]?.deviceKey).toBe(deviceKey);
  });

  it('a device forgotten behind its back: "Device does not exist." and the client signs in without it', async () => {
    await sandbox.adminForget(USERNAME, deviceKey);
    await new Promise<void>((resolve) => current.signOut(() => resolve()));
    await sandbox.clearRequests();
    current = (await authenticate(PLAIN_CLIENT, USERNAME)).user;
    deviceKey = await expectRecoveryFromForgottenDevice(sandbox, USERNAME, deviceKey, stored('deviceKey'));
  });

  it('forgetDevice forgets the current device', async () => {
    await callback<string>((cb) => current.forgetDevice(cb));
    expect(await sandbox.devicesOf(USERNAME)).toEqual([]);
    expect(stored('deviceKey')).toBeUndefined();
  });

  it('on a client with refresh-token rotation, its REFRESH_TOKEN_AUTH refresh is refused (rotation needs GetTokensFromRefreshToken)', async () => {
    const { user, session } = await authenticate(ROTATING_CLIENT, ROTATING_USER);
    const err = await errorOf(
      new Promise((resolve, reject) =>
        user.refreshSession(session.getRefreshToken(), (e: Error | null, s: unknown) => (e ? reject(e) : resolve(s))),
      ),
    );
    expect((err as Error & { code?: string }).code).toBe('InvalidParameterException');
    expect(err.message).toBe('REFRESH_TOKEN_AUTH flow not enabled for this client');
  });
});
