/**
 * Every Cognito operation of the client as one row of a table: its quota
 * category and per-user limit, whether it is SigV4-signed, its retry safety, how a
 * validated wire body is built from the input (before any network call), how
 * the answer is parsed, and how a retried call that already landed is told
 * apart from a failure. `createCognitoClient` runs every row through one call.
 * Facts from the service model (cognito-idp-model.json) and DESIGN.md.
 */
import type { AppError } from '../errors';
import type { PerUserLimit, QuotaCategory } from '../quotas';
import { initiateAuthRequest } from './auth-request';
import { checkAccessToken, checkOptionalString, checkString } from './constraints';
import {
  type AccessTokenInput,
  type AdminDeviceInput,
  type AdminListDevicesInput,
  buildUserFilter,
  type ConfirmDeviceInput,
  type DeviceInput,
  type ForgetResult,
  type InitiateAuthInput,
  type ListDevicesInput,
  type ListUsersInput,
  optionalLimit,
  type RefreshInput,
  type RevokeTokenInput,
  wireRememberedStatus,
} from './inputs';
import {
  type AuthResult,
  type CurrentUser,
  type Device,
  type DevicePage,
  parseAuthResult,
  parseCurrentUser,
  parseDevice,
  parseDevicePage,
  parseUserPage,
  parseUserPool,
  parseUserPoolClient,
  type UserPage,
  type UserPoolClientDescription,
  type UserPoolDescription,
} from './results';
import type { AttemptContext } from './transport';
import type { Json, WireRequest } from './wire';

export type { Json, WireRequest } from './wire';

/** One operation of the table. */
export interface Operation<I, R> {
  readonly name: string;
  /** Its quota category (quotas.ts), and the per-user limit of the user it acts on (none: acts on no one user). */
  readonly pace: { readonly category: QuotaCategory; readonly perUser?: PerUserLimit };
  /** SigV4-signed with IAM credentials (the Admin operations, ListUsers, DescribeUserPool). */
  readonly signed: boolean;
  /** True when sending it twice does no harm: timeouts and network failures are then retried. */
  readonly idempotent: boolean;
  /** Build and validate the body. @throws AppError before any network call */
  readonly request: (input: I) => WireRequest | Promise<WireRequest>;
  readonly parse: (json: Json, name: string) => R;
  /** Turn an error of a retried attempt that may have landed into a result. */
  readonly recover?: (error: AppError, context: AttemptContext) => Json | undefined;
}

const op = <I, R>(row: Operation<I, R>): Operation<I, R> => row;

/** A retried forget that finds the device gone: an earlier attempt removed it. */
const forgetRecovery = (error: AppError, context: AttemptContext): Json | undefined =>
  context.mayHaveLanded && error.code === 'ERR_COGNITO_RESOURCE_NOT_FOUND' ? { alreadyForgotten: true } : undefined;
const forgetResult = (json: Json): ForgetResult => ({ alreadyForgotten: json.alreadyForgotten === true });
const nothing = (): void => undefined;

/** A token operation's body: the access token, plus the fields given. */
function tokenRequest(input: AccessTokenInput, fields: Json = {}): WireRequest {
  return { body: { AccessToken: checkAccessToken(input.accessToken), ...fields }, secrets: [input.accessToken] };
}
/** Add the optional fields that are set. */
function withOptional(body: Json, fields: Record<string, unknown>): Json {
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) body[name] = value;
  return body;
}
const paging = (input: { limit?: number; paginationToken?: string }) => ({
  Limit: optionalLimit(input.limit),
  PaginationToken: checkOptionalString('PaginationToken', input.paginationToken),
});
const deviceKey = (input: { deviceKey: string }) => checkString('DeviceKey', input.deviceKey);
const adminDevice = (input: AdminDeviceInput): Json => ({
  UserPoolId: checkString('UserPoolId', input.userPoolId),
  Username: checkString('Username', input.username),
  DeviceKey: deviceKey(input),
});
/** Signed requests: the client adds the credentials as the secrets. */
const signedRequest = (body: Json): WireRequest => ({ body, secrets: [] });

