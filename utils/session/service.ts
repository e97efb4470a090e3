/**
 * The background's session handlers: import, sign-in, refresh, verify,
 * sign-out. Every dependency (Cognito client, verifier, tab reader, clock,
 * ids, history recorder) is injected so the logic runs under plain Vitest.
 * Tokens never appear in a history draft, an error or a response (responses
 * carry PublicSession; only `session.revealToken` returns one token, on request).
 */
import type { ErrorCode } from '../errors';
import { AppError } from '../errors';
import type { MessageHandlers, RequestOf } from '../messages';
import type { Settings } from '../storage';
import { classifyIssuer } from '../token/issuer';
import type { VerifiedAccessToken } from '../token/verify';
import { loopbackOverride, sessionEndpoint } from '../worker/context';
import type { SessionCognitoClient } from './cognito-contract';
import { applyRefreshedTokens, createSession, type SessionInput } from './create-session';
import { type EndOwnSessionsResult, endOwnSessions } from './opt-out';
import { pickPageSession } from './page-choice';
import type { PageStorageDump } from './page-reader';
import { isClientId, isUsername } from './page-storage';
import { dueForRefresh, expiredWithoutRefresh } from './refresh-plan';
import { asRotationRefusal } from './rotation';
import type { SessionStore } from './store';
import { publicSession, type Session } from './types';

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
  /** Called after sessions changed (to reschedule the refresh alarm). */
  readonly onChange?: () => Promise<void>;
}

/** Failures that may pass by themselves (the connection, a timeout, throttling, Cognito's own trouble). */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ERR_NETWORK',
  'ERR_TIMEOUT',
  'ERR_ABORTED',
  'ERR_COGNITO_TOO_MANY_REQUESTS',
  'ERR_COGNITO_INTERNAL',
]);

/**
 * Whether a failed refresh may succeed if tried again later. Anything else
 * (refused token, challenge, issuer mismatch, unknown answer) would fail the
 * same way at every alarm, so the session is marked expired instead.
 */
export function isRetryableRefreshError(error: unknown): boolean {
  return error instanceof AppError && (error.details.retryable === true || TRANSIENT.has(error.code));
}

/** ClientSecretType: `[\w+]+`, 24..64. */
const CLIENT_SECRET = /^[\w+]{24,64}$/;

const passThrough: SessionActionRecorder = (_draft, run) => run();

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
  refreshSession(session: Session): Promise<Session>;
  /** The alarm's work: refresh the sessions due, expire those that cannot be refreshed. */
  refreshDue(): Promise<void>;
  /** Keep-sessions turned off: revoke and remove the sessions the extension signed in itself (opt-out.ts). */
  endOwnSessions(): Promise<EndOwnSessionsResult>;
}

