/**
 * The self-service operations, authorised by the access token in the body
 * (never SigV4): ListDevices, GetDevice, UpdateDeviceStatus, ForgetDevice,
 * ConfirmDevice, GetUser, GlobalSignOut. With a user token only remembered
 * devices are listed or fetched, as real Cognito does; updates and forgets
 * reach every device of the user.
 */
import { verifyAccessToken } from '../tokens';
import { errors, validationError } from '../wire';
import {
  applyRememberedStatus,
  deviceNotFound,
  deviceView,
  forgetDevice,
  listDevices,
  type OperationContext,
  type OperationHandler,
  type OperationInput,
  requireDevice,
  userAttributes,
} from './context';

/**
 * DeviceSecretVerifierConfig as the clients send it: base64 of the padded-hex
 * bytes of the verifier and of the salt (Amplify getNewDeviceMetadata,
 * identity-js CognitoUser.authenticateUserInternal).
 */
function parseVerifierConfig(value: unknown): { saltHex: string; verifier: bigint } | undefined {
  if (value === undefined || value === null) return undefined;
  const c = value as { PasswordVerifier?: unknown; Salt?: unknown };
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64') : Buffer.alloc(0));
  const verifier = bytes(c.PasswordVerifier);
  const salt = bytes(c.Salt);
  if (verifier.length === 0 || salt.length === 0) {
    throw errors.invalidParameter('DeviceSecretVerifierConfig needs a base64 PasswordVerifier and Salt.');
  }
  return { saltHex: salt.toString('hex'), verifier: BigInt(`0x${verifier.toString('hex')}`) };
}

/** GetDevice and ForgetDevice declare AccessToken optional; without it there is nobody to act for. */
function accessTokenOf(input: OperationInput): string {
  if (typeof input.AccessToken !== 'string') {
    throw validationError(["Value null at 'accessToken' failed to satisfy constraint: Member must not be null"]);
  }
  return input.AccessToken;
}

const authorise = (input: OperationInput, ctx: OperationContext) =>
  verifyAccessToken(accessTokenOf(input), ctx.keyring, ctx.state, ctx.issuerBase, ctx.now());

export const userOperations: Record<string, OperationHandler> = {
  async ListDevices(input, ctx) {
    const { pool, user } = await authorise(input, ctx);
    return listDevices(ctx, pool, user, input, (d) => d.remembered, 'user-devices', pool.leanUserDeviceAttributes);
  },

  async GetDevice(input, ctx) {
    const { pool, user } = await authorise(input, ctx);
    const device = requireDevice(user, input.DeviceKey as string);
    if (!device.remembered) throw deviceNotFound();
    return { Device: deviceView(device, pool.leanUserDeviceAttributes) };
  },

  async UpdateDeviceStatus(input, ctx) {
    const { user } = await authorise(input, ctx);
    applyRememberedStatus(ctx, requireDevice(user, input.DeviceKey as string), input.DeviceRememberedStatus);
    return {};
  },

  async ForgetDevice(input, ctx) {
    const { user } = await authorise(input, ctx);
    requireDevice(user, input.DeviceKey as string);
    forgetDevice(ctx, user, input.DeviceKey as string);
    return {};
  },

  async ConfirmDevice(input, ctx) {
    const { pool, user, claims } = await authorise(input, ctx);
    const key = input.DeviceKey as string;
    const existing = user.devices.get(key);
    // Only a key this user was issued (NewDeviceMetadata) or already owns can be confirmed.
    const issued =
      claims.device_key === key ||
      (ctx.state.issuedDevices.get(key)?.username === user.username &&
        ctx.state.issuedDevices.get(key)?.poolId === pool.id) ||
      [...ctx.state.sessions.values()].some(
        (s) => s.poolId === pool.id && s.username === user.username && s.deviceKey === key && !s.deviceForgotten,
      );
    if (!existing && !issued) throw deviceNotFound();
    const secretVerifier = parseVerifierConfig(input.DeviceSecretVerifierConfig);
    const groupKey = ctx.state.issuedDevices.get(key)?.groupKey ?? existing?.groupKey;
    const onPrompt = pool.deviceConfiguration?.DeviceOnlyRememberedOnUserPrompt === true;
    const now = ctx.now();
    // Without DeviceName the device has no device_name attribute (the ListDevices reference).
    const name = typeof input.DeviceName === 'string' ? input.DeviceName : (existing?.name ?? '');
    if (existing) {
      existing.name = name;
      existing.lastModifiedAt = now;
      if (secretVerifier) existing.secretVerifier = secretVerifier;
      existing.groupKey = groupKey;
    } else {
      user.devices.set(key, {
        key,
        name,
        remembered: !onPrompt,
        lastIp: ctx.remoteIp,
        createdAt: now,
        lastModifiedAt: now,
        lastAuthenticatedAt: now,
        groupKey,
        secretVerifier,
      });
    }
    return { UserConfirmationNecessary: onPrompt };
  },

  async GetUser(input, ctx) {
    const { user } = await authorise(input, ctx);
    return { Username: user.username, UserAttributes: userAttributes(user) };
  },

  async GlobalSignOut(input, ctx) {
    const { pool, user } = await authorise(input, ctx);
    for (const s of ctx.state.sessions.values()) {
      if (s.poolId === pool.id && s.username === user.username) s.revoked = true;
    }
    // Tokens whose sign-in the sandbox no longer knows (minted before a reset) are caught by time.
    user.signedOutAt = Math.floor(ctx.now());
    return {};
  },
};
