// @vitest-environment node
/**
 * Admin operations: SigV4 request shape (aws4fetch), checked against an
 * independent signer (@smithy/signature-v4, the AWS SDK's own), request
 * bodies, and credential checks before any request.
 * Runs under node: happy-dom's Headers keeps header-name case when iterating,
 * which no SigV4 canonicalisation survives (browsers and Node lowercase them).
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { type CognitoClient, createCognitoClient, createPacer, uniformRates } from '../../../utils/cognito';
import type { AppError } from '../../../utils/errors';
import { awsError, DEVICE_KEY, json, POOL_ID, type SeenRequest, scriptedFetch } from './helpers';

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

function adminClient(fetch: typeof globalThis.fetch, extra: Partial<Parameters<typeof createCognitoClient>[0]> = {}) {
  return createCognitoClient({
    endpoint: 'http://127.0.0.1:9329/',
    fetch,
    credentials,
    now: () => NOW,
    pacer: createPacer({ rates: uniformRates(1e6) }),
    ...extra,
  });
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** A Node-crypto Sha256 for @smithy/signature-v4 (HMAC when given a secret). */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: SourceData) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

/** The headers SigV4 must cover on every Admin request (the AWS SDK signs the same set). */
const MUST_SIGN = ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-target'];
/** The `SignedHeaders` list of a request's Authorization header. */
const signedHeadersOf = (request: SeenRequest) =>
  /SignedHeaders=([^,]+)/.exec(request.headers.authorization ?? '')?.[1]?.split(';');

/**
 * Re-sign the seen request with the SDK's signer, as the SDK would sign it: over every header
 * the request carries (never over the list the request under test claims to have signed).
 */
async function independentSignature(request: SeenRequest, creds: typeof credentials & { sessionToken?: string }) {
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(request.headers)) {
    // The SDK's signer adds x-amz-date and x-amz-security-token itself, from the date and credentials.
    if (name !== 'authorization' && name !== 'x-amz-date' && name !== 'x-amz-security-token') headers[name] = value;
  }
  const signer = new SignatureV4({
    credentials: creds,
    region: 'us-east-1',
    service: 'cognito-idp',
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers,
      body: JSON.stringify(request.body),
      query: {},
    },
    { signingDate: new Date(NOW) },
  );
  return /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1];
}

describe('SigV4 request shape', () => {
  it('signs AdminListDevices with service cognito-idp, the pool region and the injected clock', async () => {
    const { fetch, requests } = scriptedFetch(() => json(200, { Devices: [] }));
    await adminClient(fetch).adminListDevices({ userPoolId: POOL_ID, username: 'alice', limit: 60 });
    const request = requests[0] as SeenRequest;
    expect(request.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.AdminListDevices');
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request.headers['x-amz-date']).toBe('20260102T030405Z');
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20260102\/us-east-1\/cognito-idp\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(request.headers.authorization).toMatch(/SignedHeaders=[^,]*host[^,]*x-amz-date[^,]*x-amz-target/);
    expect(signedHeadersOf(request)).toEqual(MUST_SIGN);
    expect(request.body).toEqual({ UserPoolId: POOL_ID, Username: 'alice', Limit: 60 });
    expect(JSON.stringify(request)).not.toContain(credentials.secretAccessKey);
  });

  it('matches the AWS SDK’s own signer byte for byte', async () => {
    const { fetch, requests } = scriptedFetch(() => json(200, {}));
    await adminClient(fetch).adminUpdateDeviceStatus({
      userPoolId: POOL_ID,
      username: 'alice',
      deviceKey: DEVICE_KEY,
      remembered: true,
    });
    const request = requests[0] as SeenRequest;
    const ours = /Signature=([0-9a-f]{64})/.exec(request.headers.authorization ?? '')?.[1];
    expect(ours).toBeDefined();
    expect(signedHeadersOf(request)).toEqual(MUST_SIGN);
    expect(ours).toBe(await independentSignature(request, credentials));
  });

  it('sends and signs the session token of temporary credentials', async () => {
    const temporary = { ...credentials, accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'FwoGZXIvYXdzEXAMPLE' };
    const { fetch, requests } = scriptedFetch(() => json(200, { Device: { DeviceKey: DEVICE_KEY } }));
    await adminClient(fetch, { credentials: temporary }).adminGetDevice({
      userPoolId: POOL_ID,
      username: 'alice',
      deviceKey: DEVICE_KEY,
    });
    const request = requests[0] as SeenRequest;
    expect(request.headers['x-amz-security-token']).toBe(temporary.sessionToken);
    expect(request.headers.authorization).toContain('x-amz-security-token');
    expect(signedHeadersOf(request)).toEqual([...MUST_SIGN, 'x-amz-security-token'].sort());
    expect(/Signature=([0-9a-f]{64})/.exec(request.headers.authorization ?? '')?.[1]).toBe(
      await independentSignature(request, temporary),
    );
  });

  it('uses the `region` option when given (endpoint not regional)', async () => {
    const { fetch, requests } = scriptedFetch(() => json(200, { UserPool: { Id: POOL_ID } }));
    await adminClient(fetch, { region: 'eu-west-1' }).describeUserPool({ userPoolId: POOL_ID });
    expect(requests[0]?.headers.authorization).toContain('/eu-west-1/cognito-idp/aws4_request');
  });

  it('token operations are never signed', async () => {
    const { fetch, requests } = scriptedFetch(() => json(200, { Devices: [] }));
    await adminClient(fetch).listDevices({ accessToken: 'a.b.c' });
    expect(requests[0]?.headers.authorization).toBeUndefined();
    expect(requests[0]?.headers['x-amz-date']).toBeUndefined();
  });
});

