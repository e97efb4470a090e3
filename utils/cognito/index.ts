/**
 * The public API of the Cognito client: the only code in the extension that
 * talks to Cognito. Import from here, never from the modules behind it (one
 * rule, checked by tests/unit/structure.test.ts).
 */

export type { PerUserLimit, QuotaCategory, QuotaInfo, QuotaName, QuotaRates, RequestPace } from '../quotas';
export { COGNITO_RATES, QUOTA_NAMES, QUOTAS, quotaInfo, uniformRates } from '../quotas';
export { AWS_ERROR_MAP, classifyWireError, parseWireError, sanitizeErrorName } from './aws-errors';
export type { CognitoClient, CognitoClientOptions } from './client';
export { createCognitoClient } from './client';
export type { ConstrainedField, Constraint } from './constraints';
export { CONSTRAINTS, checkAccessToken, checkString } from './constraints';
export type { EndpointInput } from './endpoint';
export { isLoopbackUrl, resolveEndpoint } from './endpoint';
export type {
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
  UserFilterAttribute,
} from './inputs';
export { buildUserFilter, USER_FILTER_ATTRIBUTES } from './inputs';
export { OPERATIONS } from './operations';
export type { Pacer, PacerOptions, Sleep } from './pacer';
export { createPacer } from './pacer';
export { isUserPoolId, regionOfPoolId } from './pool-id';
export { COGNITO_FIPS_REGIONS, COGNITO_REGIONS, cognitoHost, isCognitoRegion } from './regions';
export type {
  Attribute,
  AuthResult,
  AuthTokens,
  CurrentUser,
  Device,
  DevicePage,
  PoolUser,
  UserPage,
  UserPoolClientDescription,
  UserPoolDescription,
} from './results';
export type { AwsCredentials } from './sigv4';
export type { RetryEvent, RetryOptions } from './transport';
export { longestCallMs } from './transport';
