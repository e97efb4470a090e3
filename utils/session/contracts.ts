/**
 * What the session service works with and offers: the Cognito client
 * contract it calls, the history drafts it records (identity only, never a
 * token), its injected dependencies, and the service itself.
 */
import type { MessageHandlers } from '../messages';
import type { Settings } from '../storage';
import type { VerifiedAccessToken } from '../token/verify';
import type { SessionCognitoClient } from './cognito-contract';
import type { EndOwnSessionsResult } from './opt-out';
import type { PageStorageDump } from './page-reader';
import type { SessionStore } from './store';
import type { Session } from './types';

export type { CognitoTokens, InitiateAuthResult, SessionCognitoClient } from './cognito-contract';

/** History actions of sessions. */
export type SessionAction =
  | 'session.import'
  | 'session.signIn'
  | 'session.signOut'
  | 'session.globalSignOut'
  | 'session.refresh'
  | 'token.verifyFailed';

/** A history draft: identity only, never a token. */
export interface SessionActionDraft {
  readonly action: SessionAction;
  readonly poolId?: string;
  readonly username?: string;
  readonly clientId?: string;
  readonly sessionId?: string;
}

/** Runs `run` and records it (pending first, outcome after). */
export type SessionActionRecorder = <T>(draft: SessionActionDraft, run: () => Promise<T>) => Promise<T>;

export interface SessionHandlerDeps {
  readonly store: SessionStore;
  /** A Cognito client for an endpoint, pacing through the worker's one registry (WorkerContext.cognito). */
  readonly cognito: (endpoint: string) => SessionCognitoClient | Promise<SessionCognitoClient>;
  /** utils/cognito resolveEndpoint: the endpoint of a pool, or a validated custom (loopback) endpoint. */
  readonly resolveEndpoint: (input: { userPoolId?: string; custom?: string }) => string;
  /** verifyAccessToken bound to a JWKS resolver. */
  readonly verify: (
    token: string,
    options: { clockDriftSec: number; expectedIssuer: string; expectedClientId: string; endpointOverride: string },
  ) => Promise<VerifiedAccessToken>;
  /** Run readCognitoStorage in a tab. @throws AppError ERR_SESSION_PAGE_UNREADABLE */
  readonly readTab: (tabId: number) => Promise<PageStorageDump>;
  /** Whether the extension may already contact this endpoint (else the UI asks first). */
  readonly hasHostAccess?: (endpoint: string) => Promise<boolean>;
  readonly settings: () => Promise<Settings>;
  readonly now?: () => number;
  readonly newId?: () => string;
  readonly recordAction?: SessionActionRecorder;
  /**
   * Whether the session's app client rotates refresh tokens, as admin mode can tell (DescribeUserPoolClient,
   * SigV4, when admin credentials for the session's pool are held); undefined when it cannot tell.
   */
  readonly clientRotates?: (session: Session, endpoint: string) => Promise<boolean | undefined>;
  /** Called after sessions changed (to reschedule the refresh alarm). */
  readonly onChange?: () => Promise<void>;
}

/** The session operations behind the messages, plus the refresh alarm's work. */
export interface SessionService {
  readonly handlers: Required<
    Pick<
      MessageHandlers,
      | 'session.list'
      | 'session.importFromTab'
      | 'session.importTokens'
      | 'session.signIn'
      | 'session.setActive'
      | 'session.refresh'
      | 'session.verify'
      | 'session.signOut'
      | 'session.globalSignOut'
      | 'session.revealToken'
    >
  >;
  /**
   * Verify a session's token (trust judged with `endpointOverride`, the checked
   * Settings override); returns the outcome, stores nothing. Never throws for a verification failure.
   */
  verifySession(session: Session, endpointOverride: string): Promise<Session>;
  /** Refresh one session; marks it expired (with the reason) unless the failure is transient. */
  refreshSession(session: Session, options?: { allowRotation?: boolean }): Promise<Session>;
  /** The alarm's work: refresh the sessions due, expire those that cannot be refreshed. */
  refreshDue(): Promise<void>;
  /** Keep-sessions turned off: revoke and remove the sessions the extension signed in itself (opt-out.ts). */
  endOwnSessions(): Promise<EndOwnSessionsResult>;
}
