/**
 * The session model. A `Session` holds secrets (tokens, a client secret) and
 * lives only in storage.session (or the opt-in local mirror); everything that
 * leaves the background for the UI is a `PublicSession` (see `publicSession`).
 */
import type { Session } from '../storage';

export type { Session, SessionSource, SessionStatus, SessionTokens, VerificationState } from '../storage';

/** A session without its secrets, plus which secrets exist. */
export type PublicSession = Omit<Session, 'tokens'> & {
  readonly has: { readonly idToken: boolean; readonly refreshToken: boolean; readonly clientSecret: boolean };
};

/** Which token the UI may reveal on demand. */
export type TokenKind = 'accessToken' | 'idToken' | 'refreshToken';

/** Strip the secrets of a session for the UI and messages. */
export function publicSession(session: Session): PublicSession {
  const { tokens, ...rest } = session;
  return {
    ...rest,
    has: {
      idToken: tokens.idToken !== undefined,
      refreshToken: tokens.refreshToken !== undefined,
      clientSecret: tokens.clientSecret !== undefined,
    },
  };
}

/** Show only the ends of a secret: `eyJr…Qw` (length kept out). */
export function maskToken(token: string): string {
  if (token.length <= 12) return '••••••••';
  return `${token.slice(0, 4)}••••••••${token.slice(-2)}`;
}
