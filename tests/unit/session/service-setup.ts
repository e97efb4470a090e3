/** The session service under test: fake Cognito and tab, real store, verifier and keys; what it recorded. */
import { beforeAll, vi } from 'vitest';
import type { PageStorageDump } from '../../../utils/session/page-storage';
import {
  createSessionService,
  type InitiateAuthResult,
  type SessionActionDraft,
  type SessionCognitoClient,
} from '../../../utils/session/service';
import { createSessionStore } from '../../../utils/session/store';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/storage';
import { createJwksResolver, verifyAccessToken } from '../../../utils/token/verify';
import {
  COGNITO_ISS,
  jwksFetch,
  LOOPBACK_ISS,
  makeKey,
  NOW_MS,
  SANDBOX_ENDPOINT,
  type TestKey,
} from '../token/fixtures';

export const P = 'CognitoIdentityServiceProvider';
export let poolKey: TestKey;
export let otherKey: TestKey;
beforeAll(async () => {
  poolKey = await makeKey('pool');
  otherKey = await makeKey('other');
});

export function setup(
  options: {
    auth?: (input: unknown) => Promise<InitiateAuthResult>;
    /** GetTokensFromRefreshToken (the refresh that rotates); by default it must not be called. */
    rotate?: (input: unknown) => Promise<InitiateAuthResult>;
    dump?: PageStorageDump;
    /** Settings; by default the override names the sandbox of LOOPBACK_ISS. */
    settings?: Partial<Settings>;
    hasHostAccess?: (endpoint: string) => Promise<boolean>;
    /** The service's clock (NOW_MS by default). */
    now?: () => number;
  } = {},
) {
  const served = jwksFetch({ [LOOPBACK_ISS]: [poolKey], [COGNITO_ISS]: [poolKey] });
  const jwks = createJwksResolver({ fetch: served.fetch });
  const initiateAuth = vi.fn(
    options.auth ?? (async () => ({ kind: 'tokens', tokens: { accessToken: '' } }) as InitiateAuthResult),
  );
  const getTokensFromRefreshToken = vi.fn(
    options.rotate ??
      (async (): Promise<InitiateAuthResult> => {
        throw new Error('GetTokensFromRefreshToken must not be called');
      }),
  );
  const globalSignOut = vi.fn(async () => undefined);
  const endpoints: string[] = [];
  const drafts: SessionActionDraft[] = [];
  /** What the history would say of each recorded action. */
  const outcomes: { action: string; outcome: 'ok' | 'failed'; code?: string }[] = [];
  let settings: Settings = { ...DEFAULT_SETTINGS, endpointOverride: SANDBOX_ENDPOINT, ...options.settings };
  const client: SessionCognitoClient = {
    initiateAuth,
    getTokensFromRefreshToken,
    globalSignOut,
  } as unknown as SessionCognitoClient;
  let n = 0;
  const service = createSessionService({
    store: createSessionStore({ keepSessions: async () => false }),
    cognito: (endpoint) => {
      endpoints.push(endpoint);
      return client;
    },
    resolveEndpoint: ({ userPoolId, custom }) =>
      custom ?? `https://cognito-idp.${userPoolId?.split('_')[0]}.amazonaws.com/`,
    verify: (token, o) => verifyAccessToken(token, { ...o, jwks, now: () => NOW_MS }),
    readTab: async () => options.dump ?? { origin: 'https://app', entries: [] },
    hasHostAccess: options.hasHostAccess,
    settings: async () => settings,
    now: options.now ?? (() => NOW_MS),
    newId: () => `s${++n}`,
    recordAction: async (draft, run) => {
      drafts.push(draft);
      try {
        const result = await run();
        outcomes.push({ action: draft.action, outcome: 'ok' });
        return result;
      } catch (error) {
        outcomes.push({ action: draft.action, outcome: 'failed', code: (error as { code?: string }).code });
        throw error;
      }
    },
  });
  const setSettings = (patch: Partial<Settings>) => {
    settings = { ...settings, ...patch };
  };
  return {
    service,
    h: service.handlers,
    initiateAuth,
    getTokensFromRefreshToken,
    globalSignOut,
    endpoints,
    drafts,
    outcomes,
    jwksCalls: served.calls,
    setSettings,
  };
}

export const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'resolved';
};
