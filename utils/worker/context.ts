/**
 * The worker context: built once in background.ts and passed to every area
 * (session, devices, admin), so the plumbing they share exists once — the
 * settings cache, ONE pacer registry, the one endpoint rule for a session, one
 * `record(draft, run)` for history, one lazy-open.
 *
 * Depends only on utils/cognito, utils/history, utils/token, utils/storage.ts
 * (and the neutral errors/settings/lazy modules); it imports no area, so an
 * area may import it without a loop.
 */
import {
  type CognitoClient,
  type CognitoClientOptions,
  createCognitoClient,
  isLoopbackUrl,
  type Pacer,
  resolveEndpoint,
  type Sleep,
} from '../cognito';
import { AppError } from '../errors';
import type { HistoryStore } from '../history/store';
import type { HistoryDraft } from '../history/types';
import { effectiveRates } from '../settings';
import type { Session, Settings } from '../storage';
import { classifyIssuer, endpointForIssuer } from '../token/issuer';
import { createPacerRegistry, type PacerScope } from './pacers';

export { lazily } from '../lazy';
export type { PacerRates, PacerScope } from './pacers';
export { accountScopeOf } from './pacers';

/** The history getter: undefined when IndexedDB cannot be opened (actions still run, unlogged). */
export type HistoryGetter = () => Promise<HistoryStore | undefined>;

/** Runs `run` and records it in history (pending first, outcome after); just runs it without a history. */
export type Recorder = <R>(draft: HistoryDraft, run: () => Promise<R>) => Promise<R>;

/** The worker's sessions as other areas may read them (the session area's store implements it). */
export interface SessionLookup {
  /** The session `id`, or the active one. @throws AppError ERR_SESSION_NONE */
  get(id?: string): Promise<Session>;
}

/** The worker context every area takes. */
export interface WorkerContext {
  /** The worker's one session store, read-only for areas other than session/. */
  readonly sessions: SessionLookup;
  /** Settings, read once and then kept current by a storage watch. */
  settings(): Promise<Settings>;
  /** Be told when Settings change (after the cache holds the new ones). The one settings watch of the worker. */
  onSettingsChanged(listener: (next: Settings) => void): void;
  /** Settings' endpoint override, checked to be loopback ('' when none). @throws AppError ERR_INVALID_ENDPOINT */
  endpointOverride(): Promise<string>;
  /** The one pacer registry: every caller in one account scope (Region) shares its buckets. */
  pacer(scope: PacerScope): Promise<Pacer>;
  /** A Cognito client for an endpoint, pacing through the one registry. */
  cognito(options: Omit<CognitoClientOptions, 'pacer'>): Promise<CognitoClient>;
  /** Where a session's calls go (the one rule; see {@link sessionEndpoint}). */
  endpointOf(session: Pick<Session, 'issuer'>): Promise<string>;
  /** The shared history log. */
  history: HistoryGetter;
  /** The one history recorder. */
  record: Recorder;
}

export interface WorkerContextOptions {
  /** Read the stored settings (utils/storage `readSettings`). */
  readonly readSettings: () => Promise<Settings>;
  /** Be told of new settings (utils/storage `settingsItem.watch`). */
  readonly watchSettings?: (listener: (next: Settings) => void) => void;
  readonly history?: HistoryGetter;
  /** The worker's one session store (utils/session/store createSessionStore). */
  readonly sessions?: SessionLookup;
  /** The client factory (tests inject a fake; default utils/cognito createCognitoClient). */
  readonly createClient?: (options: CognitoClientOptions) => CognitoClient;
  readonly now?: () => number;
  readonly sleep?: Sleep;
}

/**
 * Settings' endpoint override as the background may use it: only a loopback
 * URL (the local sandbox). The settings form already refuses anything else;
 * this re-checks a stored value so tokens can never go to an arbitrary host.
 * @throws AppError ERR_INVALID_ENDPOINT (field `endpointOverride`) when it is not a loopback URL.
 */
export function loopbackOverride(settings: Pick<Settings, 'endpointOverride'>): string {
  const raw = typeof settings.endpointOverride === 'string' ? settings.endpointOverride.trim() : '';
  if (!raw) return '';
  let endpoint: string;
  try {
    endpoint = resolveEndpoint({ custom: raw });
  } catch (cause) {
    throw new AppError('ERR_INVALID_ENDPOINT', 'The endpoint override is not a loopback URL.', {
      cause,
      details: { field: 'endpointOverride' },
    });
  }
  if (!isLoopbackUrl(new URL(endpoint))) {
    throw new AppError('ERR_INVALID_ENDPOINT', 'The endpoint override is not a loopback URL.', {
      details: { field: 'endpointOverride' },
    });
  }
  return endpoint;
}

/**
 * The one endpoint rule for a session: a Cognito issuer's own origin (the
 * override is not even read for it, so a production token never goes to a
 * local port and a broken override cannot stop it); the override for the
 * loopback issuer it names.
 * @throws AppError ERR_TOKEN_ISSUER_UNTRUSTED (field `issuer`) for any other issuer: no call with it
 */
export async function sessionEndpoint(session: Pick<Session, 'issuer'>, override: () => Promise<string>) {
  const cognito = classifyIssuer(session.issuer).trust === 'cognito';
  const current = cognito ? '' : await override();
  const info = classifyIssuer(session.issuer, current);
  if (info.trust === 'untrusted') {
    throw new AppError('ERR_TOKEN_ISSUER_UNTRUSTED', info.reason, { details: { field: 'issuer' } });
  }
  return endpointForIssuer(session.issuer, current);
}

/** The one recorder: `history.recordAction` when the log opens, else the action alone. */
export function createRecorder(history: HistoryGetter): Recorder {
  return async (draft, run) => {
    const log = await history();
    return log ? log.recordAction(draft, () => run()) : run();
  };
}

/** Build the context (once per worker). */
export function createWorkerContext(options: WorkerContextOptions): WorkerContext {
  let cached: Promise<Settings> | undefined;
  const listeners: ((next: Settings) => void)[] = [];
  options.watchSettings?.((next) => {
    cached = Promise.resolve(next);
    for (const listener of listeners) listener(next);
  });
  // A failed read is not kept: the next use reads again.
  const settings = () => {
    cached ??= options.readSettings().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
  const endpointOverride = async () => loopbackOverride(await settings());
  const pacer = createPacerRegistry({
    rates: async () => effectiveRates(await settings()),
    now: options.now,
    sleep: options.sleep,
  });
  const history: HistoryGetter = options.history ?? (async () => undefined);
  const createClient = options.createClient ?? createCognitoClient;
  return {
    sessions: options.sessions ?? {
      get: async () => {
        throw new AppError('ERR_SESSION_NONE');
      },
    },
    settings,
    onSettingsChanged: (listener) => void listeners.push(listener),
    endpointOverride,
    pacer,
    async cognito(clientOptions) {
      return createClient({ ...clientOptions, pacer: await pacer({ endpoint: clientOptions.endpoint }) });
    },
    endpointOf: (session) => sessionEndpoint(session, endpointOverride),
    history,
    record: createRecorder(history),
  };
}
