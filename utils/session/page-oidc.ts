/**
 * oidc-client-ts (and react-oidc-context, which the Cognito console's SPA quick
 * start uses) keeps a signed-in user as `oidc.user:<authority>:<client_id>`,
 * a JSON `User` (`access_token`, `id_token`, `refresh_token`, `scope`,
 * `expires_at`, `profile`), in sessionStorage by default (its
 * `WebStorageStateStore`). Pure; every value is untrusted text.
 */
import { isRefreshTokenShaped, isTokenShaped, peekClaims } from '../token/claims';
import type { PageStoreName } from './page-reader';
import { isClientId, isUsername, type PageSession, type PageSessionValues } from './page-storage';

export const OIDC_PREFIX = 'oidc.user:';

/** An entry left out, and why. */
export interface OidcSkip {
  readonly where: PageStoreName;
  readonly key: string;
  readonly reason: 'not-json' | 'no-access-token' | 'bad-key';
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);

/** The username to show: the access token's `username`, else the ID profile's `cognito:username`. */
function usernameOf(accessToken: string, profile: unknown): string {
  try {
    const claimed = str(peekClaims(accessToken).claims.username);
    if (claimed && isUsername(claimed)) return claimed;
  } catch {
    // The token is judged (and its problem shown) by describePageSession.
  }
  const fromProfile =
    profile && typeof profile === 'object' ? str((profile as Record<string, unknown>)['cognito:username']) : undefined;
  return fromProfile && isUsername(fromProfile) ? fromProfile : '(unknown user)';
}

/** The oidc-client-ts users among one store's entries. */
export function parseOidcEntries(
  entries: unknown,
  where: PageStoreName,
): { sessions: PageSession[]; skipped: OidcSkip[] } {
  const sessions: PageSession[] = [];
  const skipped: OidcSkip[] = [];
  const skip = (key: string, reason: OidcSkip['reason']) => {
    if (skipped.length < 50) skipped.push({ where, key: key.slice(0, 120), reason });
  };
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (!Array.isArray(entry)) continue;
    const [key, value] = entry as unknown[];
    if (typeof key !== 'string' || typeof value !== 'string' || !key.startsWith(OIDC_PREFIX)) continue;
    // The authority is a URL (it has colons): the client id is after the LAST colon.
    const rest = key.slice(OIDC_PREFIX.length);
    const colon = rest.lastIndexOf(':');
    const authority = rest.slice(0, colon);
    const clientId = rest.slice(colon + 1);
    if (colon <= 0 || !isClientId(clientId) || !/^https?:\/\//.test(authority)) {
      skip(key, 'bad-key');
      continue;
    }
    let user: unknown;
    try {
      user = JSON.parse(value);
    } catch {
      skip(key, 'not-json');
      continue;
    }
    const fields = user && typeof user === 'object' && !Array.isArray(user) ? (user as Record<string, unknown>) : {};
    const accessToken = str(fields.access_token);
    if (!accessToken || !isTokenShaped(accessToken)) {
      skip(key, user && typeof user === 'object' ? 'no-access-token' : 'not-json');
      continue;
    }
    const values: PageSessionValues = { accessToken, clockDriftSec: 0 };
    const idToken = str(fields.id_token);
    if (idToken && isTokenShaped(idToken)) values.idToken = idToken;
    const refreshToken = str(fields.refresh_token);
    if (refreshToken && isRefreshTokenShaped(refreshToken)) values.refreshToken = refreshToken;
    sessions.push({
      where,
      format: 'oidc',
      clientId,
      username: usernameOf(accessToken, fields.profile),
      lastAuthUser: false,
      values,
      authority,
    });
  }
  return { sessions, skipped };
}
