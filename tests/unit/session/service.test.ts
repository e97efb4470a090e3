import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../utils/errors';
import type { PageStorageDump } from '../../../utils/session/page-storage';
import {
  createSessionService,
  type InitiateAuthResult,
  type SessionActionDraft,
  type SessionCognitoClient,
} from '../../../utils/session/service';
import { createSessionStore } from '../../../utils/session/store';
import { DEFAULT_SETTINGS, keptSealedSessionsItem, type Settings, sessionsItem } from '../../../utils/storage';
import { createJwksResolver, verifyAccessToken } from '../../../utils/token/verify';
import {
  accessClaims,
  CLIENT_ID,
  COGNITO_ISS,
  jwksFetch,
  LOOPBACK_ISS,
  makeKey,
  NOW_MS,
  NOW_SEC,
  SANDBOX_ENDPOINT,
  signToken,
  type TestKey,
} from '../token/fixtures';

const P = 'CognitoIdentityServiceProvider';
let poolKey: TestKey;
let otherKey: TestKey;
beforeAll(async () => {
  poolKey = await makeKey('pool');
  otherKey = await makeKey('other');
});

function setup(
  options: {
    auth?: (input: unknown) => Promise<InitiateAuthResult>;
    dump?: PageStorageDump;
    /** Settings; by default the override names the sandbox of LOOPBACK_ISS. */
    settings?: Partial<Settings>;
    hasHostAccess?: (endpoint: string) => Promise<boolean>;
  } = {},
) {
  const served = jwksFetch({ [LOOPBACK_ISS]: [poolKey], [COGNITO_ISS]: [poolKey] });
  const jwks = createJwksResolver({ fetch: served.fetch });
  const initiateAuth = vi.fn(
    options.auth ?? (async () => ({ kind: 'tokens', tokens: { accessToken: '' } }) as InitiateAuthResult),
  );
  const globalSignOut = vi.fn(async () => undefined);
  const endpoints: string[] = [];
  const drafts: SessionActionDraft[] = [];
  /** What the history would say of each recorded action. */
  const outcomes: { action: string; outcome: 'ok' | 'failed'; code?: string }[] = [];
  let settings: Settings = { ...DEFAULT_SETTINGS, endpointOverride: SANDBOX_ENDPOINT, ...options.settings };
  const client: SessionCognitoClient = { initiateAuth, globalSignOut } as unknown as SessionCognitoClient;
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
    now: () => NOW_MS,
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
    globalSignOut,
    endpoints,
    drafts,
    outcomes,
    jwksCalls: served.calls,
    setSettings,
  };
}

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'resolved';
};

