/**
 * A stale device key: the web app a session was imported from holds a device
 * key that Cognito no longer knows (forgotten elsewhere: "Device does not
 * exist."). That is the app's state, not a failure of this extension: the app
 * (Amplify, identity-js) meets "Device does not exist." at its next sign-in,
 * retries without the key and registers a new device. Pure; GetDevice injected.
 */
import { toAppError } from '../errors';

/** What the history remembers of the session's device, if anything. */
export interface KnownStatus {
  readonly deviceKey: string;
  readonly lastStatus?: 'remembered' | 'not_remembered' | 'forgotten';
}

/**
 * True when the session's device key is stale: the history saw it forgotten, or — when it is not in
 * the (remembered-only) listing and the history does not know it as not remembered — GetDevice says
 * ResourceNotFoundException. Any other answer (throttled, offline) is no verdict: false.
 */
export async function isStaleDeviceKey(input: {
  deviceKey: string | undefined;
  listedKeys: readonly string[];
  known: readonly KnownStatus[];
  getDevice: (deviceKey: string) => Promise<unknown>;
}): Promise<boolean> {
  const { deviceKey } = input;
  if (!deviceKey || input.listedKeys.includes(deviceKey)) return false;
  const memory = input.known.find((k) => k.deviceKey === deviceKey);
  if (memory?.lastStatus === 'forgotten') return true;
  // A user token cannot see a device that is not remembered (GetDevice: the same ResourceNotFound).
  if (memory?.lastStatus === 'not_remembered') return false;
  try {
    await input.getDevice(deviceKey);
    return false;
  } catch (error) {
    return toAppError(error).code === 'ERR_COGNITO_RESOURCE_NOT_FOUND';
  }
}
