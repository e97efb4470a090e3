import { describe, expect, it } from 'vitest';
import { assertNoSecrets, HIDDEN_DEVICE_NAME, secretShapeOf } from '../../../utils/history/secrets';
import { deviceDraft, openTestHistory } from './fixtures';

const b64url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const JWT = `${b64url('{"kid":"k1","alg":"RS256"}')}.${b64url('{"sub":"abc","token_use":"access"}')}.c2lnbmF0dXJlLWJ5dGVz`;
const JWE_REFRESH = `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.${'A'.repeat(342)}.aXYtYnl0ZXMtaGVyZQ.${'B'.repeat(80)}.dGFnLWJ5dGVz`;
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('secretShapeOf', () => {
  it.each([
    ['a JWT', JWT, 'jwt'],
    ['a JWT inside text', `Value '${JWT}' at 'accessToken'`, 'jwt'],
    ['a Cognito refresh token (JWE)', JWE_REFRESH, 'jwt'],
    ['an AWS secret access key', AWS_SECRET, 'aws-secret'],
    ['an AWS secret inside text', `secret=${AWS_SECRET};`, 'aws-secret'],
  ])('recognises %s', (_name, text, shape) => {
    expect(secretShapeOf(text)).toBe(shape);
  });

  it.each([
    ['a device key', 'us-east-1_0a1b2c3d-1111-4111-8111-111111111111'],
    ['a dotted device name', 'Pixel.8.Pro build.2024.x'],
    ['a request id', '3c9f0c6e-5d3a-4a8b-9c1e-2f4d6b8a0e1c'],
    ['an access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['a 41-character run', `${AWS_SECRET}X`],
    ['a hostile device name', '<img src=x onerror=alert(1)>'],
  ])('leaves %s alone', (_name, text) => {
    expect(secretShapeOf(text)).toBeUndefined();
  });

  it('names the field, not the value', () => {
    try {
      assertNoSecrets({ target: { deviceName: JWT } });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'ERR_INTERNAL', details: { field: 'entry.target.deviceName' } });
      expect(String((error as Error).message)).not.toContain(JWT);
    }
  });
});

describe('the store refuses secrets', () => {
  it.each([
    ['username', { actor: { pool: 'us-east-1_Demo1', username: AWS_SECRET } }],
    ['client id', { actor: { pool: 'us-east-1_Demo1', clientId: JWE_REFRESH } }],
  ])('begin: in the %s', async (_name, overrides) => {
    const { store } = await openTestHistory();
    await expect(store.begin(deviceDraft(overrides))).rejects.toMatchObject({ code: 'ERR_INTERNAL' });
    expect(await store.count()).toBe(0);
  });

  it.each([
    ['error message', { outcome: 'failed', error: { code: 'ERR_INTERNAL', message: `bad ${JWT}` } }],
    ['request id', { outcome: 'ok', requestId: AWS_SECRET }],
  ] as const)('complete: in the %s', async (_name, completion) => {
    const { store } = await openTestHistory();
    const id = await store.begin(deviceDraft());
    await expect(store.complete(id, completion)).rejects.toMatchObject({ code: 'ERR_INTERNAL' });
    expect((await store.query({ limit: 1 })).entries[0]?.outcome).toBe('pending');
  });
});

describe('a device name shaped like a secret', () => {
  // Whoever registers a device names it: such a name must be masked, never a reason to refuse
  // the action (a device could otherwise never be forgotten from the dashboard).
  it.each([
    ['a JWT', JWT],
    ['a 40-character run', 'ThisIsMyVeryLongDeviceNameForTheOfficePC'],
  ])('is stored masked when it is %s, and the action is recorded', async (_name, deviceName) => {
    const { store } = await openTestHistory();
    const id = await store.begin(deviceDraft({ target: { deviceKey: 'us-east-1_k', deviceName } }));
    await store.complete(id, { outcome: 'ok' });
    const [entry] = (await store.query({ limit: 1 })).entries;
    expect(entry).toMatchObject({
      outcome: 'ok',
      target: { deviceKey: 'us-east-1_k', deviceName: HIDDEN_DEVICE_NAME },
    });
    expect(JSON.stringify(await store.list({}, 10))).not.toContain(deviceName);
  });

  it('is masked in the device memory too', async () => {
    const { store } = await openTestHistory();
    const account = { pool: 'us-east-1_Demo1', username: 'alice' };
    await store.noteListedDevices(account, [{ deviceKey: 'k', deviceName: JWT }]);
    expect((await store.knownDevices(account))[0]?.deviceName).toBe(HIDDEN_DEVICE_NAME);
  });
});
