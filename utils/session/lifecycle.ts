/**
 * A session's life in the worker: verify its token (trust judged with the
 * checked Settings override), add it, refresh it (marked expired unless the
 * failure is transient), and the refresh alarm's work. Every Cognito call is
 * recorded in the history; tokens never appear in a draft or an error.
 */
import type { ErrorCode } from '../errors';
import { AppError } from '../errors';
import { classifyIssuer } from '../token/issuer';
import { mayPassByItself } from '../transient';
import { loopbackOverride, sessionEndpoint } from '../worker/context';
import type { SessionAction, SessionActionDraft, SessionActionRecorder, SessionHandlerDeps } from './contracts';
import { applyRefreshedTokens, createSession, type SessionInput, sameSessionAs } from './create-session';
import { dueForRefresh, expiredWithoutRefresh, msUntilExpiry } from './refresh-plan';
import { asRotationRefusal, knownRotation, refreshPlan, rotatedInAnswer, rotationRefusal } from './rotation';
import type { Session } from './types';

/**
 * Whether a failed refresh may succeed if tried again later: a failure that may pass by itself
 * (utils/transient.ts), or an aborted call. Anything else (refused token, challenge, issuer mismatch,
 * unknown answer) would fail the same way at every alarm, so the session is marked expired instead.
 */
export function isRetryableRefreshError(error: unknown): boolean {
  return error instanceof AppError && (mayPassByItself(error) || error.code === 'ERR_ABORTED');
}

const passThrough: SessionActionRecorder = (_draft, run) => run();

/** The session plumbing the handlers share. */
export type SessionCore = ReturnType<typeof createSessionCore>;

/** Still the session a refresh started from: not replaced meanwhile by a new import of it (same id, other tokens). */
function sameImport(current: Session, started: Session): boolean {
  return current.importedAt === started.importedAt && current.tokens.accessToken === started.tokens.accessToken;
}

