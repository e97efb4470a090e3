/**
 * The Cognito client: every device, user and token operation this extension
 * uses, each a row of the operations table (operations.ts) run by one call:
 * inputs validated against the model before any request is sent, results in
 * friendly types, errors as AppErrors. Token operations carry the access token
 * in the body; signed operations are SigV4-signed (aws4fetch, loaded lazily on
 * the first signed call).
 */
import { decodeJwt } from 'jose';
import { AppError } from '../errors';
import type { RequestPace } from '../quotas';
import { CONSTRAINTS } from './constraints';
import { checkEndpoint } from './endpoint';
import type {
  AccessTokenInput,
  AdminDeviceInput,
  AdminListDevicesInput,
  AdminUserInput,
  Cancellable,
  ConfirmDeviceInput,
  DeviceInput,
  ForgetResult,
  InitiateAuthInput,
  ListDevicesInput,
  ListUsersInput,
  RefreshInput,
  RevokeTokenInput,
} from './inputs';
import { type Json, OPERATIONS, type Operation, type WireRequest } from './operations';
import type { Pacer, Sleep } from './pacer';
import { regionOfPoolId } from './pool-id';
import type {
  AuthResult,
  CurrentUser,
  Device,
  DevicePage,
  PoolUser,
  UserPage,
  UserPoolClientDescription,
  UserPoolDescription,
} from './results';
import type { AwsCredentials } from './sigv4';
import { createTransport, type RequestSigner, type RetryEvent, type RetryOptions } from './transport';

/** Options of `createCognitoClient`. */
export interface CognitoClientOptions {
  /** Resolved base URL (see `resolveEndpoint`): https, or http on loopback. */
  endpoint: string;
  fetch?: typeof fetch;
  /** Per-attempt timeout. Default 10 000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Shared token buckets. Default: a new pacer at Cognito's default rates. */
  pacer?: Pacer;
  /** IAM credentials for Admin operations only. */
  credentials?: AwsCredentials;
  /** SigV4 region when the endpoint is not a regional Cognito host; default from the pool id. */
  region?: string;
  /** Cancels every call of this client. */
  signal?: AbortSignal;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  /** Told before each retry (metrics, tests). */
  onRetry?: (event: RetryEvent) => void;
}

/** All operations of the client. */
export interface CognitoClient {
  listDevices(input: ListDevicesInput): Promise<DevicePage>;
  listAllDevices(input: AccessTokenInput & { limit?: number }): AsyncIterable<Device>;
  getDevice(input: DeviceInput): Promise<Device>;
  updateDeviceStatus(input: DeviceInput & { remembered: boolean }): Promise<void>;
  forgetDevice(input: DeviceInput): Promise<ForgetResult>;
  confirmDevice(input: ConfirmDeviceInput): Promise<{ userConfirmationNecessary: boolean }>;
  getUser(input: AccessTokenInput): Promise<CurrentUser>;
  globalSignOut(input: AccessTokenInput): Promise<void>;
  /** RevokeToken: the refresh token and the access tokens issued with it stop working. */
  revokeToken(input: RevokeTokenInput): Promise<void>;
  initiateAuth(input: InitiateAuthInput): Promise<AuthResult>;
  getTokensFromRefreshToken(input: RefreshInput): Promise<AuthResult>;
  adminListDevices(input: AdminListDevicesInput): Promise<DevicePage>;
  adminListAllDevices(input: AdminUserInput & { limit?: number }): AsyncIterable<Device>;
  adminGetDevice(input: AdminDeviceInput): Promise<Device>;
  adminUpdateDeviceStatus(input: AdminDeviceInput & { remembered: boolean }): Promise<void>;
  adminForgetDevice(input: AdminDeviceInput): Promise<ForgetResult>;
  listUsers(input: ListUsersInput): Promise<UserPage>;
  listAllUsers(input: Omit<ListUsersInput, 'paginationToken'>): AsyncIterable<PoolUser>;
  describeUserPool(input: Cancellable & { userPoolId: string }): Promise<UserPoolDescription>;
  /** SigV4: the app client's settings (the extension reads its refresh-token rotation). */
  describeUserPoolClient(
    input: Cancellable & { userPoolId: string; clientId: string },
  ): Promise<UserPoolClientDescription>;
}

