/**
 * The session model. A `Session` holds secrets (tokens, a client secret) and
 * lives only in storage.session (or the opt-in local mirror); everything that
 * leaves the background for the UI is a `PublicSession` (see `publicSession`).
 */

export { publicSession } from '../records';
export type {
  PublicSession,
  Session,
  SessionSource,
  SessionStatus,
  SessionTokens,
  VerificationState,
} from '../storage';

/** Which token the UI may reveal on demand. */
export type TokenKind = 'accessToken' | 'idToken' | 'refreshToken';

/** Show only the ends of a secret: `eyJr…Qw` (length kept out). */
export function maskToken(token: string): string {
  if (token.length <= 12) return '••••••••';
  return `${token.slice(0, 4)}••••••••${token.slice(-2)}`;
}
