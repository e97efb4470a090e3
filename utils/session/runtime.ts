/**
 * The session service as the background worker runs it: real browser APIs
 * (scripting, permissions, alarms), clients, settings and history from the
 * worker context, and a JWKS resolver that lives as long as the worker.
 * background.ts only calls `createSessionRuntime()` and wires its parts.
 */
import { browser } from 'wxt/browser';
import { resolveEndpoint } from '../cognito';
import { AppError } from '../errors';
import { hasHostAccess } from '../permissions';
import { settingsItem } from '../storage';
import { createJwksResolver, verifyAccessToken } from '../token/verify';
import type { Recorder, WorkerContext } from '../worker/context';
import { createSessionService, type SessionActionRecorder, type SessionService } from './handlers';
import { type PageStorageDump, readCognitoStorage } from './page-storage';
import { nextRefreshAt, REFRESH_ALARM } from './refresh-plan';
import type { SessionStore } from './store';

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

/** Run readCognitoStorage in a tab; the browser refusing (chrome://, store, file://) → ERR_SESSION_PAGE_UNREADABLE. */
async function readTab(tabId: number): Promise<PageStorageDump> {
  let results: { result?: unknown }[];
  try {
    results = await browser.scripting.executeScript({ target: { tabId }, func: readCognitoStorage });
  } catch (cause) {
    throw new AppError('ERR_SESSION_PAGE_UNREADABLE', undefined, { cause });
  }
  const result = results[0]?.result as PageStorageDump | undefined;
  if (!result || typeof result !== 'object') throw new AppError('ERR_SESSION_PAGE_UNREADABLE');
  return result;
}

/** Schedule the refresh alarm at the earliest due time (or clear it). */
async function scheduleRefresh(service: () => Promise<number | undefined>): Promise<void> {
  const when = await service();
  if (when === undefined) {
    await browser.alarms.clear(REFRESH_ALARM);
    return;
  }
  // Chrome fires alarms no sooner than 30 s from now.
  await browser.alarms.create(REFRESH_ALARM, { when: Math.max(when, Date.now() + 30_000) });
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
    onChange: reschedule,
  });
  return {
    ...service,
    async start() {
      await store.restore();
      settingsItem.watch((next, previous) => {
        if (next.keepSessions !== previous?.keepSessions) void store.applyKeepSessions(next.keepSessions);
      });
      await reschedule();
    },
  };
}
