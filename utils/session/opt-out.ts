/**
 * Turning "keep sessions" off ends what the extension can end. A refresh
 * token the extension obtained itself (its own sign-in) is revoked with
 * RevokeToken, which also ends the access tokens issued with it, and the
 * session is removed: a copy the browser's storage files may still hold is
 * then worthless. A session imported from a page or pasted shares its
 * refresh token with the app it came from: revoking it would sign that app
 * out, so it is left alone (it stays in memory until the browser closes; the
 * Settings warning says so). Pure: every effect is injected.
 */
import { AppError } from '../errors';
import type { Session } from './types';

export interface EndOwnSessionsDeps {
  readonly sessions: readonly Session[];
  /** RevokeToken of the session's refresh token at its issuer's endpoint. */
  readonly revoke: (session: Session) => Promise<void>;
  readonly remove: (id: string) => Promise<void>;
  /** Runs `run` as the session's `session.signOut` history entry. */
  readonly record: <T>(session: Session, run: () => Promise<T>) => Promise<T>;
}

/** What opting out did, by session id. */
export interface EndOwnSessionsResult {
  /** Revoked and removed. */
  readonly ended: string[];
  /** The revocation failed: kept in memory (recorded as a failed sign-out), so the person can sign out again. */
  readonly failed: string[];
  /** Imported or pasted: shared with their app, left as they are. */
  readonly borrowed: string[];
}

/** The sessions whose refresh token the extension itself obtained. */
export function isOwnSession(session: Session): boolean {
  return session.source === 'signIn' && session.tokens.refreshToken !== undefined;
}

export async function endOwnSessions(deps: EndOwnSessionsDeps): Promise<EndOwnSessionsResult> {
  const result: EndOwnSessionsResult = { ended: [], failed: [], borrowed: [] };
  for (const session of deps.sessions) {
    if (!isOwnSession(session)) {
      result.borrowed.push(session.id);
      continue;
    }
    try {
      await deps.record(session, async () => {
        await deps.revoke(session);
        await deps.remove(session.id);
      });
      result.ended.push(session.id);
    } catch (error) {
      console.warn('Revoking a kept session failed:', error instanceof AppError ? error.code : 'ERR_INTERNAL');
      result.failed.push(session.id);
    }
  }
  return result;
}
