/**
 * The background's session handlers: import, sign-in, refresh, verify,
 * sign-out. Every dependency (Cognito client, verifier, tab reader, clock,
 * ids, history recorder) is injected so the logic runs under plain Vitest.
 * Tokens never appear in a history draft, an error or a response (responses
 * carry PublicSession; only `session.revealToken` returns one token, on request).
 *
 * By concern: the contracts (contracts.ts), a session's life — verify, add,
 * refresh, the alarm's work (lifecycle.ts) — the ways in (import-handlers.ts),
 * and here the handlers over stored sessions.
 */
import { AppError } from '../errors';
import type { SessionHandlerDeps, SessionService } from './contracts';
import { importHandlers } from './import-handlers';
import { createSessionCore } from './lifecycle';
import { endOwnSessions } from './opt-out';
import { publicSession } from './types';

export type {
  CognitoTokens,
  InitiateAuthResult,
  SessionAction,
  SessionActionDraft,
  SessionActionRecorder,
  SessionCognitoClient,
  SessionHandlerDeps,
  SessionService,
} from './contracts';
export { isRetryableRefreshError } from './lifecycle';

export function createSessionService(deps: SessionHandlerDeps): SessionService {
  const core = createSessionCore(deps);
  const { record, draftOf, changed, endpointOf, verifySession, overrideFor, refreshSession, refreshDue } = core;

  const handlers: SessionService['handlers'] = {
    'session.list': async () => ({
      sessions: (await deps.store.list()).map(publicSession),
      activeId: await deps.store.activeId(),
    }),

    ...importHandlers(deps, core),

    'session.setActive': async ({ id }) => {
      await deps.store.setActive(id);
      return { activeId: id };
    },

    'session.refresh': async ({ id, allowRotation }) => ({
      session: publicSession(await refreshSession(await deps.store.get(id), { allowRotation })),
    }),

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