describe('import from a tab', () => {
  it('imports the only session of the page and verifies it', async () => {
    const access = await signToken(poolKey, accessClaims());
    const { h, drafts } = setup({
      dump: {
        origin: 'https://app',
        entries: [
          [`${P}.${CLIENT_ID}.LastAuthUser`, 'alice'],
          [`${P}.${CLIENT_ID}.alice.accessToken`, access],
          [`${P}.${CLIENT_ID}.alice.refreshToken`, 'opaque.refresh'],
        ],
      },
    });
    const result = await h['session.importFromTab']({ type: 'session.importFromTab', tabId: 1 });
    expect(result).toMatchObject({
      kind: 'imported',
      session: {
        username: 'alice',
        origin: 'https://app',
        verification: { state: 'verified' },
        has: { refreshToken: true },
      },
    });
    expect(JSON.stringify(result)).not.toContain(access);
    expect(drafts).toEqual([
      { action: 'session.import', clientId: CLIENT_ID, username: 'alice', poolId: 'us-east-1_Demo1' },
    ]);
    expect(JSON.stringify(drafts)).not.toContain('opaque.refresh');
  });

  it('asks to choose when the page holds several users, then imports the chosen one', async () => {
    const a = await signToken(poolKey, accessClaims());
    const b = await signToken(poolKey, accessClaims({ username: 'bob' }));
    const { h } = setup({
      dump: {
        origin: 'https://app',
        entries: [
          [`${P}.${CLIENT_ID}.LastAuthUser`, 'bob'],
          [`${P}.${CLIENT_ID}.alice.accessToken`, a],
          [`${P}.${CLIENT_ID}.bob.accessToken`, b],
        ],
      },
    });
    const first = await h['session.importFromTab']({ type: 'session.importFromTab', tabId: 1 });
    expect(first.kind).toBe('choose');
    if (first.kind !== 'choose') return;
    expect(first.candidates.map((c) => [c.username, c.lastAuthUser])).toEqual([
      ['bob', true],
      ['alice', false],
    ]);
    const second = await h['session.importFromTab']({
      type: 'session.importFromTab',
      tabId: 1,
      choice: { clientId: CLIENT_ID, username: 'alice', origin: first.origin },
    });
    expect(second).toMatchObject({ kind: 'imported', session: { username: 'alice' } });
  });

  it('refuses a choice when the tab now shows another origin than the one chosen from', async () => {
    const a = await signToken(poolKey, accessClaims());
    const { h, drafts } = setup({
      dump: { origin: 'https://elsewhere', entries: [[`${P}.${CLIENT_ID}.alice.accessToken`, a]] },
    });
    const error = await h['session.importFromTab']({
      type: 'session.importFromTab',
      tabId: 1,
      choice: { clientId: CLIENT_ID, username: 'alice', origin: 'https://app' },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_SESSION_NOT_FOUND_IN_PAGE' });
    expect(drafts).toEqual([]);
    expect((await h['session.list']({ type: 'session.list' })).sessions).toEqual([]);
  });

  it('lets the UI ask for a Cognito host first even when an override is set (it does not apply there)', async () => {
    const access = await signToken(poolKey, accessClaims({ iss: COGNITO_ISS }));
    const asked: string[] = [];
    const { h } = setup({
      dump: { origin: 'https://app', entries: [[`${P}.${CLIENT_ID}.alice.accessToken`, access]] },
      hasHostAccess: async (endpoint) => {
        asked.push(endpoint);
        return false;
      },
    });
    const result = await h['session.importFromTab']({ type: 'session.importFromTab', tabId: 1 });
    expect(result.kind).toBe('choose');
    expect(asked).toEqual(['https://cognito-idp.us-east-1.amazonaws.com']);
  });

  it.each<[string, PageStorageDump, string]>([
    ['no session', { origin: 'https://x', entries: [['theme', 'dark']] }, 'ERR_SESSION_NOT_FOUND_IN_PAGE'],
    [
      'only LastAuthUser',
      { origin: 'https://x', entries: [[`${P}.c.LastAuthUser`, 'alice']] },
      'ERR_SESSION_INCOMPLETE',
    ],
    [
      'a junk access token',
      { origin: 'https://x', entries: [[`${P}.c.alice.accessToken`, 'junk']] },
      'ERR_SESSION_INCOMPLETE',
    ],
    ['unreadable storage', { origin: 'https://x', entries: [], unreadable: true }, 'ERR_SESSION_PAGE_UNREADABLE'],
  ])('reports %s clearly', async (_name, dump, code) => {
    const { h } = setup({ dump });
    expect(await codeOf(h['session.importFromTab']({ type: 'session.importFromTab', tabId: 1 }))).toBe(code);
  });

  it('keeps a session whose signature fails, marked failed, and records the failure', async () => {
    const forged = await signToken(otherKey, accessClaims(), { kid: 'pool' });
    const { h, drafts } = setup();
    const { session } = await h['session.importTokens']({ type: 'session.importTokens', accessToken: forged });
    expect(session.verification).toMatchObject({ state: 'failed', code: 'ERR_TOKEN_SIGNATURE_INVALID' });
    expect(drafts.map((d) => d.action)).toEqual(['session.import', 'token.verifyFailed']);
  });

  it('marks an untrusted issuer unverifiable without fetching', async () => {
    const token = await signToken(poolKey, accessClaims({ iss: 'https://evil.example.com/us-east-1_Demo1' }));
    const { h } = setup();
    const { session } = await h['session.importTokens']({ type: 'session.importTokens', accessToken: token });
    expect(session.verification).toMatchObject({ state: 'unverifiable', code: 'ERR_TOKEN_ISSUER_UNTRUSTED' });
    expect(session.endpoint).toBe('https://cognito-idp.us-east-1.amazonaws.com');
  });

  it('does not trust a loopback issuer without the override: unverifiable, no key fetched', async () => {
    const token = await signToken(poolKey, accessClaims());
    const { h, jwksCalls } = setup({ settings: { endpointOverride: '' } });
    const { session } = await h['session.importTokens']({ type: 'session.importTokens', accessToken: token });
    expect(session.verification).toMatchObject({
      state: 'unverifiable',
      code: 'ERR_TOKEN_ISSUER_UNTRUSTED',
      reason: expect.stringContaining('Endpoint override'),
    });
    expect(session.endpoint).toBe('https://cognito-idp.us-east-1.amazonaws.com');
    expect(jwksCalls).toEqual([]);
  });

  it('does not trust a loopback issuer on another port than the override', async () => {
    const token = await signToken(poolKey, accessClaims());
    const { h, jwksCalls } = setup({ settings: { endpointOverride: 'http://127.0.0.1:4600' } });
    const { session } = await h['session.importTokens']({ type: 'session.importTokens', accessToken: token });
    expect(session.verification).toMatchObject({ state: 'unverifiable', code: 'ERR_TOKEN_ISSUER_UNTRUSTED' });
    expect(jwksCalls).toEqual([]);
  });

  it('trusts the loopback issuer the override names', async () => {
    const token = await signToken(poolKey, accessClaims());
    const { h } = setup({ settings: { endpointOverride: `${SANDBOX_ENDPOINT}/` } });
    const { session } = await h['session.importTokens']({ type: 'session.importTokens', accessToken: token });
    expect(session).toMatchObject({ endpoint: SANDBOX_ENDPOINT, verification: { state: 'verified' } });
  });

  it('keeps a Cognito-issued session on its own host while the override is set', async () => {
    const token = await signToken(poolKey, accessClaims({ iss: COGNITO_ISS }));
    const { h, jwksCalls } = setup();
    const { session } = await h['session.importTokens']({ type: 'session.importTokens', accessToken: token });
    expect(session).toMatchObject({
      endpoint: 'https://cognito-idp.us-east-1.amazonaws.com',
      verification: { state: 'verified' },
    });
    expect(jwksCalls).toEqual([`${COGNITO_ISS}/.well-known/jwks.json`]);
  });

  it('rejects an empty paste', async () => {
    const { h } = setup();
    expect(await codeOf(h['session.importTokens']({ type: 'session.importTokens', accessToken: ' ' }))).toBe(
      'ERR_INVALID_ACCESS_TOKEN',
    );
  });
});

describe('sign in', () => {
  it('signs in with USER_PASSWORD_AUTH at the pool’s endpoint', async () => {
    const access = await signToken(poolKey, accessClaims({ iss: COGNITO_ISS }));
    const { h, initiateAuth, endpoints } = setup({
      auth: async () => ({ kind: 'tokens', tokens: { accessToken: access, refreshToken: 'rt' } }),
      settings: { endpointOverride: '' },
    });
    const { session } = await h['session.signIn']({
      type: 'session.signIn',
      poolId: 'us-east-1_Demo1',
      clientId: CLIENT_ID,
      username: 'alice',
      password: 'pw',
    });
    expect(session).toMatchObject({ source: 'signIn', username: 'alice', verification: { state: 'verified' } });
    expect(endpoints).toEqual(['https://cognito-idp.us-east-1.amazonaws.com/']);
    expect(initiateAuth).toHaveBeenCalledWith(
      expect.objectContaining({ flow: 'USER_PASSWORD_AUTH', username: 'alice' }),
    );
  });

  it('signs in at the loopback override when one is set', async () => {
    const access = await signToken(poolKey, accessClaims());
    const { h, endpoints } = setup({
      auth: async () => ({ kind: 'tokens', tokens: { accessToken: access } }),
    });
    const { session } = await h['session.signIn']({
      type: 'session.signIn',
      clientId: CLIENT_ID,
      username: 'alice',
      password: 'pw',
    });
    expect(endpoints).toEqual(['http://127.0.0.1:4599/']);
    expect(session.verification.state).toBe('verified');
  });

  it.each([
    ['an https host', 'https://evil.example.com/'],
    ['plain http off loopback', 'http://10.0.0.1:4599/'],
    ['not a URL', 'nope'],
  ])('never sends a password to an override that is %s', async (_name, endpointOverride) => {
    const { h, initiateAuth } = setup({ settings: { endpointOverride } });
    const error = await h['session.signIn']({
      type: 'session.signIn',
      poolId: 'us-east-1_Demo1',
      clientId: CLIENT_ID,
      username: 'alice',
      password: 'pw',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_INVALID_ENDPOINT', details: { field: 'endpointOverride' } });
    expect(initiateAuth).not.toHaveBeenCalled();
  });

  it('explains a challenge it cannot answer, naming it', async () => {
    const { h } = setup({ auth: async () => ({ kind: 'challenge', challengeName: 'SOFTWARE_TOKEN_MFA' }) });
    const error = await h['session.signIn']({
      type: 'session.signIn',
      poolId: 'us-east-1_Demo1',
      clientId: CLIENT_ID,
      username: 'alice',
      password: 'pw',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ERR_SESSION_CHALLENGE_UNSUPPORTED',
      details: { awsName: 'SOFTWARE_TOKEN_MFA' },
    });
  });

  it.each<[string, Record<string, string>, string]>([
    ['bad client id', { clientId: 'a b' }, 'ERR_INVALID_CLIENT_ID'],
    ['no username', { username: '' }, 'ERR_INVALID_USERNAME'],
    ['no password', { password: '' }, 'ERR_INVALID_PASSWORD'],
    ['short client secret', { clientSecret: 'short' }, 'ERR_INVALID_CLIENT_SECRET'],
    ['no pool id', { poolId: '' }, 'ERR_INVALID_USER_POOL_ID'],
  ])('validates: %s', async (_name, patch, code) => {
    const { h, initiateAuth } = setup({ settings: { endpointOverride: '' } });
    const req = {
      type: 'session.signIn' as const,
      poolId: 'us-east-1_Demo1',
      clientId: CLIENT_ID,
      username: 'alice',
      password: 'pw',
      ...patch,
    };
    expect(await codeOf(h['session.signIn'](req))).toBe(code);
    expect(initiateAuth).not.toHaveBeenCalled();
  });
});

describe('refresh', () => {
  async function withSession(
    auth: (input: unknown) => Promise<InitiateAuthResult>,
    extra: Record<string, unknown> = {},
    settings: Partial<Settings> = {},
  ) {
    const ctx = setup({ auth, settings });
    const access = await signToken(poolKey, accessClaims({ exp: NOW_SEC + 60, ...extra }));
    const { session } = await ctx.h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: access,
      refreshToken: 'the.refresh.token',
    });
    return { ...ctx, session };
  }

  it('refreshes with REFRESH_TOKEN_AUTH and the device key, keeping the refresh token', async () => {
    const fresh = await signToken(poolKey, accessClaims({ exp: NOW_SEC + 3600, jti: 'fresh' }));
    const { h, initiateAuth, session } = await withSession(
      async () => ({ kind: 'tokens', tokens: { accessToken: fresh } }),
      { device_key: 'us-east-1_0a1b2c3d-0000' },
    );
    const { session: next } = await h['session.refresh']({ type: 'session.refresh', id: session.id });
    expect(initiateAuth).toHaveBeenCalledWith({
      clientId: CLIENT_ID,
      clientSecret: undefined,
      flow: 'REFRESH_TOKEN_AUTH',
      refreshToken: 'the.refresh.token',
      deviceKey: 'us-east-1_0a1b2c3d-0000',
      username: 'alice',
    });
    expect(next).toMatchObject({
      claims: { expiresAt: NOW_SEC + 3600 },
      verification: { state: 'verified' },
      has: { refreshToken: true },
    });
    expect(next.refreshedAt).toBe(NOW_MS);
  });

  it('refreshes without a device key when the session has none', async () => {
    const fresh = await signToken(poolKey, accessClaims({ jti: 'fresh' }));
    const { h, initiateAuth } = await withSession(async () => ({ kind: 'tokens', tokens: { accessToken: fresh } }));
    await h['session.refresh']({ type: 'session.refresh' });
    expect(initiateAuth.mock.calls[0]?.[0]).toMatchObject({ deviceKey: undefined });
  });

  it.each(['ERR_COGNITO_REFRESH_TOKEN_INVALID', 'ERR_COGNITO_NOT_AUTHORIZED', 'ERR_COGNITO_TOKEN_REVOKED'] as const)(
    'marks the session expired when Cognito answers %s',
    async (code) => {
      const { h, session } = await withSession(async () => {
        throw new AppError(code);
      });
      expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe(code);
      const { sessions } = await h['session.list']({ type: 'session.list' });
      expect(sessions[0]?.status).toEqual({ state: 'expired', reason: code });
    },
  );

  it.each<[string, string, string]>([
    [
      'a rotating client’s refusal',
      'REFRESH_TOKEN_AUTH flow not enabled for this client',
      'ERR_SESSION_REFRESH_ROTATING',
    ],
    ['another invalid parameter', "1 validation error detected: Value at 'clientId'", 'ERR_COGNITO_INVALID_PARAMETER'],
  ])('a refused REFRESH_TOKEN_AUTH (%s) is said in its own words; nothing else is tried', async (_n, msg, code) => {
    const { h, session, initiateAuth } = await withSession(async () => {
      throw new AppError('ERR_COGNITO_INVALID_PARAMETER', undefined, {
        details: { awsName: 'InvalidParameterException', awsMessage: msg },
      });
    });
    initiateAuth.mockClear();
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe(code);
    // One InitiateAuth and no other way round (no GetTokensFromRefreshToken, which would rotate the app's token).
    expect(initiateAuth).toHaveBeenCalledTimes(1);
    expect((await h['session.list']({ type: 'session.list' })).sessions[0]?.status).toEqual({
      state: 'expired',
      reason: code,
    });
  });

  it.each<[string, AppError]>([
    ['ERR_NETWORK', new AppError('ERR_NETWORK')],
    ['ERR_TIMEOUT', new AppError('ERR_TIMEOUT')],
    ['ERR_COGNITO_TOO_MANY_REQUESTS', new AppError('ERR_COGNITO_TOO_MANY_REQUESTS')],
    ['ERR_COGNITO_INTERNAL', new AppError('ERR_COGNITO_INTERNAL')],
    ['a retryable error', new AppError('ERR_COGNITO_UNKNOWN', undefined, { details: { retryable: true } })],
  ])('keeps the session active after a transient failure (%s)', async (_name, thrown) => {
    const { h, session } = await withSession(async () => {
      throw thrown;
    });
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe(thrown.code);
    expect((await h['session.list']({ type: 'session.list' })).sessions[0]?.status.state).toBe('active');
  });

  it.each([
    'ERR_COGNITO_UNKNOWN',
    'ERR_BAD_RESPONSE',
    'ERR_COGNITO_LIMIT_EXCEEDED',
    'ERR_COGNITO_INVALID_PARAMETER',
  ] as const)('expires the session on any permanent failure (%s), so the alarm stops retrying it', async (code) => {
    const { h, service, session, initiateAuth, outcomes } = await withSession(async () => {
      throw new AppError(code, undefined, { details: { retryable: false } });
    });
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe(code);
    expect((await h['session.list']({ type: 'session.list' })).sessions[0]?.status).toEqual({
      state: 'expired',
      reason: code,
    });
    // The next alarm finds nothing due: no more calls, no more history entries.
    await service.refreshDue();
    expect(initiateAuth).toHaveBeenCalledTimes(1);
    expect(outcomes.filter((o) => o.action === 'session.refresh')).toHaveLength(1);
  });

  it('records a challenge answer as a failed refresh, and expires the session', async () => {
    const { h, session, outcomes } = await withSession(async () => ({
      kind: 'challenge',
      challengeName: 'SMS_MFA',
    }));
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe(
      'ERR_SESSION_CHALLENGE_UNSUPPORTED',
    );
    expect(outcomes.at(-1)).toEqual({
      action: 'session.refresh',
      outcome: 'failed',
      code: 'ERR_SESSION_CHALLENGE_UNSUPPORTED',
    });
    expect((await h['session.list']({ type: 'session.list' })).sessions[0]?.status.state).toBe('expired');
  });

  it('records tokens of another issuer as a failed refresh', async () => {
    const foreign = await signToken(poolKey, accessClaims({ iss: COGNITO_ISS, jti: 'fresh' }));
    const { h, session, outcomes } = await withSession(async () => ({
      kind: 'tokens',
      tokens: { accessToken: foreign },
    }));
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe(
      'ERR_TOKEN_ISSUER_MISMATCH',
    );
    expect(outcomes.at(-1)).toEqual({
      action: 'session.refresh',
      outcome: 'failed',
      code: 'ERR_TOKEN_ISSUER_MISMATCH',
    });
    const stored = (await sessionsItem.getValue())[0];
    expect(stored?.tokens.accessToken).not.toBe(foreign);
    expect(stored?.status).toEqual({ state: 'expired', reason: 'ERR_TOKEN_ISSUER_MISMATCH' });
  });

  it('makes no Cognito call for a loopback session once the override no longer names it', async () => {
    const { h, session, initiateAuth, globalSignOut, setSettings } = await withSession(async () => {
      throw new Error('must not be called');
    });
    setSettings({ endpointOverride: 'http://127.0.0.1:4600' });
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe(
      'ERR_TOKEN_ISSUER_UNTRUSTED',
    );
    expect(await codeOf(h['session.globalSignOut']({ type: 'session.globalSignOut', id: session.id }))).toBe(
      'ERR_TOKEN_ISSUER_UNTRUSTED',
    );
    expect(initiateAuth).not.toHaveBeenCalled();
    expect(globalSignOut).not.toHaveBeenCalled();
    const { session: checked } = await h['session.verify']({ type: 'session.verify', id: session.id });
    expect(checked.verification).toMatchObject({ state: 'unverifiable', code: 'ERR_TOKEN_ISSUER_UNTRUSTED' });
  });

  it('refreshes a Cognito-issued session at its own host, never at the override', async () => {
    const fresh = await signToken(poolKey, accessClaims({ iss: COGNITO_ISS, exp: NOW_SEC + 3600, jti: 'fresh' }));
    const { h, session, endpoints } = await withSession(
      async () => ({ kind: 'tokens', tokens: { accessToken: fresh } }),
      { iss: COGNITO_ISS },
    );
    expect(session.endpoint).toBe('https://cognito-idp.us-east-1.amazonaws.com');
    const { session: next } = await h['session.refresh']({ type: 'session.refresh', id: session.id });
    expect(endpoints).toEqual(['https://cognito-idp.us-east-1.amazonaws.com']);
    expect(next.verification.state).toBe('verified');
  });

  it('refuses to refresh without a refresh token', async () => {
    const { h } = setup();
    await h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: await signToken(poolKey, accessClaims()),
    });
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh' }))).toBe('ERR_SESSION_NO_REFRESH_TOKEN');
  });

  it('the alarm refreshes sessions due soon', async () => {
    const fresh = await signToken(poolKey, accessClaims({ exp: NOW_SEC + 3600, jti: 'fresh' }));
    const { service, initiateAuth } = await withSession(async () => ({
      kind: 'tokens',
      tokens: { accessToken: fresh },
    }));
    await service.refreshDue();
    expect(initiateAuth).toHaveBeenCalledTimes(1);
    expect((await sessionsItem.getValue())[0]?.claims.expiresAt).toBe(NOW_SEC + 3600);
  });
});

