import { hasRequiredScope, REQUIRED_SCOPE } from '../utils/token/scope';

/** Props of {@link ScopeBadge}. */
export interface ScopeBadgeProps {
  scopes: readonly string[];
  /** Also explain what to do when the scope is missing. */
  explain?: boolean;
}

/** Whether the access token carries `aws.cognito.signin.user.admin`, said before any call fails. */
export function ScopeBadge({ scopes, explain = false }: ScopeBadgeProps) {
  if (hasRequiredScope(scopes)) {
    return <span class="badge badge-ok">Scope {REQUIRED_SCOPE}</span>;
  }
  return (
    <span class="scope-missing">
      <span class="badge badge-warn">Missing scope {REQUIRED_SCOPE}</span>
      {explain ? (
        <span class="scope-verdict muted">
          <span>
            This token can show who is signed in, its pool and expiry, and whether its signature holds. It cannot list,
            remember or forget devices: Cognito refuses every device call without this scope.
          </span>
          <span>
            Tokens from managed login (the hosted UI / OAuth) carry it only when the app's owner makes two changes:
          </span>
          <ol>
            <li>Allow the scope {REQUIRED_SCOPE} on the app client (its allowed OAuth scopes).</li>
            <li>Request it at sign-in: add it to the scope of the authorize request (e.g. oidc-client-ts’s scope).</li>
          </ol>
          <span>SDK sign-ins (InitiateAuth) always carry it: signing in here on the Sessions page works today.</span>
        </span>
      ) : null}
    </span>
  );
}
