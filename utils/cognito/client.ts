/**
 * The Cognito client: every device, user and token operation this extension
 * uses, with inputs validated against the model before any request is sent,
 * results in friendly types, and errors as AppErrors. Token operations carry
 * the access token in the body; Admin operations are SigV4-signed (aws4fetch,
 * loaded lazily on the first Admin call).
 */
import { AppError } from '../errors';
import { CONSTRAINTS, checkAccessToken, checkInteger, checkOptionalString, checkString } from './constraints';
import { checkEndpoint } from './endpoint';
import type { Pacer, Sleep } from './pacer';
import { regionOfPoolId } from './pool-id';
import {
  type AuthResult,
  type CurrentUser,
  type Device,
  type DevicePage,
  type PoolUser,
  parseAuthResult,
  parseCurrentUser,
  parseDevice,
  parseDevicePage,
  parseUserPage,
  parseUserPool,
  type UserPage,
  type UserPoolDescription,
} from './results';
import { computeSecretHash } from './secret-hash';
import type { AwsCredentials } from './sigv4';
import {
  type AttemptContext,
  createTransport,
  type RequestSigner,
  type RetryEvent,
  type RetryOptions,
} from './transport';

/** Options of `createCognitoClient`. */
export interface CognitoClientOptions {
  /** Resolved base URL (see `resolveEndpoint`): https, or http on loopback. */
  endpoint: string;
  fetch?: typeof fetch;
  /** Per-attempt timeout. Default 10 000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Shared token bucket. Default: a new one with reads 50/s, writes 25/s. */
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

/** Every call accepts a signal that cancels it. */
export interface Cancellable {
  signal?: AbortSignal;
}

export interface AccessTokenInput extends Cancellable {
  accessToken: string;
}
export interface DeviceInput extends AccessTokenInput {
  deviceKey: string;
}
export interface ListDevicesInput extends AccessTokenInput {
  limit?: number;
  paginationToken?: string;
}
export interface AdminUserInput extends Cancellable {
  userPoolId: string;
  username: string;
}
export interface AdminDeviceInput extends AdminUserInput {
  deviceKey: string;
}
export interface AdminListDevicesInput extends AdminUserInput {
  limit?: number;
  paginationToken?: string;
}
/** Attributes ListUsers can filter on (Cognito API reference, ListUsers `Filter`). */
export const USER_FILTER_ATTRIBUTES = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
] as const;
export type UserFilterAttribute = (typeof USER_FILTER_ATTRIBUTES)[number];
export interface ListUsersInput extends Cancellable {
  userPoolId: string;
  /** A prefix search, or a raw filter expression (`email ^= "a"`). */
  filter?: { attribute: UserFilterAttribute; prefix: string } | string;
  limit?: number;
  paginationToken?: string;
}
export interface ConfirmDeviceInput extends DeviceInput {
  deviceName?: string;
  /** SRP verifier of the device secret, as made by the Amplify / Cognito SDKs. */
  verifier?: { passwordVerifier: string; salt: string };
}
export type InitiateAuthInput = Cancellable & { clientId: string; clientSecret?: string } & (
    | { flow: 'USER_PASSWORD_AUTH'; username: string; password: string }
    | { flow: 'REFRESH_TOKEN_AUTH'; refreshToken: string; deviceKey?: string; username?: string }
  );
export interface RefreshInput extends Cancellable {
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
  deviceKey?: string;
}

export interface RevokeTokenInput extends Cancellable {
  /** The refresh token to revoke. */
  token: string;
  clientId: string;
  clientSecret?: string;
}

/** The outcome of a forget that may have been retried. */
export interface ForgetResult {
  /** True when a retry found the device gone after an earlier attempt may have removed it. */
  readonly alreadyForgotten: boolean;
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
}

type Json = Record<string, unknown>;