export function createSessionService(deps: SessionHandlerDeps): SessionService {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const record = deps.recordAction ?? passThrough;
  const changed = async () => {
    await deps.onChange?.();
  };
  const draftOf = (s: Session, action: SessionAction): SessionActionDraft => ({
    action,
    poolId: s.poolId,
    username: s.username,
    clientId: s.clientId,
    sessionId: s.id,
  });

  /** Settings' override, checked to be loopback. @throws AppError ERR_INVALID_ENDPOINT */
  const currentOverride = async () => loopbackOverride(await deps.settings());
  /** The override as far as `issuer` is concerned: none for a Cognito issuer (it never applies there). */
  const overrideFor = async (issuer: string) =>
    classifyIssuer(issuer).trust === 'cognito' ? '' : await currentOverride();

  /** Where Cognito calls for this session go, under the current Settings: the worker's one rule. */
  const endpointOf = (session: Session) => sessionEndpoint(session, currentOverride);

  async function verifySession(session: Session, endpointOverride: string): Promise<Session> {
    const issuer = classifyIssuer(session.issuer, endpointOverride);
    let next: Session;
    if (issuer.trust === 'untrusted') {
      next = {
        ...session,
        verification: { state: 'unverifiable', code: 'ERR_TOKEN_ISSUER_UNTRUSTED', reason: issuer.reason, at: now() },
      };
    } else {
      try {
        await deps.verify(session.tokens.accessToken, {
          clockDriftSec: session.clockDriftSec,
          expectedIssuer: session.issuer,
          expectedClientId: session.clientId,
          endpointOverride,
        });
        next = { ...session, verification: { state: 'verified', at: now() } };
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'ERR_INTERNAL';
        // Unreachable keys say nothing about the token: it stays unverified.
        const state = code === 'ERR_TOKEN_JWKS_UNAVAILABLE' ? 'unverified' : 'failed';
        next = { ...session, verification: { state, code, at: now() } };
        if (state === 'failed') {
          try {
            await record(draftOf(session, 'token.verifyFailed'), async () => {
              throw error;
            });
          } catch {
            // Expected: the failure is the recorded outcome; the session keeps it in `verification`.
          }
        }
      }
    }
    return next;
  }

  async function addSession(input: SessionInput): Promise<Session> {
    const override = await currentOverride();
    const session = await verifySession(
      createSession(input, { id: newId(), nowMs: now(), endpointOverride: override }),
      override,
    );
    await deps.store.put(session, { activate: true });
    await changed();
    return session;
  }

  /** Mark a stored session expired; nothing when it is gone meanwhile (never brings it back). */
  function markExpired(id: string, reason: ErrorCode): Promise<Session | undefined> {
    return deps.store.update(id, (current) => ({ ...current, status: { state: 'expired', reason } }));
  }

  async function refreshSession(session: Session): Promise<Session> {
    const refreshToken = session.tokens.refreshToken;
    if (!refreshToken) throw new AppError('ERR_SESSION_NO_REFRESH_TOKEN');
    let refreshed: Session;
    try {
      // Every check of Cognito's answer happens inside the recorded run, so history says failed when one fails.
      refreshed = await record(draftOf(session, 'session.refresh'), async () => {
        const endpoint = await endpointOf(session);
        const result = await (await deps.cognito(endpoint)).initiateAuth({
          clientId: session.clientId,
          clientSecret: session.tokens.clientSecret,
          flow: 'REFRESH_TOKEN_AUTH',
          refreshToken,
          deviceKey: session.deviceKey,
          username: session.claims.username,
        });
        if (result.kind === 'challenge') {
          throw new AppError('ERR_SESSION_CHALLENGE_UNSUPPORTED', undefined, {
            details: { awsName: result.challengeName },
          });
        }
        return { ...applyRefreshedTokens(session, result.tokens, now()), endpoint };
      });
    } catch (caught) {
      const error = asRotationRefusal(caught);
      // Only a transient failure is retried (at the next alarm); anything else would fail forever.
      if (!isRetryableRefreshError(error)) {
        await markExpired(session.id, error instanceof AppError ? error.code : 'ERR_INTERNAL');
        await changed();
      }
      throw error;
    }
    const verified = await verifySession(refreshed, await overrideFor(refreshed.issuer));
    const next = await deps.store.update(session.id, (current) => ({
      ...current,
      endpoint: verified.endpoint,
      tokens: verified.tokens,
      claims: verified.claims,
      clockDriftSec: verified.clockDriftSec,
      verification: verified.verification,
      status: verified.status,
      refreshedAt: verified.refreshedAt,
    }));
    await changed();
    // Signed out (or replaced) while Cognito answered: the new tokens are dropped with it.
    if (!next) throw new AppError('ERR_SESSION_NONE');
    return next;
  }

  const handlers: SessionService['handlers'] = {
    'session.list': async () => ({
      sessions: (await deps.store.list()).map(publicSession),
      activeId: await deps.store.activeId(),
    }),

    'session.importFromTab': async ({ tabId, choice }) => {
      const pick = pickPageSession(await deps.readTab(tabId), choice);
      if (pick.kind === 'choose') return pick.answer;
      const { picked, candidate, answer } = pick;
      const problem = candidate?.problem;
      if (problem) throw new AppError(problem);
      const { accessToken } = picked.values;
      if (!accessToken) throw new AppError('ERR_SESSION_INCOMPLETE');
      if (!choice && deps.hasHostAccess) {
        // A real region's host permission must be requested from a click: let the UI ask first.
        // (The override never applies to a Cognito issuer, so it changes nothing here.)
        const issuer = classifyIssuer(candidate?.issuer ?? '');
        if (issuer.trust === 'cognito' && issuer.origin && !(await deps.hasHostAccess(issuer.origin))) return answer;
      }
      const session = await record(
        {
          action: 'session.import',
          clientId: picked.clientId,
          username: picked.username,
          poolId: candidate?.poolId,
        },
        () =>
          addSession({
            source: 'page',
            origin: answer.origin,
            accessToken,
            idToken: picked.values.idToken,
            refreshToken: picked.values.refreshToken,
            clientId: picked.clientId,
            deviceKey: picked.values.deviceKey,
            deviceGroupKey: picked.values.deviceGroupKey,
            clockDriftSec: picked.values.clockDriftSec,
          }),
      );
      return { kind: 'imported', session: publicSession(session) };
    },

    'session.importTokens': async (req: RequestOf<'session.importTokens'>) => {
      if (typeof req.accessToken !== 'string' || req.accessToken.trim() === '') {
        throw new AppError('ERR_INVALID_ACCESS_TOKEN', undefined, { details: { field: 'accessToken' } });
      }
      const session = await record({ action: 'session.import', clientId: req.clientId }, () =>
        addSession({
          source: 'paste',
          accessToken: req.accessToken,
          refreshToken: req.refreshToken,
          idToken: req.idToken,
          clientId: req.clientId,
        }),
      );
      return { session: publicSession(session) };
    },

    'session.signIn': async (req) => {
      const clientId = req.clientId?.trim() ?? '';
      const username = req.username?.trim() ?? '';
      const poolId = req.poolId?.trim() || undefined;
      const clientSecret = req.clientSecret?.trim() || undefined;
      if (!isClientId(clientId))
        throw new AppError('ERR_INVALID_CLIENT_ID', undefined, { details: { field: 'clientId' } });
      if (!isUsername(username))
        throw new AppError('ERR_INVALID_USERNAME', undefined, { details: { field: 'username' } });
      if (typeof req.password !== 'string' || req.password.length === 0) {
        throw new AppError('ERR_INVALID_PASSWORD', undefined, { details: { field: 'password' } });
      }
      if (clientSecret !== undefined && !CLIENT_SECRET.test(clientSecret)) {
        throw new AppError('ERR_INVALID_CLIENT_SECRET', undefined, { details: { field: 'clientSecret' } });
      }
      const override = await currentOverride();
      if (!override && !poolId) {
        throw new AppError('ERR_INVALID_USER_POOL_ID', undefined, { details: { field: 'poolId' } });
      }
      const endpoint = override || deps.resolveEndpoint({ userPoolId: poolId });
      const session = await record({ action: 'session.signIn', clientId, username, poolId }, async () => {
        const result = await (await deps.cognito(endpoint)).initiateAuth({
          clientId,
          clientSecret,
          flow: 'USER_PASSWORD_AUTH',
          username,
          password: req.password,
        });
        if (result.kind === 'challenge') {
          throw new AppError('ERR_SESSION_CHALLENGE_UNSUPPORTED', undefined, {
            details: { awsName: result.challengeName },
          });
        }
        return addSession({
          source: 'signIn',
          accessToken: result.tokens.accessToken,
          idToken: result.tokens.idToken,
          refreshToken: result.tokens.refreshToken,
          clientSecret,
          clientId,
          // A sign-in on a pool that tracks devices binds the refresh token to this new device.
          deviceKey: result.newDevice?.deviceKey,
          deviceGroupKey: result.newDevice?.deviceGroupKey,
        });
      });
      return { session: publicSession(session) };
    },

    'session.setActive': async ({ id }) => {
      await deps.store.setActive(id);
      return { activeId: id };
    },

    'session.refresh': async ({ id }) => ({ session: publicSession(await refreshSession(await deps.store.get(id))) }),

    'session.verify': async ({ id }) => {
      const session = await deps.store.get(id);
      const { verification } = await verifySession(session, await overrideFor(session.issuer));
      // Signed out meanwhile: stays gone. Refreshed meanwhile: the outcome was about the old token.
      const next = await deps.store.update(session.id, (current) =>
        current.tokens.accessToken === session.tokens.accessToken ? { ...current, verification } : current,
      );
      if (!next) throw new AppError('ERR_SESSION_NONE');
      return { session: publicSession(next) };
    },

    'session.signOut': async ({ id }) => {
      const session = await deps.store.get(id);
      await record(draftOf(session, 'session.signOut'), () => deps.store.remove(session.id));
      await changed();
      return { removed: session.id };
    },

    'session.globalSignOut': async ({ id }) => {
      const session = await deps.store.get(id);
      await record(draftOf(session, 'session.globalSignOut'), async () => {
        const endpoint = await endpointOf(session);
        await (await deps.cognito(endpoint)).globalSignOut({ accessToken: session.tokens.accessToken });
        await deps.store.remove(session.id);
      });
      await changed();
      return { removed: session.id };
    },

    'session.revealToken': async ({ id, kind }) => {
      const session = await deps.store.get(id);
      const value =
        kind === 'accessToken' || kind === 'idToken' || kind === 'refreshToken' ? session.tokens[kind] : undefined;
      if (value === undefined) throw new AppError('ERR_INVALID_INPUT', undefined, { details: { field: 'kind' } });
      return { value };
    },
  };

  async function refreshDue(): Promise<void> {
    const sessions = await deps.store.list();
    for (const s of expiredWithoutRefresh(sessions, now())) await markExpired(s.id, 'ERR_TOKEN_EXPIRED');
    for (const s of dueForRefresh(sessions, now())) {
      try {
        await refreshSession(s);
      } catch (error) {
        // Already recorded and, unless transient, marked expired; a transient failure retries at the next alarm.
        console.warn('Session refresh failed:', error instanceof AppError ? error.code : 'ERR_INTERNAL');
      }
    }
    await changed();
  }

  const endOwn = async () =>
    endOwnSessions({
      sessions: await deps.store.list(),
      revoke: async (s) => {
        const { refreshToken, clientSecret } = s.tokens;
        if (refreshToken === undefined) return;
        const client = await deps.cognito(await endpointOf(s));
        await client.revokeToken({ token: refreshToken, clientId: s.clientId, clientSecret });
      },
      remove: (id) => deps.store.remove(id),
      record: (s, run) => record(draftOf(s, 'session.signOut'), run),
    });

  return { handlers, verifySession, refreshSession, refreshDue, endOwnSessions: endOwn };
}
