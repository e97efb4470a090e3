/**
 * The session area as the background worker runs it: the service wired to the
 * worker context (clients, settings, history) and the browser adapters of
 * runtime.ts, with a JWKS resolver that lives as long as the worker.
 * background.ts only calls `createSessionRuntime()` and wires its parts.
 */
import { resolveEndpoint } from '../cognito';
import { hasHostAccess } from '../permissions';
import { adminConnectionItem, settingsItem } from '../storage';
import { createJwksResolver, verifyAccessToken } from '../token/verify';
import type { Recorder, WorkerContext } from '../worker/context';
import { nextRefreshAt } from './refresh-plan';
import { readTab, scheduleRefresh } from './runtime';
import { createSessionService, type SessionActionRecorder, type SessionService } from './service';
import type { SessionStore } from './store';
import type { Session } from './types';

/** Adapt the worker's one recorder to session drafts: identity only, never a token. */
export function sessionRecorder(record: Recorder): SessionActionRecorder {
  return (draft, run) => {
    const actor = {
      pool: draft.poolId ?? 'unknown',
      ...(draft.clientId ? { clientId: draft.clientId } : {}),
      ...(draft.username ? { username: draft.username } : {}),
    };
    return record({ action: draft.action, mode: 'user', actor }, run);
  };
}

/**
 * Admin mode's word on a session's app client: with admin credentials held for the session's pool,
 * DescribeUserPoolClient (SigV4) says whether it rotates refresh tokens; otherwise undefined.
 */
export async function clientRotates(
  context: Pick<WorkerContext, 'cognito'>,
  session: Pick<Session, 'poolId' | 'clientId'>,
  endpoint: string,
): Promise<boolean | undefined> {
  const connection = await adminConnectionItem.getValue();
  if (!connection || !session.poolId || connection.poolId !== session.poolId) return undefined;
  const client = await context.cognito({ endpoint, credentials: connection.credentials });
  const described = await client.describeUserPoolClient({ userPoolId: session.poolId, clientId: session.clientId });
  return described.refreshTokenRotation?.feature === 'ENABLED';
}

export interface SessionRuntime extends SessionService {
  /** At worker start: bring back kept sessions, follow the keep-sessions setting, schedule the alarm. */
  start(): Promise<void>;
}

export function createSessionRuntime(context: WorkerContext, store: SessionStore): SessionRuntime {
  const jwks = createJwksResolver();
  const reschedule = () => scheduleRefresh(async () => nextRefreshAt(await store.list()));
  const service = createSessionService({
    store,
    cognito: (endpoint) => context.cognito({ endpoint }),
    resolveEndpoint,
    verify: (token, o) => verifyAccessToken(token, { ...o, jwks }),
    readTab,
    hasHostAccess,
    settings: context.settings,
    recordAction: sessionRecorder(context.record),
    clientRotates: (session, endpoint) => clientRotates(context, session, endpoint),
    onChange: reschedule,
  });
  return {
    ...service,
    async start() {
      await store.restore();
      settingsItem.watch((next, previous) => {
        if (next.keepSessions === previous?.keepSessions) return;
        void store.applyKeepSessions(next.keepSessions);
        // Opted out: what the extension signed in itself is revoked (its copy on disk is then worthless).
        if (previous && !next.keepSessions) void service.endOwnSessions().then(reschedule);
      });
      await reschedule();
    },
  };
}