export function createSessionCore(deps: SessionHandlerDeps) {
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

  /** Admin mode's answer (DescribeUserPoolClient), when it has one; never a reason to refuse the session. */
  async function askedRotation(session: Session): Promise<Session['rotation']> {
    if (!deps.clientRotates) return undefined;
    try {
      const rotates = await deps.clientRotates(session, await endpointOf(session));
      return rotates ? { learnedFrom: 'describeClient', at: now() } : undefined;
    } catch (error) {
      console.warn('DescribeUserPoolClient failed:', error instanceof AppError ? error.code : 'ERR_INTERNAL');
      return undefined;
    }
  }

  async function addSession(input: SessionInput): Promise<Session> {
    const override = await currentOverride();
    const fresh = createSession(input, { id: newId(), nowMs: now(), endpointOverride: override });
    const stored = await deps.store.list();
    // The same import again takes the place (and id) of the first: one card, the newest tokens.
    const repeated = sameSessionAs(stored, fresh);
    const created = repeated ? { ...fresh, id: repeated.id } : fresh;
    // What a session of the same app client taught (it rotates refresh tokens) holds for this one too.
    const rotation = knownRotation(stored, created) ?? (await askedRotation(created));
    const session = await verifySession(rotation ? { ...created, rotation } : created, override);
    await deps.store.put(session, { activate: true });
    await changed();
    return session;
  }

  /**
   * Mark a stored session expired; nothing when it is gone meanwhile (never brings it back), or,
   * given the session it was about, when a new import of it took its place meanwhile (same id, other tokens).
   */
  function markExpired(id: string, reason: ErrorCode, about?: Session): Promise<Session | undefined> {
    return deps.store.update(id, (current) =>
      about && !sameImport(current, about) ? current : { ...current, status: { state: 'expired', reason } },
    );
  }

  /** Cognito's fresh tokens for `session` by `plan`, checked (inside the recorded run); what it taught of rotation. */
  async function refreshedBy(plan: 'initiateAuth' | 'rotate', session: Session, refreshToken: string) {
    const endpoint = await endpointOf(session);
    const client = await deps.cognito(endpoint);
    const { clientId, deviceKey } = session;
    const clientSecret = session.tokens.clientSecret;
    const result =
      plan === 'rotate'
        ? await client.getTokensFromRefreshToken({ clientId, clientSecret, refreshToken, deviceKey })
        : await client.initiateAuth({
            clientId,
            clientSecret,
            flow: 'REFRESH_TOKEN_AUTH',
            refreshToken,
            deviceKey,
            username: session.claims.username,
          });
    if (result.kind === 'challenge') {
      throw new AppError('ERR_SESSION_CHALLENGE_UNSUPPORTED', undefined, {
        details: { awsName: result.challengeName },
      });
    }
    const rotated = rotatedInAnswer(refreshToken, result.tokens.refreshToken);
    const next: Session = {
      ...applyRefreshedTokens(session, result.tokens, now()),
      endpoint,
      ...(rotated ? { rotation: session.rotation ?? { learnedFrom: 'rotatedAnswer', at: now() } } : {}),
      // A rotated token is the extension's now: the app's copy is spent (the person agreed, or it was its own).
      ...(rotated ? { ownsRefreshToken: true } : {}),
    };
    return next;
  }

  /** Remember that the session's client rotates refresh tokens (learned from Cognito's refusal). */
  async function learnRotation(id: string): Promise<Session | undefined> {
    return deps.store.update(id, (current) =>
      current.rotation ? current : { ...current, rotation: { learnedFrom: 'refusal', at: now() } },
    );
  }

  /**
   * Refresh a session (utils/session/rotation.ts decides how). A borrowed session of a rotating client is
   * refreshed only with `allowRotation` (the person agreed to sign the web app out); else it is refused,
   * recorded, and stays usable until its access token expires.
   */
  async function refreshSession(session: Session, options: { allowRotation?: boolean } = {}): Promise<Session> {
    const refreshToken = session.tokens.refreshToken;
    if (!refreshToken) throw new AppError('ERR_SESSION_NO_REFRESH_TOKEN');
    let refreshed: Session;
    try {
      // Every check of Cognito's answer happens inside the recorded run, so history says failed when one fails.
      refreshed = await record(draftOf(session, 'session.refresh'), async () => {
        const plan = refreshPlan(session, options);
        if (plan === 'refuse') throw rotationRefusal();
        try {
          return await refreshedBy(plan, session, refreshToken);
        } catch (caught) {
          const error = asRotationRefusal(caught);
          if (plan === 'rotate' || !(error instanceof AppError) || error.code !== 'ERR_SESSION_REFRESH_ROTATING') {
            throw error;
          }
          const learned = (await learnRotation(session.id)) ?? session;
          // Learned just now: the extension's own session goes on and rotates; a borrowed one stops here.
          if (refreshPlan(learned, options) !== 'rotate') throw error;
          return await refreshedBy('rotate', learned, refreshToken);
        }
      });
    } catch (caught) {
      const error = asRotationRefusal(caught);
      if (error instanceof AppError && error.code === 'ERR_SESSION_REFRESH_ROTATING') {
        // Nothing was spent (the refusal taught rotation above, or it was known already): the session works
        // until its access token expires (then the alarm marks it).
        if (msUntilExpiry(session, now()) <= 0) await markExpired(session.id, error.code, session);
        await changed();
      } else if (!isRetryableRefreshError(error)) {
        // Only a transient failure is retried (at the next alarm); anything else would fail forever.
        await markExpired(session.id, error instanceof AppError ? error.code : 'ERR_INTERNAL', session);
        await changed();
      }
      throw error;
    }
    const verified = await verifySession(refreshed, await overrideFor(refreshed.issuer));
    // A new import of the same session may have taken its place (same id) while Cognito answered.
    let replaced = false;
    const next = await deps.store.update(session.id, (current) => {
      if (!sameImport(current, session)) {
        replaced = true;
        return current;
      }
      return {
        ...current,
        endpoint: verified.endpoint,
        tokens: verified.tokens,
        claims: verified.claims,
        clockDriftSec: verified.clockDriftSec,
        verification: verified.verification,
        status: verified.status,
        refreshedAt: verified.refreshedAt,
        rotation: verified.rotation ?? current.rotation,
        ownsRefreshToken: verified.ownsRefreshToken ?? current.ownsRefreshToken,
      };
    });
    await changed();
    // Signed out (or imported again) while Cognito answered: the old session's new tokens are dropped.
    if (!next || replaced) throw new AppError('ERR_SESSION_NONE');
    return next;
  }

  // One pass at a time: the alarm and a Watch check asking together share it (two refreshes of one
  // session would spend a rotated refresh token twice).
  let dueRun: Promise<void> | undefined;
  function refreshDue(): Promise<void> {
    dueRun ??= refreshDueOnce().finally(() => {
      dueRun = undefined;
    });
    return dueRun;
  }

  async function refreshDueOnce(): Promise<void> {
    const sessions = await deps.store.list();
    for (const s of expiredWithoutRefresh(sessions, now())) await markExpired(s.id, 'ERR_TOKEN_EXPIRED');
    for (const s of dueForRefresh(sessions, now())) {
      // A borrowed session of a rotating client is due at its expiry, to be marked (never refreshed unasked).
      if (refreshPlan(s) === 'refuse') {
        await markExpired(s.id, 'ERR_SESSION_REFRESH_ROTATING');
        continue;
      }
      try {
        await refreshSession(s);
      } catch (error) {
        // Already recorded and, unless transient, marked expired; a transient failure retries at the next alarm.
        console.warn('Session refresh failed:', error instanceof AppError ? error.code : 'ERR_INTERNAL');
      }
    }
    await changed();
  }

  return {
    now,
    newId,
    record,
    changed,
    draftOf,
    currentOverride,
    overrideFor,
    endpointOf,
    verifySession,
    addSession,
    markExpired,
    refreshSession,
    refreshDue,
  };
}
