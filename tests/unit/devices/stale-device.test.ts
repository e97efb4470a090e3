import { describe, expect, it } from 'vitest';
import { isStaleDeviceKey } from '../../../utils/devices/stale-device';
import { AppError } from '../../../utils/errors';

const KEY = 'us-east-1_0a1b2c3d-0000-4000-8000-00000000abcd';
const notFound = async () => {
  throw new AppError('ERR_COGNITO_RESOURCE_NOT_FOUND', 'GetDevice: Device does not exist.');
};
const throttled = async () => {
  throw new AppError('ERR_COGNITO_TOO_MANY_REQUESTS');
};
const found = async () => ({ DeviceKey: KEY });

describe('isStaleDeviceKey', () => {
  it.each<[string, Parameters<typeof isStaleDeviceKey>[0], boolean]>([
    ['no device key', { deviceKey: undefined, listedKeys: [], known: [], getDevice: notFound }, false],
    ['listed: not stale, no call', { deviceKey: KEY, listedKeys: [KEY], known: [], getDevice: notFound }, false],
    [
      'the history saw it forgotten',
      { deviceKey: KEY, listedKeys: [], known: [{ deviceKey: KEY, lastStatus: 'forgotten' }], getDevice: found },
      true,
    ],
    [
      'known as not remembered: a user token cannot see it, not stale',
      {
        deviceKey: KEY,
        listedKeys: [],
        known: [{ deviceKey: KEY, lastStatus: 'not_remembered' }],
        getDevice: notFound,
      },
      false,
    ],
    ['unknown and "Device does not exist."', { deviceKey: KEY, listedKeys: [], known: [], getDevice: notFound }, true],
    ['unknown and GetDevice finds it', { deviceKey: KEY, listedKeys: [], known: [], getDevice: found }, false],
    ['throttled: no verdict', { deviceKey: KEY, listedKeys: [], known: [], getDevice: throttled }, false],
  ])('%s', async (_name, input, stale) => {
    expect(await isStaleDeviceKey(input)).toBe(stale);
  });
});
