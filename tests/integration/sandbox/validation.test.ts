/**
 * Input validation from the service model and the error wire format of the
 * sandbox: every constraint kind (required, length, pattern, enum, integer
 * range, JSON type), Cognito's message format, sensitive values never echoed,
 * and malformed requests answered in the same format, never as a stack trace.
 */
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { adminClient, CLIENT_ID, expectCognitoError, POOL_ID, rawCall, useSandbox } from './helpers';

const sandbox = useSandbox();

const TOKEN = 'aaa.bbb.ccc';
const KEY = 'us-east-1_0a1b2c3d-0000-4000-8000-000000000000';
const ADMIN = { UserPoolId: POOL_ID, Username: 'alice' };

/** [operation, input, exact message] — sent through the SDK, which does not validate client-side. */
const cases: [string, Record<string, unknown>, string][] = [
  [
    'ListDevices',
    { AccessToken: TOKEN, Limit: 61 },
    "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
  ],
  [
    'ListDevices',
    { AccessToken: TOKEN, Limit: -1 },
    "1 validation error detected: Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0",
  ],
  [
    'ListDevices',
    {},
    "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null",
  ],
  [
    'ListDevices',
    { AccessToken: 'has spaces in it' },
    "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+",
  ],
  [
    'ListDevices',
    { AccessToken: TOKEN, PaginationToken: 'a b' },
    "1 validation error detected: Value 'a b' at 'paginationToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+",
  ],
  [
    'GetDevice',
    { AccessToken: TOKEN, DeviceKey: 'nokey' },
    "1 validation error detected: Value 'nokey' at 'deviceKey' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-f-]+",
  ],
  [
    'GetDevice',
    { AccessToken: TOKEN, DeviceKey: 'us-east-1_0a1b2c3g-0000-4000-8000-000000000000' },
    "1 validation error detected: Value 'us-east-1_0a1b2c3g-0000-4000-8000-000000000000' at 'deviceKey' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-f-]+",
  ],
  [
    'GetDevice',
    { AccessToken: TOKEN, DeviceKey: `us-east-1_${'a'.repeat(46)}` },
    `1 validation error detected: Value 'us-east-1_${'a'.repeat(46)}' at 'deviceKey' failed to satisfy constraint: Member must have length less than or equal to 55`,
  ],
  [
    'GetDevice',
    { AccessToken: TOKEN },
    "1 validation error detected: Value null at 'deviceKey' failed to satisfy constraint: Member must not be null",
  ],
  [
    'UpdateDeviceStatus',
    { AccessToken: TOKEN, DeviceKey: KEY, DeviceRememberedStatus: 'forgotten' },
    "1 validation error detected: Value 'forgotten' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]",
  ],
  [
    'ForgetDevice',
    { AccessToken: TOKEN, DeviceKey: '' },
    "2 validation errors detected: Value '' at 'deviceKey' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'deviceKey' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-f-]+",
  ],
  [
    'ConfirmDevice',
    { AccessToken: TOKEN, DeviceKey: KEY, DeviceName: 'x'.repeat(1025) },
    `1 validation error detected: Value '${'x'.repeat(1025)}' at 'deviceName' failed to satisfy constraint: Member must have length less than or equal to 1024`,
  ],
  [
    'InitiateAuth',
    { AuthFlow: 'MAGIC', ClientId: CLIENT_ID },
    "1 validation error detected: Value 'MAGIC' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]",
  ],
  [
    'InitiateAuth',
    { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'bad-client!' },
    "1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+",
  ],
  [
    'InitiateAuth',
    {},
    "2 validation errors detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null; Value null at 'clientId' failed to satisfy constraint: Member must not be null",
  ],
  [
    'GetTokensFromRefreshToken',
    { RefreshToken: 'x', ClientId: CLIENT_ID, ClientSecret: 'short' },
    "1 validation error detected: Value at 'clientSecret' failed to satisfy constraint: Member must have length greater than or equal to 24",
  ],
  [
    'RevokeToken',
    { ClientId: CLIENT_ID },
    "1 validation error detected: Value null at 'token' failed to satisfy constraint: Member must not be null",
  ],
  [
    'GlobalSignOut',
    { AccessToken: '' },
    "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+",
  ],
  [
    'GetUser',
    {},
    "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null",
  ],
  [
    'AdminListDevices',
    { ...ADMIN, UserPoolId: 'nounderscore' },
    "1 validation error detected: Value 'nounderscore' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
  ],
  [
    'AdminGetDevice',
    { ...ADMIN, Username: '', DeviceKey: KEY },
    "2 validation errors detected: Value at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1; Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
  ],
  [
    'AdminUpdateDeviceStatus',
    { ...ADMIN, DeviceKey: KEY, DeviceRememberedStatus: 'REMEMBERED' },
    "1 validation error detected: Value 'REMEMBERED' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]",
  ],
  [
    'AdminForgetDevice',
    { ...ADMIN },
    "1 validation error detected: Value null at 'deviceKey' failed to satisfy constraint: Member must not be null",
  ],
  [
    'ListUsers',
    { UserPoolId: POOL_ID, Limit: 100 },
    "1 validation error detected: Value '100' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
  ],
  [
    'DescribeUserPool',
    { UserPoolId: 'x'.repeat(56) },
    `2 validation errors detected: Value '${'x'.repeat(56)}' at 'userPoolId' failed to satisfy constraint: Member must have length less than or equal to 55; Value '${'x'.repeat(56)}' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+`,
  ],
];

