/**
 * The scope check, without jose: small enough for the popup.
 * Device operations with an access token require `aws.cognito.signin.user.admin`.
 */

/** The scope every token-authorized device operation requires. */
export const REQUIRED_SCOPE = 'aws.cognito.signin.user.admin';

/** The space-separated `scope` claim as a list. */
export function parseScopes(scope: unknown): string[] {
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

/** True when the scopes include {@link REQUIRED_SCOPE}. */
export function hasRequiredScope(scopes: readonly string[]): boolean {
  return scopes.includes(REQUIRED_SCOPE);
}