describe('a sign-out during a network call is final', () => {
  /** A Cognito answer the test releases when it wants. */
  function gate<T>() {
    let open!: (value: T) => void;
    const promise = new Promise<T>((resolve) => {
      open = resolve;
    });
    return { promise, open };
  }
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((r) => setTimeout(r, 1));
  };

  async function imported(ctx: ReturnType<typeof setup>) {
    const access = await signToken(poolKey, accessClaims({ exp: NOW_SEC + 60 }));
    const { session } = await ctx.h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: access,
      refreshToken: 'the.refresh.token',
    });
    return session;
  }

  it('a refresh answered after the sign-out does not bring the session back', async () => {
    const answer = gate<InitiateAuthResult>();
    const ctx = setup({ auth: () => answer.promise });
    const session = await imported(ctx);
    const refreshing = ctx.h['session.refresh']({ type: 'session.refresh', id: session.id });
    await until(() => ctx.initiateAuth.mock.calls.length === 1);
    await ctx.h['session.signOut']({ type: 'session.signOut', id: session.id });
    const fresh = await signToken(poolKey, accessClaims({ exp: NOW_SEC + 3600, jti: 'fresh' }));
    answer.open({ kind: 'tokens', tokens: { accessToken: fresh } });
    expect(await codeOf(refreshing)).toBe('ERR_SESSION_NONE');
    expect(await sessionsItem.getValue()).toEqual([]);
    expect((await ctx.h['session.list']({ type: 'session.list' })).activeId).toBeNull();
  });

  it('a refresh refused after the sign-out does not bring the session back (as expired)', async () => {
    let fail!: (error: unknown) => void;
    const refused = new Promise<never>((_resolve, reject) => {
      fail = reject;
    });
    const ctx = setup({ auth: () => refused });
    const session = await imported(ctx);
    const refreshing = ctx.h['session.refresh']({ type: 'session.refresh', id: session.id });
    await until(() => ctx.initiateAuth.mock.calls.length === 1);
    await ctx.h['session.signOut']({ type: 'session.signOut', id: session.id });
    fail(new AppError('ERR_COGNITO_REFRESH_TOKEN_INVALID'));
    expect(await codeOf(refreshing)).toBe('ERR_COGNITO_REFRESH_TOKEN_INVALID');
    expect(await sessionsItem.getValue()).toEqual([]);
  });

  it('a verification finished after the sign-out does not bring the session back', async () => {
    const ctx = setup();
    const session = await imported(ctx);
    const verifying = ctx.h['session.verify']({ type: 'session.verify', id: session.id });
    await ctx.h['session.signOut']({ type: 'session.signOut', id: session.id });
    expect(await codeOf(verifying)).toBe('ERR_SESSION_NONE');
    expect(await sessionsItem.getValue()).toEqual([]);
  });
});