describe('model constraints → InvalidParameterException', () => {
  it.each(cases)('%s %j', async (operation, input, message) => {
    const Command = (sdk as unknown as Record<string, new (i: unknown) => sdk.ListDevicesCommand>)[
      `${operation}Command`
    ];
    if (!Command) throw new Error(`no SDK command for ${operation}`);
    const err = await expectCognitoError(
      adminClient(sandbox.endpoint).send(new Command(input)),
      'InvalidParameterException',
    );
    expect(err.message).toBe(message);
  });

  it('never echoes a sensitive value (token, username, password)', async () => {
    const secret = 'my secret password!';
    const r = await rawCall(
      sandbox.endpoint,
      'AWSCognitoIdentityProviderService.InitiateAuth',
      JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: 'alice', PASSWORD: 7 },
      }),
    );
    expect(r.status).toBe(400);
    const t = await rawCall(
      sandbox.endpoint,
      'AWSCognitoIdentityProviderService.GetUser',
      JSON.stringify({ AccessToken: secret }),
    );
    expect(t.text).not.toContain(secret);
    expect(t.json.message).toContain("Value at 'accessToken'");
  });
});

describe('wire format of malformed requests', () => {
  const target = (op: string) => `AWSCognitoIdentityProviderService.${op}`;
  it.each([
    [
      'malformed JSON',
      target('ListDevices'),
      '{"AccessToken": ',
      'application/x-amz-json-1.1',
      'SerializationException',
    ],
    [
      'wrong JSON type',
      target('ListDevices'),
      '{"AccessToken":"a.b.c","Limit":"ten"}',
      'application/x-amz-json-1.1',
      'SerializationException',
    ],
    ['body not an object', target('ListDevices'), '[1,2]', 'application/x-amz-json-1.1', 'SerializationException'],
    ['wrong content type', target('ListDevices'), '{}', 'text/html', 'SerializationException'],
    ['unknown target', target('DeleteUserPool'), '{}', 'application/x-amz-json-1.1', 'UnknownOperationException'],
    ['foreign prefix', 'DynamoDB_20120810.ListTables', '{}', 'application/x-amz-json-1.1', 'UnknownOperationException'],
  ])('%s → %s', async (_label, t, body, contentType, type) => {
    const r = await rawCall(sandbox.endpoint, t, body, contentType);
    expect(r.status).toBe(400);
    expect(r.errorType).toBe(`${type}:`);
    expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.json.__type).toBe(type);
    expect(typeof r.json.message).toBe('string');
    expect(r.text).not.toMatch(/\n\s+at |<html/i);
  });

  it.each([
    ['GET', '/'],
    ['GET', '/nowhere'],
    ['GET', '/us-east-1_Nope/.well-known/jwks.json'],
    ['PUT', '/_sandbox/nothing'],
  ])('%s %s → 404 JSON', async (method, path) => {
    const res = await fetch(`${sandbox.endpoint}${path}`, { method });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(typeof ((await res.json()) as { message: unknown }).message).toBe('string');
  });

  it('serves the JWKS of a pool with kid, RS256 and no private parts', async () => {
    const res = await fetch(`${sandbox.endpoint}/${POOL_ID}/.well-known/jwks.json`);
    const { keys } = (await res.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(keys[0]?.kid).toBeTruthy();
    expect(keys[0]).not.toHaveProperty('d');
  });
});
