import { describe, expect, it } from 'vitest';
import {
  HIDDEN_DEVICE_NAME,
  HIDDEN_VALUE_PREFIX,
  MAX_SECRET_SCAN,
  maskFlatRecord,
  maskSecretShapes,
  secretShapeOf,
} from '../../../utils/history/secrets';
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
    ['an AWS secret after one dot', `key.${AWS_SECRET}`, 'aws-secret'],
    ['an AWS secret among dotted words', `a.b.${AWS_SECRET}`, 'aws-secret'],
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
    ['a JOSE header with one segment after it', `${JWT.split('.')[0]}.${JWT.split('.')[1]}`],
    ['a 39-character run', AWS_SECRET.slice(1)],
  ])('leaves %s alone', (_name, text) => {
    expect(secretShapeOf(text)).toBeUndefined();
  });

  it('masks the value, never echoes it, and keeps two values apart', () => {
    const masked = maskSecretShapes({ actor: { username: AWS_SECRET, pool: 'us-east-1_Demo1' }, list: [JWT, 'ok'] });
    expect(masked.actor.pool).toBe('us-east-1_Demo1');
    expect(masked.list[1]).toBe('ok');
    expect(masked.actor.username.startsWith(HIDDEN_VALUE_PREFIX)).toBe(true);
    expect(JSON.stringify(masked)).not.toContain(AWS_SECRET);
    expect(JSON.stringify(masked)).not.toContain(JWT);
    expect(masked.list[0]).not.toBe(masked.actor.username);
    expect(maskSecretShapes(AWS_SECRET)).toBe(masked.actor.username);
  });
});

describe('maskFlatRecord', () => {
  it('masks a flat record as maskSecretShapes does, in place', () => {
    const record = { username: AWS_SECRET, deviceKey: 'us-east-1_k', deviceName: JWT, lastSeen: 5, ok: true };
    const expected = maskSecretShapes({ ...record });
    const masked = maskFlatRecord(record);
    expect(masked).toBe(record);
    expect(masked).toEqual(expected);
    expect(masked.deviceKey).toBe('us-east-1_k');
    expect(JSON.stringify(masked)).not.toContain(AWS_SECRET);
    expect(JSON.stringify(masked)).not.toContain(JWT);
  });
});

describe('secretShapeOf is linear and bounded (break 3 of #13)', () => {
  // Adversarial inputs for the old unanchored pattern: long runs of its characters, with and without dots.
  // The old pattern took ~1 s at 16k characters and grew with the square; 1 MiB took hours. The time
  // itself is measured by `npm run bench -- secrets`; this test only needs to finish (generous timeout).
  const MIB = 1 << 20;
  it.each([
    ['a run of base64url characters', 'A'.repeat(MIB)],
    ['runs split by single dots', 'AAAA.'.repeat(MIB / 5)],
    ['two-segment runs', `${'A'.repeat(MIB / 2 - 1)}.${'B'.repeat(MIB / 2)}`],
    // With two dots the pattern itself is run (fewer dots skip it: no JWT without two).
    ['a run of base64url characters ending in two dots', `${'A'.repeat(MIB - 2)}..`],
    ['two-segment runs and a third dot', `${'A'.repeat(MIB / 2 - 1)}.${'B'.repeat(MIB / 2 - 1)}.`],
    ['a run of base64 characters with a trailing =', `${'A/'.repeat(MIB / 2 - 1)}=`],
  ])(
    'checks 1 MiB of %s',
    (_name, text) => {
      expect(text.length).toBeLessThanOrEqual(MAX_SECRET_SCAN);
      expect(secretShapeOf(text)).not.toBe('jwt');
    },
    20_000,
  );

  it('treats a string of many token-shaped runs as too much to check', () => {
    expect(secretShapeOf('e3h9.e3h9.e3h9 '.repeat(65))).toBe('oversized');
    expect(secretShapeOf('e3h9.e3h9.e3h9 '.repeat(64))).toBeUndefined();
  });

  it('finds a JWT at the end of 1 MiB of text', () => {
    expect(secretShapeOf(`${'x '.repeat(MIB / 2 - JWT.length)}${JWT}`)).toBe('jwt');
  }, 20_000);

  it('does not scan text over the bound: it is reported oversized (and masked)', () => {
    const text = 'A'.repeat(MAX_SECRET_SCAN + 1);
    expect(secretShapeOf(text)).toBe('oversized');
    expect(maskSecretShapes(text).startsWith(HIDDEN_VALUE_PREFIX)).toBe(true);
  });

  it('finds a JWT glued to the text before it', () => {
    expect(secretShapeOf(`token_${JWT}`)).toBe('jwt');
  });
});

describe('the store masks secrets, and still records the action', () => {
  it.each([
    ['username', { actor: { pool: 'us-east-1_Demo1', username: AWS_SECRET } }, AWS_SECRET],
    ['client id', { actor: { pool: 'us-east-1_Demo1', clientId: JWE_REFRESH } }, JWE_REFRESH],
  ])('begin: in the %s', async (_name, overrides, secret) => {
    const { store } = await openTestHistory();
    await store.begin(deviceDraft(overrides));
    expect(await store.count()).toBe(1);
    expect(JSON.stringify(await store.list({}, 10))).not.toContain(secret);
  });

  it.each([
    ['error message', { outcome: 'failed', error: { code: 'ERR_INTERNAL', message: `bad ${JWT}` } }, JWT],
    ['request id', { outcome: 'ok', requestId: AWS_SECRET }, AWS_SECRET],
  ] as const)('complete: in the %s', async (_name, completion, secret) => {
    const { store } = await openTestHistory();
    const id = await store.begin(deviceDraft());
    await store.complete(id, completion);
    const [entry] = (await store.query({ limit: 1 })).entries;
    expect(entry?.outcome).toBe(completion.outcome);
    expect(JSON.stringify(entry)).not.toContain(secret);
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