describe('sign-out, switching, reveal', () => {
  it('signs out locally, globally, switches and reveals on request', async () => {
    const { h, globalSignOut } = setup();
    const a = await signToken(poolKey, accessClaims());
    const b = await signToken(poolKey, accessClaims({ username: 'bob' }));
    const s1 = (await h['session.importTokens']({ type: 'session.importTokens', accessToken: a })).session;
    const s2 = (await h['session.importTokens']({ type: 'session.importTokens', accessToken: b })).session;
    expect((await h['session.list']({ type: 'session.list' })).activeId).toBe(s2.id);
    await h['session.setActive']({ type: 'session.setActive', id: s1.id });
    expect((await h['session.list']({ type: 'session.list' })).activeId).toBe(s1.id);
    expect(
      (await h['session.revealToken']({ type: 'session.revealToken', id: s1.id, kind: 'accessToken' })).value,
    ).toBe(a);
    expect(
      await codeOf(h['session.revealToken']({ type: 'session.revealToken', id: s1.id, kind: 'refreshToken' })),
    ).toBe('ERR_INVALID_INPUT');
    await h['session.globalSignOut']({ type: 'session.globalSignOut', id: s1.id });
    expect(globalSignOut).toHaveBeenCalledWith({ accessToken: a });
    await h['session.signOut']({ type: 'session.signOut', id: s2.id });
    expect((await h['session.list']({ type: 'session.list' })).sessions).toEqual([]);
    expect(await keptSealedSessionsItem.getValue()).toBeNull();
  });
});