const REGIONAL_HOST = /^cognito-idp(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/;

function rememberedStatus(remembered: unknown): 'remembered' | 'not_remembered' {
  if (typeof remembered !== 'boolean') {
    throw new AppError('ERR_INVALID_DEVICE_REMEMBERED_STATUS', 'remembered must be true or false.', {
      details: { field: 'DeviceRememberedStatus' },
    });
  }
  return checkString('DeviceRememberedStatus', remembered ? 'remembered' : 'not_remembered') as
    | 'remembered'
    | 'not_remembered';
}

/** The largest page the model allows (QueryLimitType): walking every page, ask for as few as possible. */
const FULL_PAGE = CONSTRAINTS.Limit.max;

function optionalLimit(limit: unknown): number | undefined {
  return limit === undefined ? undefined : checkInteger('Limit', limit);
}

function checkPassword(password: unknown): string {
  if (typeof password !== 'string' || password.length === 0) {
    throw new AppError('ERR_INVALID_PASSWORD', undefined, { details: { field: 'Password' } });
  }
  return password;
}

function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The ListUsers `Filter` string for a prefix search or raw expression; validated against UserFilterType. */
export function buildUserFilter(filter: ListUsersInput['filter']): string | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter === 'string') return checkString('Filter', filter);
  if (!filter || !(USER_FILTER_ATTRIBUTES as readonly string[]).includes(filter.attribute)) {
    throw new AppError('ERR_INVALID_FILTER', 'The filter attribute is not searchable.', {
      details: { field: 'Filter' },
    });
  }
  if (typeof filter.prefix !== 'string') {
    throw new AppError('ERR_INVALID_FILTER', 'The filter prefix must be text.', { details: { field: 'Filter' } });
  }
  return checkString('Filter', `${filter.attribute} ^= ${quoteFilterValue(filter.prefix)}`);
}

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

  const forgetRecovery = (error: AppError, context: AttemptContext): ForgetResult | undefined =>
    context.mayHaveLanded && error.code === 'ERR_COGNITO_RESOURCE_NOT_FOUND' ? { alreadyForgotten: true } : undefined;

  async function signerFor(userPoolId: string): Promise<RequestSigner> {
    const credentials = checkCredentials(options.credentials);
    const region = options.region ?? endpointRegion ?? regionOfPoolId(userPoolId);
    if (!region) throw new AppError('ERR_INVALID_USER_POOL_ID', undefined, { details: { field: 'UserPoolId' } });
    const { createSigV4Signer } = await import('./sigv4');
    return createSigV4Signer(credentials, region, now);
  }

  function secretsOf(credentials?: AwsCredentials): string[] {
    return credentials ? [credentials.secretAccessKey, credentials.sessionToken ?? ''] : [];
  }

  async function admin<T = Json>(
    operation: string,
    kind: 'read' | 'write',
    userPoolId: string,
    body: Json,
    signal: AbortSignal | undefined,
    recover?: (error: AppError, context: AttemptContext) => T | undefined,
  ): Promise<T> {
    const signer = await signerFor(userPoolId);
    return transport.call<T>({
      operation,
      kind,
      body,
      idempotent: true,
      secrets: secretsOf(options.credentials),
      signer,
      signal,
      recover,
    });
  }

  function adminDeviceBody(input: AdminDeviceInput): Json {
    return {
      UserPoolId: checkString('UserPoolId', input.userPoolId),
      Username: checkString('Username', input.username),
      DeviceKey: checkString('DeviceKey', input.deviceKey),
    };
  }

  async function tokens(operation: string, body: Json, secrets: string[], idempotent: boolean, signal?: AbortSignal) {
    const json = await transport.call<Json>({ operation, kind: 'auth', body, idempotent, secrets, signal });
    return parseAuthResult(json, operation);
  }

  const client: CognitoClient = {
    async listDevices(input) {
      const body: Json = { AccessToken: checkAccessToken(input.accessToken) };
      const limit = optionalLimit(input.limit);
      if (limit !== undefined) body.Limit = limit;
      const paginationToken = checkOptionalString('PaginationToken', input.paginationToken);
      if (paginationToken !== undefined) body.PaginationToken = paginationToken;
      const json = await transport.call<Json>({
        operation: 'ListDevices',
        kind: 'read',
        body,
        idempotent: true,
        secrets: [input.accessToken],
        signal: input.signal,
      });
      return parseDevicePage(json, 'ListDevices');
    },

    listAllDevices(input) {
      return pages(
        (paginationToken) => client.listDevices({ limit: FULL_PAGE, ...input, paginationToken }),
        (page: DevicePage) => page.devices,
        'ListDevices',
      );
    },

    async getDevice(input) {
      const body = {
        AccessToken: checkAccessToken(input.accessToken),
        DeviceKey: checkString('DeviceKey', input.deviceKey),
      };
      const json = await transport.call<Json>({
        operation: 'GetDevice',
        kind: 'read',
        body,
        idempotent: true,
        secrets: [input.accessToken],
        signal: input.signal,
      });
      return parseDevice(json.Device, 'GetDevice');
    },

    async updateDeviceStatus(input) {
      const body = {
        AccessToken: checkAccessToken(input.accessToken),
        DeviceKey: checkString('DeviceKey', input.deviceKey),
        DeviceRememberedStatus: rememberedStatus(input.remembered),
      };
      // Idempotent: setting the same status twice is harmless, so timeouts are retried.
      await transport.call({
        operation: 'UpdateDeviceStatus',
        kind: 'write',
        body,
        idempotent: true,
        secrets: [input.accessToken],
        signal: input.signal,
      });
    },

    async forgetDevice(input) {
      const body = {
        AccessToken: checkAccessToken(input.accessToken),
        DeviceKey: checkString('DeviceKey', input.deviceKey),
      };
      const result = await transport.call<ForgetResult | Json>({
        operation: 'ForgetDevice',
        kind: 'write',
        body,
        idempotent: true,
        secrets: [input.accessToken],
        signal: input.signal,
        recover: forgetRecovery,
      });
      return { alreadyForgotten: (result as Partial<ForgetResult>).alreadyForgotten === true };
    },

    async confirmDevice(input) {
      const body: Json = {
        AccessToken: checkAccessToken(input.accessToken),
        DeviceKey: checkString('DeviceKey', input.deviceKey),
      };
      const deviceName = checkOptionalString('DeviceName', input.deviceName);
      if (deviceName !== undefined) body.DeviceName = deviceName;
      if (input.verifier) {
        body.DeviceSecretVerifierConfig = {
          PasswordVerifier: input.verifier.passwordVerifier,
          Salt: input.verifier.salt,
        };
      }
      const json = await transport.call<Json>({
        operation: 'ConfirmDevice',
        kind: 'write',
        body,
        idempotent: false,
        secrets: [input.accessToken],
        signal: input.signal,
      });
      return { userConfirmationNecessary: json.UserConfirmationNecessary === true };
    },

    async getUser(input) {
      const json = await transport.call<Json>({
        operation: 'GetUser',
        kind: 'read',
        body: { AccessToken: checkAccessToken(input.accessToken) },
        idempotent: true,
        secrets: [input.accessToken],
        signal: input.signal,
      });
      return parseCurrentUser(json, 'GetUser');
    },

    async globalSignOut(input) {
      await transport.call<Json>({
        operation: 'GlobalSignOut',
        kind: 'write',
        body: { AccessToken: checkAccessToken(input.accessToken) },
        idempotent: true,
        secrets: [input.accessToken],
        signal: input.signal,
        // A retry that finds the token revoked means an earlier attempt signed out.
        recover: (error, context) =>
          context.mayHaveLanded && error.code === 'ERR_COGNITO_TOKEN_REVOKED' ? {} : undefined,
      });
    },

    async revokeToken(input) {
      // RevokeTokenRequest of the model: Token (TokenModelType), ClientId, ClientSecret (optional).
      const body: Json = {
        Token: checkString('RefreshToken', input.token),
        ClientId: checkString('ClientId', input.clientId),
      };
      const clientSecret = checkOptionalString('ClientSecret', input.clientSecret);
      if (clientSecret !== undefined) body.ClientSecret = clientSecret;
      // Revoking twice is harmless: a retry may resend it.
      await transport.call<Json>({
        operation: 'RevokeToken',
        kind: 'write',
        body,
        idempotent: true,
        secrets: [input.token, clientSecret ?? ''],
        signal: input.signal,
      });
    },

    async initiateAuth(input) {
      const clientId = checkString('ClientId', input.clientId);
      const clientSecret = checkOptionalString('ClientSecret', input.clientSecret);
      const params: Record<string, string> = {};
      const secrets: string[] = [];
      let hashUser: string | undefined;
      if (input.flow === 'USER_PASSWORD_AUTH') {
        params.USERNAME = checkString('Username', input.username);
        params.PASSWORD = checkPassword(input.password);
        secrets.push(input.password);
        hashUser = params.USERNAME;
      } else if (input.flow === 'REFRESH_TOKEN_AUTH') {
        params.REFRESH_TOKEN = checkString('RefreshToken', input.refreshToken);
        secrets.push(input.refreshToken);
        const deviceKey = checkOptionalString('DeviceKey', input.deviceKey);
        if (deviceKey !== undefined) params.DEVICE_KEY = deviceKey;
        // For a refresh, SECRET_HASH is computed over the username (or sub) of the token's user.
        hashUser = checkOptionalString('Username', input.username);
        if (clientSecret !== undefined && hashUser === undefined) {
          throw new AppError('ERR_INVALID_USERNAME', 'Username is needed to compute SECRET_HASH.', {
            details: { field: 'Username' },
          });
        }
      } else {
        throw new AppError('ERR_INVALID_INPUT', 'Unsupported auth flow.', { details: { field: 'AuthFlow' } });
      }
      if (clientSecret !== undefined && hashUser !== undefined) {
        params.SECRET_HASH = await computeSecretHash(clientSecret, hashUser, clientId);
        secrets.push(clientSecret, params.SECRET_HASH);
      }
      const body = { AuthFlow: input.flow, ClientId: clientId, AuthParameters: params };
      return tokens('InitiateAuth', body, secrets, true, input.signal);
    },

    async getTokensFromRefreshToken(input) {
      const body: Json = {
        ClientId: checkString('ClientId', input.clientId),
        RefreshToken: checkString('RefreshToken', input.refreshToken),
      };
      const clientSecret = checkOptionalString('ClientSecret', input.clientSecret);
      if (clientSecret !== undefined) body.ClientSecret = clientSecret;
      const deviceKey = checkOptionalString('DeviceKey', input.deviceKey);
      if (deviceKey !== undefined) body.DeviceKey = deviceKey;
      const secrets = [input.refreshToken, clientSecret ?? ''];
      // Not idempotent: with rotation a refresh token can be spent once.
      return tokens('GetTokensFromRefreshToken', body, secrets, false, input.signal);
    },

    async adminListDevices(input) {
      const body: Json = {
        UserPoolId: checkString('UserPoolId', input.userPoolId),
        Username: checkString('Username', input.username),
      };
      const limit = optionalLimit(input.limit);
      if (limit !== undefined) body.Limit = limit;
      const paginationToken = checkOptionalString('PaginationToken', input.paginationToken);
      if (paginationToken !== undefined) body.PaginationToken = paginationToken;
      const json = await admin('AdminListDevices', 'read', input.userPoolId, body, input.signal);
      return parseDevicePage(json, 'AdminListDevices');
    },

    adminListAllDevices(input) {
      return pages(
        (paginationToken) => client.adminListDevices({ limit: FULL_PAGE, ...input, paginationToken }),
        (page: DevicePage) => page.devices,
        'AdminListDevices',
      );
    },

    async adminGetDevice(input) {
      const json = await admin('AdminGetDevice', 'read', input.userPoolId, adminDeviceBody(input), input.signal);
      return parseDevice(json.Device, 'AdminGetDevice');
    },

    async adminUpdateDeviceStatus(input) {
      const body = { ...adminDeviceBody(input), DeviceRememberedStatus: rememberedStatus(input.remembered) };
      await admin('AdminUpdateDeviceStatus', 'write', input.userPoolId, body, input.signal);
    },

    async adminForgetDevice(input) {
      const body = adminDeviceBody(input);
      const result = await admin<ForgetResult | Json>(
        'AdminForgetDevice',
        'write',
        input.userPoolId,
        body,
        input.signal,
        forgetRecovery,
      );
      return { alreadyForgotten: (result as Partial<ForgetResult>).alreadyForgotten === true };
    },

    async listUsers(input) {
      const body: Json = { UserPoolId: checkString('UserPoolId', input.userPoolId) };
      const filter = buildUserFilter(input.filter);
      if (filter !== undefined) body.Filter = filter;
      const limit = optionalLimit(input.limit);
      if (limit !== undefined) body.Limit = limit;
      const paginationToken = checkOptionalString('PaginationToken', input.paginationToken);
      if (paginationToken !== undefined) body.PaginationToken = paginationToken;
      const json = await admin('ListUsers', 'read', input.userPoolId, body, input.signal);
      return parseUserPage(json, 'ListUsers');
    },

    listAllUsers(input) {
      return pages(
        (paginationToken) => client.listUsers({ ...input, paginationToken }),
        (page: UserPage) => page.users,
        'ListUsers',
      );
    },

    async describeUserPool(input) {
      const body = { UserPoolId: checkString('UserPoolId', input.userPoolId) };
      const json = await admin('DescribeUserPool', 'read', input.userPoolId, body, input.signal);
      return parseUserPool(json, 'DescribeUserPool');
    },
  };
  return client;
}
