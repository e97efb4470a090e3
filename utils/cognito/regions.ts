/**
 * The AWS regions with Cognito user pools, and their endpoint hosts.
 * Used by the manifest (optional host permissions, requested per region when
 * first needed) and by endpoint resolution. Browser match patterns cannot put
 * a wildcard in the middle of a host, so each region is listed.
 * Source: AWS General Reference, "Amazon Cognito endpoints and quotas".
 */
export const COGNITO_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'mx-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'af-south-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'us-gov-west-1',
  'us-gov-east-1',
] as const;

/** Regions that also have a FIPS endpoint (`cognito-idp-fips.{region}…`). */
export const COGNITO_FIPS_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'us-gov-west-1',
  'us-gov-east-1',
] as const;

export type CognitoRegion = (typeof COGNITO_REGIONS)[number];

/** True when `region` is a region this dashboard knows to have Cognito. */
export function isCognitoRegion(region: string): region is CognitoRegion {
  return (COGNITO_REGIONS as readonly string[]).includes(region);
}

/** The host of the Cognito user-pools endpoint of a region. */
export function cognitoHost(region: CognitoRegion, fips = false): string {
  return `cognito-idp${fips ? '-fips' : ''}.${region}.amazonaws.com`;
}

/** Host match patterns for a loopback endpoint (defined with the host permissions' other pieces). */
export { LOOPBACK_HOST_PATTERNS } from '../host-patterns';

/** Host match patterns for every Cognito endpoint (manifest optional_host_permissions). */
export function cognitoHostPatterns(): string[] {
  return [
    ...COGNITO_REGIONS.map((r) => `https://${cognitoHost(r)}/*`),
    ...COGNITO_FIPS_REGIONS.map((r) => `https://${cognitoHost(r, true)}/*`),
  ];
}
