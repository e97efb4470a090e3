/**
 * The session service as the background worker runs it: real browser APIs
 * (scripting, permissions, alarms), the Cognito client, a JWKS resolver that
 * lives as long as the worker, and session actions recorded in history.
 * background.ts only calls `createSessionRuntime()` and wires its parts.
 */
import { browser } from 'wxt/browser';
import { createCognitoClient, resolveEndpoint } from '../cognito';
import { AppError } from '../errors';
import type { HistoryStore } from '../history/store';
import { createJwksResolver, verifyAccessToken } from '../token/verify';
import { createSessionService, type SessionActionRecorder, type SessionService } from './handlers';
import { type PageStorageDump, readSessionStores } from './page-reader';
import { hasHostAccess } from './permissions';
import { nextRefreshAt, REFRESH_ALARM } from './refresh-plan';
import { readSettings, settingsItem } from './storage-items';
import { createSessionStore, type SessionStore } from './store';

/** Adapt the history store to the session recorder: identity only, never a token. */
export function historyRecorder(openStore: () => Promise<HistoryStore>): SessionActionRecorder {
  let opened: Promise<HistoryStore | undefined> | undefined;
  const store = () => {
    opened ??= openStore().then(
      (s) => s,
      (error: unknown) => {
        // Actions still run without a log (private mode, disk full).
        console.warn('History unavailable:', error instanceof AppError ? error.code : 'ERR_HISTORY_UNAVAILABLE');
        return undefined;
      },
    );
    return opened;
  };
  return async (draft, run) => {
    const history = await store();
    if (!history) return run();
    const actor = {
      pool: draft.poolId ?? 'unknown',
      ...(draft.clientId ? { clientId: draft.clientId } : {}),
      ...(draft.username ? { username: draft.username } : {}),
    };
    return history.recordAction({ action: draft.action, mode: 'user', actor }, () => run());
  };
}

/** Run readSessionStores in a tab; the browser refusing (chrome://, store, file://) → ERR_SESSION_PAGE_UNREADABLE. */
async function readTab(tabId: number): Promise<PageStorageDump> {
  let results: { result?: unknown }[];
  try {
    results = await browser.scripting.executeScript({ target: { tabId }, func: readSessionStores });
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

export function createSessionRuntime(
  options: { recordAction?: SessionActionRecorder; store?: SessionStore } = {},
): SessionRuntime {
  const store = options.store ?? createSessionStore();
  const jwks = createJwksResolver();
  const reschedule = () => scheduleRefresh(async () => nextRefreshAt(await store.list()));
  const service = createSessionService({
    store,
    cognito: (endpoint) => createCognitoClient({ endpoint }),
    resolveEndpoint,
    verify: (token, o) => verifyAccessToken(token, { ...o, jwks }),
    readTab,
    hasHostAccess,
    settings: readSettings,
    recordAction: options.recordAction,
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