/**
 * Who a request acts for, as a pacer key: the pool and username it names (Admin operations), the
 * pool and `username` claim of its access token (decoded, not verified: a key for pacing only), or
 * the app client and USERNAME of a sign-in. Undefined when the body names no user (a refresh token
 * is opaque): the request then counts only in its category.
 */
export function userOf(body: Json): string | undefined {
  if (typeof body.Username === 'string') return `${String(body.UserPoolId)}/${body.Username}`;
  if (typeof body.AccessToken === 'string') {
    try {
      const claims = decodeJwt(body.AccessToken);
      const pool = typeof claims.iss === 'string' ? claims.iss.slice(claims.iss.lastIndexOf('/') + 1) : '';
      const name = typeof claims.username === 'string' ? claims.username : claims.sub;
      return name === undefined ? undefined : `${pool}/${name}`;
    } catch {
      return undefined;
    }
  }
  const params = body.AuthParameters as Record<string, unknown> | undefined;
  if (typeof params?.USERNAME === 'string') return `client:${String(body.ClientId)}/${params.USERNAME}`;
  return undefined;
}

function paceOf(operation: Operation<never, unknown>, body: Json): RequestPace {
  const user = operation.pace.perUser ? userOf(body) : undefined;
  return user === undefined ? operation.pace : { ...operation.pace, user };
}

const REGIONAL_HOST = /^cognito-idp(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/;

/** The largest page the model allows (QueryLimitType): walking every page, ask for as few as possible. */
const FULL_PAGE = CONSTRAINTS.Limit.max;

function checkCredentials(credentials: AwsCredentials | undefined): AwsCredentials {
  if (!credentials) throw new AppError('ERR_AWS_MISSING_CREDENTIALS', undefined, { details: { field: 'credentials' } });
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  const bad = (field: string) => new AppError('ERR_INVALID_CREDENTIALS', undefined, { details: { field } });
  // IAM AccessKeyId: 16 to 128 word characters (IAM API reference, AccessKey).
  if (typeof accessKeyId !== 'string' || !/^\w{16,128}$/.test(accessKeyId)) throw bad('accessKeyId');
  if (typeof secretAccessKey !== 'string' || !/^\S+$/.test(secretAccessKey)) throw bad('secretAccessKey');
  if (sessionToken !== undefined && (typeof sessionToken !== 'string' || !/^\S+$/.test(sessionToken))) {
    throw bad('sessionToken');
  }
  return credentials;
}

async function* pages<P, T>(
  fetchPage: (paginationToken: string | undefined) => Promise<P & { paginationToken?: string }>,
  items: (page: P) => readonly T[],
  operation: string,
): AsyncGenerator<T> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    yield* items(page);
    token = page.paginationToken;
    if (token !== undefined) {
      if (seen.has(token)) {
        throw new AppError('ERR_BAD_RESPONSE', `${operation}: the same page token came back twice.`, {
          details: { operation, retryable: false },
        });
      }
      seen.add(token);
    }
  } while (token !== undefined);
}

