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
        <span class="muted">
          Device calls will be refused. Tokens from the hosted UI / OAuth carry this scope only if the app client allows
          it and the sign-in requests it; SDK sign-ins (InitiateAuth) always carry it. Add the scope to the client and
          the authorize request, or sign in with a username and password here.
        </span>
      ) : null}
    </span>
  );
}