/** The operations, by name. */
export const OPERATIONS = {
  ListDevices: op<ListDevicesInput, DevicePage>({
    name: 'ListDevices',
    pace: { category: 'UserResourceRead', perUser: 'PerUserRead' },
    signed: false,
    idempotent: true,
    request: (input) => {
      const { body, secrets } = tokenRequest(input);
      return { body: withOptional(body, paging(input)), secrets };
    },
    parse: parseDevicePage,
  }),
  GetDevice: op<DeviceInput, Device>({
    name: 'GetDevice',
    pace: { category: 'UserResourceRead', perUser: 'PerUserRead' },
    signed: false,
    idempotent: true,
    request: (input) => tokenRequest(input, { DeviceKey: deviceKey(input) }),
    parse: (json, name) => parseDevice(json.Device, name),
  }),
  // Idempotent: setting the same status twice is harmless, so timeouts are retried.
  UpdateDeviceStatus: op<DeviceInput & { remembered: boolean }, void>({
    name: 'UpdateDeviceStatus',
    pace: { category: 'UserResourceUpdate', perUser: 'PerUserWrite' },
    signed: false,
    idempotent: true,
    request: (input) =>
      tokenRequest(input, {
        DeviceKey: deviceKey(input),
        DeviceRememberedStatus: wireRememberedStatus(input.remembered),
      }),
    parse: nothing,
  }),
  ForgetDevice: op<DeviceInput, ForgetResult>({
    name: 'ForgetDevice',
    pace: { category: 'UserResourceUpdate', perUser: 'PerUserWrite' },
    signed: false,
    idempotent: true,
    request: (input) => tokenRequest(input, { DeviceKey: deviceKey(input) }),
    parse: forgetResult,
    recover: forgetRecovery,
  }),
  ConfirmDevice: op<ConfirmDeviceInput, { userConfirmationNecessary: boolean }>({
    name: 'ConfirmDevice',
    pace: { category: 'UserResourceUpdate', perUser: 'PerUserWrite' },
    signed: false,
    idempotent: false,
    request: (input) => {
      const { body, secrets } = tokenRequest(input, { DeviceKey: deviceKey(input) });
      withOptional(body, {
        DeviceName: checkOptionalString('DeviceName', input.deviceName),
        DeviceSecretVerifierConfig: input.verifier
          ? { PasswordVerifier: input.verifier.passwordVerifier, Salt: input.verifier.salt }
          : undefined,
      });
      return { body, secrets };
    },
    parse: (json) => ({ userConfirmationNecessary: json.UserConfirmationNecessary === true }),
  }),
  GetUser: op<AccessTokenInput, CurrentUser>({
    name: 'GetUser',
    pace: { category: 'UserRead', perUser: 'PerUserRead' },
    signed: false,
    idempotent: true,
    request: (input) => tokenRequest(input),
    parse: parseCurrentUser,
  }),
  GlobalSignOut: op<AccessTokenInput, void>({
    name: 'GlobalSignOut',
    pace: { category: 'UserUpdate', perUser: 'PerUserWrite' },
    signed: false,
    idempotent: true,
    request: (input) => tokenRequest(input),
    parse: nothing,
    // A retry that finds the token revoked means an earlier attempt signed out.
    recover: (error, context) => (context.mayHaveLanded && error.code === 'ERR_COGNITO_TOKEN_REVOKED' ? {} : undefined),
  }),
  // RevokeTokenRequest of the model: Token (TokenModelType), ClientId, ClientSecret (optional).
  // Revoking twice is harmless: a retry may resend it.
  RevokeToken: op<RevokeTokenInput, void>({
    name: 'RevokeToken',
    pace: { category: 'UserToken', perUser: 'PerUserWrite' },
    signed: false,
    idempotent: true,
    request: (input) => {
      const clientSecret = checkOptionalString('ClientSecret', input.clientSecret);
      const body = withOptional(
        { Token: checkString('RefreshToken', input.token), ClientId: checkString('ClientId', input.clientId) },
        { ClientSecret: clientSecret },
      );
      return { body, secrets: [input.token, clientSecret ?? ''] };
    },
    parse: nothing,
  }),
  InitiateAuth: op<InitiateAuthInput, AuthResult>({
    name: 'InitiateAuth',
    pace: { category: 'UserAuthentication', perUser: 'PerUserRead' },
    signed: false,
    idempotent: true,
    request: initiateAuthRequest,
    parse: parseAuthResult,
  }),
  // Not idempotent: with rotation a refresh token can be spent once.
  GetTokensFromRefreshToken: op<RefreshInput, AuthResult>({
    name: 'GetTokensFromRefreshToken',
    pace: { category: 'UserAuthentication', perUser: 'PerUserRead' },
    signed: false,
    idempotent: false,
    request: (input) => {
      const clientSecret = checkOptionalString('ClientSecret', input.clientSecret);
      const body = withOptional(
        {
          ClientId: checkString('ClientId', input.clientId),
          RefreshToken: checkString('RefreshToken', input.refreshToken),
        },
        { ClientSecret: clientSecret, DeviceKey: checkOptionalString('DeviceKey', input.deviceKey) },
      );
      return { body, secrets: [input.refreshToken, clientSecret ?? ''] };
    },
    parse: parseAuthResult,
  }),
  AdminListDevices: op<AdminListDevicesInput, DevicePage>({
    name: 'AdminListDevices',
    pace: { category: 'UserResourceRead', perUser: 'PerUserRead' },
    signed: true,
    idempotent: true,
    request: (input) =>
      signedRequest(
        withOptional(
          {
            UserPoolId: checkString('UserPoolId', input.userPoolId),
            Username: checkString('Username', input.username),
          },
          paging(input),
        ),
      ),
    parse: parseDevicePage,
  }),
  AdminGetDevice: op<AdminDeviceInput, Device>({
    name: 'AdminGetDevice',
    pace: { category: 'UserResourceRead', perUser: 'PerUserRead' },
    signed: true,
    idempotent: true,
    request: (input) => signedRequest(adminDevice(input)),
    parse: (json, name) => parseDevice(json.Device, name),
  }),
  AdminUpdateDeviceStatus: op<AdminDeviceInput & { remembered: boolean }, void>({
    name: 'AdminUpdateDeviceStatus',
    pace: { category: 'UserResourceUpdate', perUser: 'PerUserWrite' },
    signed: true,
    idempotent: true,
    request: (input) =>
      signedRequest({ ...adminDevice(input), DeviceRememberedStatus: wireRememberedStatus(input.remembered) }),
    parse: nothing,
  }),
  AdminForgetDevice: op<AdminDeviceInput, ForgetResult>({
    name: 'AdminForgetDevice',
    pace: { category: 'UserResourceUpdate', perUser: 'PerUserWrite' },
    signed: true,
    idempotent: true,
    request: (input) => signedRequest(adminDevice(input)),
    parse: forgetResult,
    recover: forgetRecovery,
  }),
  ListUsers: op<ListUsersInput, UserPage>({
    name: 'ListUsers',
    pace: { category: 'UserList' },
    signed: true,
    idempotent: true,
    request: (input) => {
      const body: Json = { UserPoolId: checkString('UserPoolId', input.userPoolId) };
      return signedRequest(withOptional(body, { Filter: buildUserFilter(input.filter), ...paging(input) }));
    },
    parse: parseUserPage,
  }),
  DescribeUserPool: op<{ userPoolId: string }, UserPoolDescription>({
    name: 'DescribeUserPool',
    pace: { category: 'UserPoolRead' },
    signed: true,
    idempotent: true,
    request: (input) => signedRequest({ UserPoolId: checkString('UserPoolId', input.userPoolId) }),
    parse: parseUserPool,
  }),
  DescribeUserPoolClient: op<{ userPoolId: string; clientId: string }, UserPoolClientDescription>({
    name: 'DescribeUserPoolClient',
    pace: { category: 'UserPoolClientRead' },
    signed: true,
    idempotent: true,
    request: (input) =>
      signedRequest({
        UserPoolId: checkString('UserPoolId', input.userPoolId),
        ClientId: checkString('ClientId', input.clientId),
      }),
    parse: parseUserPoolClient,
  }),
} as const;
