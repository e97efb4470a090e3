/**
 * The session model. A `Session` holds secrets (tokens, a client secret) and
 * lives only in storage.session (or the opt-in local mirror); everything that
 * leaves the background for the UI is a `PublicSession` (see `publicSession`).
 */
import type { ErrorCode } from '../errors';
import type { ClaimsSnapshot } from '../token/claims';

/** Secret material of a session. Never logged, exported or written to IndexedDB. */
export interface SessionTokens {
  readonly accessToken: string;
  readonly idToken?: string;
  readonly refreshToken?: string;
  /** App client secret, when the session was signed in with one (needed for SECRET_HASH on refresh). */
  readonly clientSecret?: string;
}

/** Signature verification state of the current access token. */
export interface VerificationState {
  readonly state: 'unverified' | 'verifying' | 'verified' | 'failed' | 'unverifiable';
  readonly code?: ErrorCode;
  readonly reason?: string;
  /** Epoch ms. */
  readonly at?: number;
}

/** Lifecycle state of a session. */
export interface SessionStatus {
  readonly state: 'active' | 'expired' | 'signedOut';
  readonly reason?: ErrorCode;
}

export type SessionSource = 'page' | 'paste' | 'signIn';

/** One Cognito session held by the extension. */
export interface Session {
  readonly id: string;
  readonly source: SessionSource;
  /** Page origin for imports from a tab. */
  readonly origin?: string;
  readonly clientId: string;
  readonly username: string;
  readonly poolId?: string;
  readonly region?: string;
  readonly issuer: string;
  /** Cognito API endpoint used for this session's calls (origin of `iss`, or Settings' override). */
  readonly endpoint: string;
  readonly tokens: SessionTokens;
  readonly deviceKey?: string;
  readonly deviceGroupKey?: string;
  /** Local clock minus server clock, seconds (amazon-cognito-identity-js `clockDrift`). */
  readonly clockDriftSec: number;
  readonly claims: ClaimsSnapshot;
  readonly verification: VerificationState;
  readonly status: SessionStatus;
  /** Epoch ms. */
  readonly importedAt: number;
  readonly refreshedAt?: number;
}

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
