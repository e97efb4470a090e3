/**
 * Cognito's request-rate quotas as the extension paces by them ("Quotas in
 * Amazon Cognito", developer guide; DESIGN.md "Quotas"): each operation falls
 * in a category whose rate is pooled per AWS account and Region across all its
 * user pools, and on top of that one user may make at most 10 reads and 10
 * writes per second. Which category and which per-user limit an operation
 * counts against is a column of the operations table (utils/cognito/operations.ts).
 * Pure data, outside utils/cognito so that Settings (read by every page, the
 * popup too) need not load the client: Settings, the pacer and the UI read it.
 */

/** Cognito's category names (the ones our operations fall in). */
export type QuotaCategory =
  | 'UserResourceRead'
  | 'UserResourceUpdate'
  | 'UserList'
  | 'UserPoolRead'
  | 'UserPoolClientRead'
  | 'UserRead'
  | 'UserUpdate'
  | 'UserAuthentication'
  | 'UserToken';

/** The two per-user limits: 10 reads/s and 10 writes/s for one user. */
export type PerUserLimit = 'PerUserRead' | 'PerUserWrite';

/** Every rate the pacer keeps. */
export type QuotaName = QuotaCategory | PerUserLimit;

/** Requests per second by name. */
export type QuotaRates = Readonly<Record<QuotaName, number>>;

/** One quota as Cognito documents it. */
export interface QuotaInfo {
  readonly name: QuotaName;
  /** Cognito's default rate (requests per second). */
  readonly rate: number;
  /** True when AWS raises it on request (Service Quotas): only then may Settings go above `rate`. */
  readonly adjustable: boolean;
  /** What it limits, for people. */
  readonly label: string;
  /**
   * The client's operations it limits, for Settings' hint. The operations table's `pace` column is
   * what the pacer uses; tests/unit/cognito/quotas.test.ts checks that this list says the same.
   */
  readonly operations: readonly string[];
}

/** The quotas, in the order Settings shows them. Rates and adjustability: the developer guide's table. */
export const QUOTAS: readonly QuotaInfo[] = [
  {
    name: 'UserResourceRead',
    rate: 50,
    adjustable: true,
    label: 'Device reads',
    operations: ['ListDevices', 'GetDevice', 'AdminListDevices', 'AdminGetDevice'],
  },
  {
    name: 'UserResourceUpdate',
    rate: 25,
    adjustable: false,
    label: 'Device changes',
    operations: ['UpdateDeviceStatus', 'ForgetDevice', 'ConfirmDevice', 'AdminUpdateDeviceStatus', 'AdminForgetDevice'],
  },
  { name: 'UserList', rate: 30, adjustable: false, label: 'User listing', operations: ['ListUsers'] },
  { name: 'UserPoolRead', rate: 15, adjustable: false, label: 'Pool description', operations: ['DescribeUserPool'] },
  // Also 5/s per user pool (DESIGN.md's table); the extension asks once per import, far below either.
  {
    name: 'UserPoolClientRead',
    rate: 15,
    adjustable: false,
    label: 'App client description',
    operations: ['DescribeUserPoolClient'],
  },
  { name: 'UserRead', rate: 120, adjustable: true, label: 'Profile reads', operations: ['GetUser'] },
  { name: 'UserUpdate', rate: 25, adjustable: false, label: 'Sign-out everywhere', operations: ['GlobalSignOut'] },
  {
    name: 'UserAuthentication',
    rate: 120,
    adjustable: true,
    label: 'Sign-in and refresh',
    operations: ['InitiateAuth', 'GetTokensFromRefreshToken'],
  },
  { name: 'UserToken', rate: 120, adjustable: true, label: 'Token revocation', operations: ['RevokeToken'] },
  {
    name: 'PerUserRead',
    rate: 10,
    adjustable: false,
    label: 'Reads for one user',
    operations: [
      'ListDevices',
      'GetDevice',
      'GetUser',
      'InitiateAuth',
      'GetTokensFromRefreshToken',
      'AdminListDevices',
      'AdminGetDevice',
    ],
  },
  {
    name: 'PerUserWrite',
    rate: 10,
    adjustable: false,
    label: 'Writes for one user',
    operations: [
      'UpdateDeviceStatus',
      'ForgetDevice',
      'ConfirmDevice',
      'GlobalSignOut',
      'AdminUpdateDeviceStatus',
      'AdminForgetDevice',
      'RevokeToken',
    ],
  },
];

/** Cognito's default rates by name. */
export const COGNITO_RATES: QuotaRates = Object.fromEntries(QUOTAS.map((q) => [q.name, q.rate])) as Record<
  QuotaName,
  number
>;

/** The names of the quotas. */
export const QUOTA_NAMES: readonly QuotaName[] = QUOTAS.map((q) => q.name);

/** The quota `name`'s documentation row. */
export function quotaInfo(name: QuotaName): QuotaInfo {
  return QUOTAS.find((q) => q.name === name) as QuotaInfo;
}

/** What one request counts against: its category, and the per-user limit of the user it acts for (when known). */
export interface RequestPace {
  readonly category: QuotaCategory;
  readonly perUser?: PerUserLimit;
  /** A key for the user (pool and username); absent when the request names no user the client can tell. */
  readonly user?: string;
}

/** Every quota at one rate (tests and benchmarks that want no pacing: a huge rate). */
export function uniformRates(rate: number): QuotaRates {
  return Object.fromEntries(QUOTAS.map((q) => [q.name, rate])) as Record<QuotaName, number>;
}
