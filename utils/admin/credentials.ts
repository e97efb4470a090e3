/**
 * Admin credentials: the shape check made before any call, the masked form a
 * page may show, and the plain-words meaning of a pool's device settings.
 * Credentials live only in `storage.session` (utils/storage.ts
 * `adminConnectionItem`): never persisted, logged, exported or sent back to a page.
 */
import { regionOfPoolId } from '../cognito';
import { AppError } from '../errors';
import type { AdminCredentials } from '../storage';

export type { AdminConnection, AdminCredentials } from '../storage';

const bad = (field: string) => new AppError('ERR_INVALID_CREDENTIALS', undefined, { details: { field } });

/**
 * Check and trim credentials as typed: access key id 16–128 word characters
 * (IAM AccessKey), a secret without spaces, a session token only if given.
 */
export function checkAdminCredentials(input: {
  accessKeyId?: unknown;
  secretAccessKey?: unknown;
  sessionToken?: unknown;
}): AdminCredentials {
  const accessKeyId = typeof input.accessKeyId === 'string' ? input.accessKeyId.trim() : '';
  const secretAccessKey = typeof input.secretAccessKey === 'string' ? input.secretAccessKey.trim() : '';
  const sessionToken = typeof input.sessionToken === 'string' ? input.sessionToken.trim() : '';
  if (!/^\w{16,128}$/.test(accessKeyId)) throw bad('accessKeyId');
  if (!/^\S{1,1024}$/.test(secretAccessKey)) throw bad('secretAccessKey');
  if (input.sessionToken !== undefined && typeof input.sessionToken !== 'string') throw bad('sessionToken');
  if (sessionToken !== '' && !/^\S+$/.test(sessionToken)) throw bad('sessionToken');
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

/** Check a user pool id (`us-east-1_AbC123`; model: UserPoolIdType — `regionOfPoolId` gives none otherwise). */
export function checkPoolId(value: unknown): string {
  const poolId = typeof value === 'string' ? value.trim() : '';
  if (!regionOfPoolId(poolId)) {
    throw new AppError('ERR_INVALID_USER_POOL_ID', undefined, { details: { field: 'poolId' } });
  }
  return poolId;
}

/** The access key id as a page may show it: first 4 and last 4 characters. */
export function maskAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? '••••' : `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/** A pool's device configuration in plain words, for the Admin page. */
export function explainDeviceConfiguration(
  config: { challengeRequiredOnNewDevice: boolean; deviceOnlyRememberedOnUserPrompt: boolean } | undefined,
): { setting: string; value: string; meaning: string }[] {
  if (!config) {
    return [
      {
        setting: 'Device tracking',
        value: 'Off',
        meaning:
          'The pool does not remember devices: users have no device list, and the device operations answer that the pool is not configured for them.',
      },
    ];
  }
  return [
    {
      setting: 'ChallengeRequiredOnNewDevice',
      value: config.challengeRequiredOnNewDevice ? 'On' : 'Off',
      meaning: config.challengeRequiredOnNewDevice
        ? 'Signing in from a device the pool does not remember needs the second factor (MFA); a remembered device may skip it.'
        : 'A new device is not challenged for that reason alone; MFA follows the pool’s MFA setting whatever the device.',
    },
    {
      setting: 'DeviceOnlyRememberedOnUserPrompt',
      value: config.deviceOnlyRememberedOnUserPrompt ? 'On' : 'Off',
      meaning: config.deviceOnlyRememberedOnUserPrompt
        ? 'A new device is tracked but not remembered until the app asks the user and calls UpdateDeviceStatus. Until then it does not appear in the user’s own device list (ListDevices), but admins see it.'
        : 'Every confirmed device is remembered automatically: it appears in the user’s device list right away.',
    },
  ];
}
