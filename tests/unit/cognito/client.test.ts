/**
 * The client with an injected fetch: request shapes, friendly results,
 * validation before any request, pagination, sign-in and SECRET_HASH.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CognitoClient, createCognitoClient, createPacer, uniformRates } from '../../../utils/cognito';
import { AppError } from '../../../utils/errors';
import { ACCESS_TOKEN, awsError, DEVICE_KEY, json, POOL_ID, scriptedFetch } from './helpers';

const ENDPOINT = 'http://127.0.0.1:9329/';
const fastPacer = () => createPacer({ rates: uniformRates(1e6) });

function clientWith(fetch: typeof globalThis.fetch, extra: Partial<Parameters<typeof createCognitoClient>[0]> = {}) {
  return createCognitoClient({ endpoint: ENDPOINT, fetch, pacer: fastPacer(), ...extra });
}

const wireDevice = {
  DeviceKey: DEVICE_KEY,
  DeviceAttributes: [
    { Name: 'device_status', Value: 'valid' },
    { Name: 'device_name', Value: '<img src=x onerror=alert(1)>' },
    { Name: 'last_ip_used', Value: '203.0.113.7' },
    { Name: 'dev:device_remembered_status', Value: 'not_remembered' },
    { Name: 'dev:device_sdk', Value: 'aws-sdk' },
  ],
  DeviceCreateDate: 1715100742.022,
  DeviceLastModifiedDate: 1715100800,
  DeviceLastAuthenticatedDate: 1715187142.5,
};

describe('token operations: request shape', () => {
  it.each<[string, (c: CognitoClient) => Promise<unknown>, string, Record<string, unknown>, unknown]>([
    [
      'listDevices',
      (c) => c.listDevices({ accessToken: ACCESS_TOKEN, limit: 10, paginationToken: 'p1' }),
      'ListDevices',
      { AccessToken: ACCESS_TOKEN, Limit: 10, PaginationToken: 'p1' },
      { Devices: [] },
    ],
    [
      'getDevice',
      (c) => c.getDevice({ accessToken: ACCESS_TOKEN, deviceKey: DEVICE_KEY }),
      'GetDevice',
      { AccessToken: ACCESS_TOKEN, DeviceKey: DEVICE_KEY },
      { Device: wireDevice },
    ],
    [
      'updateDeviceStatus',
      (c) => c.updateDeviceStatus({ accessToken: ACCESS_TOKEN, deviceKey: DEVICE_KEY, remembered: false }),
      'UpdateDeviceStatus',
      { AccessToken: ACCESS_TOKEN, DeviceKey: DEVICE_KEY, DeviceRememberedStatus: 'not_remembered' },
      {},
    ],
    [
      'forgetDevice',
      (c) => c.forgetDevice({ accessToken: ACCESS_TOKEN, deviceKey: DEVICE_KEY }),
      'ForgetDevice',
      { AccessToken: ACCESS_TOKEN, DeviceKey: DEVICE_KEY },
      {},
    ],
    [
      'confirmDevice',
      (c) =>
        c.confirmDevice({
          accessToken: ACCESS_TOKEN,
          deviceKey: DEVICE_KEY,
          deviceName: 'Firefox on Linux',
          verifier: { passwordVerifier: 'pv', salt: 's' },
        }),
      'ConfirmDevice',
      {
        AccessToken: ACCESS_TOKEN,
        DeviceKey: DEVICE_KEY,
        DeviceName: 'Firefox on Linux',
        DeviceSecretVerifierConfig: { PasswordVerifier: 'pv', Salt: 's' },
      },
      { UserConfirmationNecessary: true },
    ],
    [
      'getUser',
      (c) => c.getUser({ accessToken: ACCESS_TOKEN }),
      'GetUser',
      { AccessToken: ACCESS_TOKEN },
      { Username: 'alice', UserAttributes: [] },
    ],
    [
      'globalSignOut',
      (c) => c.globalSignOut({ accessToken: ACCESS_TOKEN }),
      'GlobalSignOut',
      { AccessToken: ACCESS_TOKEN },
      {},
    ],
  ])('%s', async (_, run, operation, body, response) => {
    const { fetch, requests } = scriptedFetch(() => json(200, response));
    await run(clientWith(fetch));
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.url).toBe(ENDPOINT);
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request?.headers['x-amz-target']).toBe(`AWSCognitoIdentityProviderService.${operation}`);
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toEqual(body);
  });
});

describe('friendly results', () => {
  it('folds device attributes, converts fractional epoch seconds, keeps the raw list', async () => {
    const { fetch } = scriptedFetch(() => json(200, { Device: wireDevice }));
    const device = await clientWith(fetch).getDevice({ accessToken: ACCESS_TOKEN, deviceKey: DEVICE_KEY });
    expect(device).toMatchObject({
      key: DEVICE_KEY,
      name: '<img src=x onerror=alert(1)>',
      lastIp: '203.0.113.7',
      remembered: false,
      status: 'valid',
    });
    expect(device.createdAt?.getTime()).toBe(1715100742022);
    expect(device.lastAuthenticatedAt?.toISOString()).toBe('2024-05-08T16:52:22.500Z');
    expect(device.attributes).toHaveLength(5);
    expect(device.attributes).toContainEqual({ name: 'dev:device_sdk', value: 'aws-sdk' });
  });

  it.each([
    ['remembered', true],
    ['not_remembered', false],
    [undefined, undefined],
  ])('remembered status %s → %s', async (status, remembered) => {
    const attrs = status ? [{ Name: 'dev:device_remembered_status', Value: status }] : [];
    const { fetch } = scriptedFetch(() =>
      json(200, { Devices: [{ DeviceKey: DEVICE_KEY, DeviceAttributes: attrs }], PaginationToken: 'next' }),
    );
    const page = await clientWith(fetch).listDevices({ accessToken: ACCESS_TOKEN });
    expect(page.devices[0]?.remembered).toBe(remembered);
    expect(page.devices[0]?.lastAuthenticatedAt).toBeUndefined();
    expect(page.paginationToken).toBe('next');
  });

  it('getUser folds attributes into a record', async () => {
    const { fetch } = scriptedFetch(() =>
      json(200, {
        Username: 'alice',
        UserAttributes: [
          { Name: 'sub', Value: 'abc' },
          { Name: 'email', Value: 'alice@example.com' },
        ],
      }),
    );
    expect(await clientWith(fetch).getUser({ accessToken: ACCESS_TOKEN })).toMatchObject({
      username: 'alice',
      attributes: { sub: 'abc', email: 'alice@example.com' },
    });
  });

  it('a 200 that is not JSON is ERR_BAD_RESPONSE', async () => {
    const { fetch } = scriptedFetch(() => new Response('<html>', { status: 200 }));
    await expect(clientWith(fetch).listDevices({ accessToken: ACCESS_TOKEN })).rejects.toMatchObject({
      code: 'ERR_BAD_RESPONSE',
    });
  });
});

describe('validation happens before any request', () => {
  const bad = 'bad key';
  it.each<[string, (c: CognitoClient) => Promise<unknown>, string, string]>([
    ['listDevices token', (c) => c.listDevices({ accessToken: 'nope' }), 'ERR_INVALID_ACCESS_TOKEN', 'AccessToken'],
    ['listDevices limit', (c) => c.listDevices({ accessToken: ACCESS_TOKEN, limit: 61 }), 'ERR_INVALID_LIMIT', 'Limit'],
    [
      'listDevices page token',
      (c) => c.listDevices({ accessToken: ACCESS_TOKEN, paginationToken: ' ' }),
      'ERR_INVALID_PAGINATION_TOKEN',
      'PaginationToken',
    ],
    [
      'getDevice key',
      (c) => c.getDevice({ accessToken: ACCESS_TOKEN, deviceKey: bad }),
      'ERR_INVALID_DEVICE_KEY',
      'DeviceKey',
    ],
    [
      'updateDeviceStatus status',
      (c) =>
        c.updateDeviceStatus({
          accessToken: ACCESS_TOKEN,
          deviceKey: DEVICE_KEY,
          remembered: 'yes' as unknown as boolean,
        }),
      'ERR_INVALID_DEVICE_REMEMBERED_STATUS',
      'DeviceRememberedStatus',
    ],
    [
      'updateDeviceStatus non-hex key',
      (c) =>
        c.updateDeviceStatus({
          accessToken: ACCESS_TOKEN,
          deviceKey: 'us-east-1_0a1b2c3g-4e5f-6789-abcd-ef0123456789',
          remembered: true,
        }),
      'ERR_INVALID_DEVICE_KEY',
      'DeviceKey',
    ],
    [
      'forgetDevice key',
      (c) => c.forgetDevice({ accessToken: ACCESS_TOKEN, deviceKey: 'x'.repeat(56) }),
      'ERR_INVALID_DEVICE_KEY',
      'DeviceKey',
    ],
    [
      'confirmDevice name',
      (c) => c.confirmDevice({ accessToken: ACCESS_TOKEN, deviceKey: DEVICE_KEY, deviceName: '' }),
      'ERR_INVALID_DEVICE_NAME',
      'DeviceName',
    ],
    [
      'adminListDevices pool',
      (c) => c.adminListDevices({ userPoolId: 'Demo1', username: 'alice' }),
      'ERR_INVALID_USER_POOL_ID',
      'UserPoolId',
    ],
    [
      'adminGetDevice username',
      (c) => c.adminGetDevice({ userPoolId: POOL_ID, username: 'has space', deviceKey: DEVICE_KEY }),
      'ERR_INVALID_USERNAME',
      'Username',
    ],
    [
      'listUsers filter',
      (c) => c.listUsers({ userPoolId: POOL_ID, filter: 'x'.repeat(257) }),
      'ERR_INVALID_FILTER',
      'Filter',
    ],
    [
      'listUsers filter attribute',
      (c) => c.listUsers({ userPoolId: POOL_ID, filter: { attribute: 'password' as 'email', prefix: 'a' } }),
      'ERR_INVALID_FILTER',
      'Filter',
    ],
    [
      'initiateAuth client id',
      (c) => c.initiateAuth({ flow: 'USER_PASSWORD_AUTH', clientId: 'a=b', username: 'alice', password: 'pw' }),
      'ERR_INVALID_CLIENT_ID',
      'ClientId',
    ],
    [
      'initiateAuth password',
      (c) => c.initiateAuth({ flow: 'USER_PASSWORD_AUTH', clientId: 'abc', username: 'alice', password: '' }),
      'ERR_INVALID_PASSWORD',
      'Password',
    ],
    [
      'initiateAuth refresh token',
      (c) => c.initiateAuth({ flow: 'REFRESH_TOKEN_AUTH', clientId: 'abc', refreshToken: 'a b' }),
      'ERR_INVALID_REFRESH_TOKEN',
      'RefreshToken',
    ],
    [
      'initiateAuth secret without username on refresh',
      (c) =>
        c.initiateAuth({
          flow: 'REFRESH_TOKEN_AUTH',
          clientId: 'abc',
          clientSecret: 's'.repeat(30),
          refreshToken: 'r.r.r',
        }),
      'ERR_INVALID_USERNAME',
      'Username',
    ],
    [
      'getTokensFromRefreshToken secret',
      (c) => c.getTokensFromRefreshToken({ clientId: 'abc', clientSecret: 'short', refreshToken: 'r.r.r' }),
      'ERR_INVALID_CLIENT_SECRET',
      'ClientSecret',
    ],
  ])('%s', async (_, run, code, field) => {
    const { fetch, requests } = scriptedFetch(() => json(200, {}));
    const client = clientWith(fetch, {
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    });
    const error = await run(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect((error as AppError).details.field).toBe(field);
    expect(requests).toHaveLength(0);
  });

  it('refuses an endpoint that is neither https nor loopback http', () => {
    expect(() => createCognitoClient({ endpoint: 'http://example.com/' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ENDPOINT' }),
    );
  });
});

describe('pagination', () => {
  it('listAllDevices walks every page', async () => {
    const pages = [
      { Devices: [{ DeviceKey: 'us-east-1_a1' }], PaginationToken: 't1' },
      { Devices: [{ DeviceKey: 'us-east-1_b2' }, { DeviceKey: 'us-east-1_c3' }], PaginationToken: 't2' },
      { Devices: [{ DeviceKey: 'us-east-1_d4' }] },
    ];
    const { fetch, requests } = scriptedFetch(...pages.map((p) => () => json(200, p)));
    const keys: string[] = [];
    for await (const device of clientWith(fetch).listAllDevices({ accessToken: ACCESS_TOKEN, limit: 2 })) {
      keys.push(device.key);
    }
    expect(keys).toEqual(['us-east-1_a1', 'us-east-1_b2', 'us-east-1_c3', 'us-east-1_d4']);
    expect(requests.map((r) => r.body.PaginationToken)).toEqual([undefined, 't1', 't2']);
    expect(requests.every((r) => r.body.Limit === 2)).toBe(true);
  });

  it('listAllDevices asks for the largest page the model allows unless told otherwise', async () => {
    const { fetch, requests } = scriptedFetch(() => json(200, { Devices: [{ DeviceKey: 'us-east-1_a1' }] }));
    for await (const _ of clientWith(fetch).listAllDevices({ accessToken: ACCESS_TOKEN })) {
      // drain
    }
    expect(requests.map((r) => r.body.Limit)).toEqual([60]);
  });

  it('stops with ERR_BAD_RESPONSE when a page token repeats', async () => {
    const { fetch } = scriptedFetch(() => json(200, { Devices: [], PaginationToken: 'loop' }));
    const run = async () => {
      for await (const _ of clientWith(fetch).listAllDevices({ accessToken: ACCESS_TOKEN })) {
        // drain
      }
    };
    await expect(run()).rejects.toMatchObject({ code: 'ERR_BAD_RESPONSE' });
  });
});

describe('sign-in and refresh', () => {
  const clientId = '4example5client6id7';
  const clientSecret = 'c'.repeat(40);
  const expectedHash = (username: string) =>
    createHmac('sha256', clientSecret)
      .update(username + clientId)
      .digest('base64');

  it('USER_PASSWORD_AUTH with SECRET_HASH returns tokens and the new device', async () => {
    const { fetch, requests } = scriptedFetch(() =>
      json(200, {
        AuthenticationResult: {
          AccessToken: 'a.b.c',
          IdToken: 'i.d.t',
          RefreshToken: 'r.e.f',
          ExpiresIn: 3600,
          TokenType: 'Bearer',
          NewDeviceMetadata: { DeviceKey: DEVICE_KEY, DeviceGroupKey: '-abc' },
        },
      }),
    );
    const result = await clientWith(fetch).initiateAuth({
      flow: 'USER_PASSWORD_AUTH',
      clientId,
      clientSecret,
      username: 'alice',
      password: 'Corr3ct horse!',
    });
    expect(requests[0]?.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(requests[0]?.body).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'alice', PASSWORD: 'Corr3ct horse!', SECRET_HASH: expectedHash('alice') },
    });
    expect(result).toEqual({
      kind: 'tokens',
      tokens: { accessToken: 'a.b.c', idToken: 'i.d.t', refreshToken: 'r.e.f', expiresIn: 3600, tokenType: 'Bearer' },
      newDevice: { deviceKey: DEVICE_KEY, deviceGroupKey: '-abc' },
    });
  });

  it('REFRESH_TOKEN_AUTH sends DEVICE_KEY and SECRET_HASH over the username', async () => {
    const { fetch, requests } = scriptedFetch(() =>
      json(200, { AuthenticationResult: { AccessToken: 'a.b.c', ExpiresIn: 60, TokenType: 'Bearer' } }),
    );
    await clientWith(fetch).initiateAuth({
      flow: 'REFRESH_TOKEN_AUTH',
      clientId,
      clientSecret,
      refreshToken: 'r.e.f',
      deviceKey: DEVICE_KEY,
      username: 'alice',
    });
    expect(requests[0]?.body.AuthParameters).toEqual({
      REFRESH_TOKEN: 'r.e.f',
      DEVICE_KEY: DEVICE_KEY,
      SECRET_HASH: expectedHash('alice'),
    });
  });

  it('returns a challenge as such', async () => {
    const { fetch } = scriptedFetch(() =>
      json(200, { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's'.repeat(30), ChallengeParameters: { a: 'b' } }),
    );
    const result = await clientWith(fetch).initiateAuth({
      flow: 'USER_PASSWORD_AUTH',
      clientId,
      username: 'alice',
      password: 'pw',
    });
    expect(result).toEqual({
      kind: 'challenge',
      challengeName: 'SOFTWARE_TOKEN_MFA',
      session: 's'.repeat(30),
      parameters: { a: 'b' },
    });
  });

  it('getTokensFromRefreshToken sends the client secret and device key', async () => {
    const { fetch, requests } = scriptedFetch(() =>
      json(200, { AuthenticationResult: { AccessToken: 'a.b.c', RefreshToken: 'n.e.w', ExpiresIn: 60 } }),
    );
    const result = await clientWith(fetch).getTokensFromRefreshToken({
      clientId,
      clientSecret,
      refreshToken: 'r.e.f',
      deviceKey: DEVICE_KEY,
    });
    expect(requests[0]?.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.GetTokensFromRefreshToken');
    expect(requests[0]?.body).toEqual({
      ClientId: clientId,
      RefreshToken: 'r.e.f',
      ClientSecret: clientSecret,
      DeviceKey: DEVICE_KEY,
    });
    expect(result.kind === 'tokens' && result.tokens.refreshToken).toBe('n.e.w');
  });

  it('no password, token or secret reaches the error', async () => {
    const password = 'Sup3r-secret-pw';
    const { fetch } = scriptedFetch(() =>
      awsError('NotAuthorizedException', `Incorrect username or password. (${password}, ${clientSecret})`),
    );
    const error = (await clientWith(fetch)
      .initiateAuth({ flow: 'USER_PASSWORD_AUTH', clientId, clientSecret, username: 'alice', password })
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('ERR_COGNITO_INCORRECT_CREDENTIALS');
    const everything = `${error.message} ${JSON.stringify(error.toJSON())} ${String(error.stack)}`;
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(clientSecret);
    expect(everything).not.toContain(expectedHash('alice'));
  });
});

describe('listUsers filter', () => {
  it.each<[Parameters<CognitoClient['listUsers']>[0]['filter'], string | undefined]>([
    [undefined, undefined],
    [{ attribute: 'email', prefix: 'ali' }, 'email ^= "ali"'],
    [{ attribute: 'username', prefix: 'a"b\\c' }, 'username ^= "a\\"b\\\\c"'],
    ['sub = "abc"', 'sub = "abc"'],
  ])('%j → %s', async (filter, wire) => {
    const { fetch, requests } = scriptedFetch(() => json(200, { Users: [] }));
    const client = clientWith(fetch, {
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' },
    });
    await client.listUsers({ userPoolId: POOL_ID, filter, limit: 5 });
    expect(requests[0]?.body.Filter).toBe(wire);
    expect(requests[0]?.body.Limit).toBe(5);
  });
});