describe('admin operations', () => {
  it.each<[string, (c: CognitoClient) => Promise<unknown>, string, Record<string, unknown>, unknown, unknown]>([
    [
      'adminGetDevice',
      (c) => c.adminGetDevice({ userPoolId: POOL_ID, username: 'alice', deviceKey: DEVICE_KEY }),
      'AdminGetDevice',
      { UserPoolId: POOL_ID, Username: 'alice', DeviceKey: DEVICE_KEY },
      { Device: { DeviceKey: DEVICE_KEY, DeviceLastAuthenticatedDate: 1700000000 } },
      { key: DEVICE_KEY, lastAuthenticatedAt: new Date(1_700_000_000_000) },
    ],
    [
      'adminForgetDevice',
      (c) => c.adminForgetDevice({ userPoolId: POOL_ID, username: 'alice', deviceKey: DEVICE_KEY }),
      'AdminForgetDevice',
      { UserPoolId: POOL_ID, Username: 'alice', DeviceKey: DEVICE_KEY },
      {},
      { alreadyForgotten: false },
    ],
    [
      'listUsers',
      (c) => c.listUsers({ userPoolId: POOL_ID }),
      'ListUsers',
      { UserPoolId: POOL_ID },
      {
        Users: [
          {
            Username: 'alice',
            Attributes: [{ Name: 'sub', Value: 's-1' }],
            Enabled: true,
            UserStatus: 'CONFIRMED',
            UserCreateDate: 1700000000.5,
          },
        ],
        PaginationToken: 'n',
      },
      {
        users: [
          {
            username: 'alice',
            sub: 's-1',
            enabled: true,
            status: 'CONFIRMED',
            createdAt: new Date(1_700_000_000_500),
          },
        ],
        paginationToken: 'n',
      },
    ],
    [
      'describeUserPool',
      (c) => c.describeUserPool({ userPoolId: POOL_ID }),
      'DescribeUserPool',
      { UserPoolId: POOL_ID },
      {
        UserPool: {
          Id: POOL_ID,
          Name: 'Demo',
          DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
        },
      },
      {
        id: POOL_ID,
        name: 'Demo',
        deviceConfiguration: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false },
      },
    ],
    [
      'describeUserPoolClient (rotation on)',
      (c) => c.describeUserPoolClient({ userPoolId: POOL_ID, clientId: 'client1' }),
      'DescribeUserPoolClient',
      { UserPoolId: POOL_ID, ClientId: 'client1' },
      {
        UserPoolClient: {
          ClientId: 'client1',
          ClientName: 'Web',
          RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
        },
      },
      {
        clientId: 'client1',
        clientName: 'Web',
        refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 10 },
      },
    ],
    [
      'describeUserPoolClient (no rotation member)',
      (c) => c.describeUserPoolClient({ userPoolId: POOL_ID, clientId: 'client1' }),
      'DescribeUserPoolClient',
      { UserPoolId: POOL_ID, ClientId: 'client1' },
      { UserPoolClient: { ClientId: 'client1' } },
      { clientId: 'client1', refreshTokenRotation: undefined },
    ],
  ])('%s', async (_, run, operation, body, response, expected) => {
    const { fetch, requests } = scriptedFetch(() => json(200, response));
    const result = await run(adminClient(fetch));
    expect(requests[0]?.headers['x-amz-target']).toBe(`AWSCognitoIdentityProviderService.${operation}`);
    expect(requests[0]?.body).toEqual(body);
    expect(result).toMatchObject(expected as object);
  });

  it.each([
    ['no client', {}],
    ['an unknown Feature', { UserPoolClient: { ClientId: 'c', RefreshTokenRotation: { Feature: 'SOMETIMES' } } }],
  ])('describeUserPoolClient refuses an answer with %s', async (_name, response) => {
    const { fetch } = scriptedFetch(() => json(200, response));
    await expect(
      adminClient(fetch).describeUserPoolClient({ userPoolId: POOL_ID, clientId: 'c' }),
    ).rejects.toMatchObject({ code: 'ERR_BAD_RESPONSE' });
  });

  it('describeUserPoolClient checks the client id against the model before any call', async () => {
    const { fetch, requests } = scriptedFetch(() => json(200, {}));
    await expect(
      adminClient(fetch).describeUserPoolClient({ userPoolId: POOL_ID, clientId: 'not a client id' }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_CLIENT_ID' });
    expect(requests).toHaveLength(0);
  });

  it('listAllUsers and adminListAllDevices walk every page', async () => {
    const { fetch, requests } = scriptedFetch(
      () => json(200, { Users: [{ Username: 'alice' }], PaginationToken: 'p' }),
      () => json(200, { Users: [{ Username: 'bob' }] }),
      () => json(200, { Devices: [{ DeviceKey: 'us-east-1_a' }], PaginationToken: 'q' }),
      () => json(200, { Devices: [{ DeviceKey: 'us-east-1_b' }] }),
    );
    const client = adminClient(fetch);
    const names: string[] = [];
    for await (const user of client.listAllUsers({ userPoolId: POOL_ID })) names.push(user.username);
    const keys: string[] = [];
    for await (const d of client.adminListAllDevices({ userPoolId: POOL_ID, username: 'alice' })) keys.push(d.key);
    expect(names).toEqual(['alice', 'bob']);
    expect(keys).toEqual(['us-east-1_a', 'us-east-1_b']);
    expect(requests.map((r) => r.body.PaginationToken)).toEqual([undefined, 'p', undefined, 'q']);
    // Device pages are asked for at the model's largest size.
    expect(requests.slice(2).map((r) => r.body.Limit)).toEqual([60, 60]);
  });

  it.each<[string, Parameters<typeof createCognitoClient>[0]['credentials'], string, string]>([
    ['none', undefined, 'ERR_AWS_MISSING_CREDENTIALS', 'credentials'],
    ['a short key id', { accessKeyId: 'AKIA', secretAccessKey: 'x' }, 'ERR_INVALID_CREDENTIALS', 'accessKeyId'],
    [
      'an empty secret',
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: '' },
      'ERR_INVALID_CREDENTIALS',
      'secretAccessKey',
    ],
    [
      'a secret with spaces',
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'a b' },
      'ERR_INVALID_CREDENTIALS',
      'secretAccessKey',
    ],
  ])('credentials: %s → %s, no request', async (_, creds, code, field) => {
    const { fetch, requests } = scriptedFetch(() => json(200, {}));
    const error = (await adminClient(fetch, { credentials: creds })
      .adminListDevices({ userPoolId: POOL_ID, username: 'alice' })
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe(code);
    expect(error.details.field).toBe(field);
    expect(requests).toHaveLength(0);
  });

  it.each([
    [
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      'ERR_AWS_UNRECOGNIZED_CLIENT',
    ],
    ['InvalidSignatureException', 'The request signature we calculated does not match', 'ERR_AWS_SIGNATURE_MISMATCH'],
    ['InvalidSignatureException', 'Signature expired: 20260102T030405Z is now earlier than …', 'ERR_AWS_CLOCK_SKEW'],
    ['AccessDeniedException', 'not authorized to perform: cognito-idp:AdminListDevices', 'ERR_AWS_ACCESS_DENIED'],
  ])('%s → %s, without the secret key in the error', async (name, message, code) => {
    const { fetch } = scriptedFetch(() => awsError(name, `${message} ${credentials.secretAccessKey}`));
    const error = (await adminClient(fetch)
      .adminListDevices({ userPoolId: POOL_ID, username: 'alice' })
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe(code);
    expect(`${error.message}${JSON.stringify(error.toJSON())}`).not.toContain(credentials.secretAccessKey);
  });
});