/** Create the client. Throws ERR_INVALID_ENDPOINT when `endpoint` is neither https nor loopback http. */
export function createCognitoClient(options: CognitoClientOptions): CognitoClient {
  const endpoint = checkEndpoint(options.endpoint);
  const now = options.now ?? (() => Date.now());
  const transport = createTransport({ ...options, endpoint, now });
  const endpointRegion = REGIONAL_HOST.exec(new URL(endpoint).hostname)?.[1];

  async function signerFor(userPoolId: unknown): Promise<RequestSigner> {
    const credentials = checkCredentials(options.credentials);
    const region = options.region ?? endpointRegion ?? regionOfPoolId(String(userPoolId));
    if (!region) throw new AppError('ERR_INVALID_USER_POOL_ID', undefined, { details: { field: 'UserPoolId' } });
    const { createSigV4Signer } = await import('./sigv4');
    return createSigV4Signer(credentials, region, now);
  }

  /** Send a built request: sign it when the operation is signed, then send (paced, retried) and parse. */
  async function send<I extends Cancellable, R>(
    operation: Operation<I, R>,
    input: I,
    request: WireRequest,
  ): Promise<R> {
    const { body, secrets } = request;
    const credentials = options.credentials;
    const spec = {
      operation: operation.name,
      pace: paceOf(operation, body),
      body,
      idempotent: operation.idempotent,
      signal: input.signal,
      recover: operation.recover,
    };
    const json = operation.signed
      ? await transport.call<Json>({
          ...spec,
          secrets: credentials ? [credentials.secretAccessKey, credentials.sessionToken ?? ''] : [],
          signer: await signerFor(body.UserPoolId),
        })
      : await transport.call<Json>({ ...spec, secrets });
    return operation.parse(json, operation.name);
  }

  /**
   * The one call every operation goes through: validate (before any network
   * call), then send. A request built synchronously is sent in the same turn,
   * so the pacer sees calls in the order they were made.
   */
  function call<I extends Cancellable, R>(operation: Operation<I, R>, input: I): Promise<R> {
    let request: WireRequest | Promise<WireRequest>;
    try {
      request = operation.request(input);
    } catch (error) {
      return Promise.reject(error);
    }
    return request instanceof Promise
      ? request.then((r) => send(operation, input, r))
      : send(operation, input, request);
  }

  const client: CognitoClient = {
    listDevices: (input) => call(OPERATIONS.ListDevices, input),
    listAllDevices: (input) =>
      pages(
        (paginationToken) => client.listDevices({ limit: FULL_PAGE, ...input, paginationToken }),
        (page: DevicePage) => page.devices,
        'ListDevices',
      ),
    getDevice: (input) => call(OPERATIONS.GetDevice, input),
    updateDeviceStatus: (input) => call(OPERATIONS.UpdateDeviceStatus, input),
    forgetDevice: (input) => call(OPERATIONS.ForgetDevice, input),
    confirmDevice: (input) => call(OPERATIONS.ConfirmDevice, input),
    getUser: (input) => call(OPERATIONS.GetUser, input),
    globalSignOut: (input) => call(OPERATIONS.GlobalSignOut, input),
    revokeToken: (input) => call(OPERATIONS.RevokeToken, input),
    initiateAuth: (input) => call(OPERATIONS.InitiateAuth, input),
    getTokensFromRefreshToken: (input) => call(OPERATIONS.GetTokensFromRefreshToken, input),
    adminListDevices: (input) => call(OPERATIONS.AdminListDevices, input),
    adminListAllDevices: (input) =>
      pages(
        (paginationToken) => client.adminListDevices({ limit: FULL_PAGE, ...input, paginationToken }),
        (page: DevicePage) => page.devices,
        'AdminListDevices',
      ),
    adminGetDevice: (input) => call(OPERATIONS.AdminGetDevice, input),
    adminUpdateDeviceStatus: (input) => call(OPERATIONS.AdminUpdateDeviceStatus, input),
    adminForgetDevice: (input) => call(OPERATIONS.AdminForgetDevice, input),
    listUsers: (input) => call(OPERATIONS.ListUsers, input),
    listAllUsers: (input) =>
      pages(
        (paginationToken) => client.listUsers({ ...input, paginationToken }),
        (page: UserPage) => page.users,
        'ListUsers',
      ),
    describeUserPool: (input) => call(OPERATIONS.DescribeUserPool, input),
    describeUserPoolClient: (input) => call(OPERATIONS.DescribeUserPoolClient, input),
  };
  return client;
}
