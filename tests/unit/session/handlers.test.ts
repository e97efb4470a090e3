import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../utils/errors';
import {
  createSessionService,
  type InitiateAuthResult,
  type SessionActionDraft,
  type SessionCognitoClient,
} from '../../../utils/session/handlers';
import type { PageStorageDump } from '../../../utils/session/page-storage';
import { DEFAULT_SETTINGS, keptSessionsItem, sessionsItem } from '../../../utils/session/storage-items';
import { createSessionStore } from '../../../utils/session/store';
import { createJwksResolver, verifyAccessToken } from '../../../utils/token/verify';
import {
  accessClaims,
  CLIENT_ID,
  jwksFetch,
  LOOPBACK_ISS,
  makeKey,
  NOW_MS,
  NOW_SEC,
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

function setup(options: { auth?: (input: unknown) => Promise<InitiateAuthResult>; dump?: PageStorageDump } = {}) {
  const jwks = createJwksResolver({ fetch: jwksFetch({ [LOOPBACK_ISS]: [poolKey] }).fetch });
  const initiateAuth = vi.fn(
    options.auth ?? (async () => ({ kind: 'tokens', tokens: { accessToken: '' } }) as InitiateAuthResult),
  );
  const globalSignOut = vi.fn(async () => undefined);
  const endpoints: string[] = [];
  const drafts: SessionActionDraft[] = [];
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
    settings: async () => DEFAULT_SETTINGS,
    now: () => NOW_MS,
    newId: () => `s${++n}`,
    recordAction: async (draft, run) => {
      drafts.push(draft);
      return run();
    },
  });
  return { service, h: service.handlers, initiateAuth, globalSignOut, endpoints, drafts };
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
      choice: { clientId: CLIENT_ID, username: 'alice' },
    });
    expect(second).toMatchObject({ kind: 'imported', session: { username: 'alice' } });
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

  it('rejects an empty paste', async () => {
    const { h } = setup();
    expect(await codeOf(h['session.importTokens']({ type: 'session.importTokens', accessToken: ' ' }))).toBe(
      'ERR_INVALID_ACCESS_TOKEN',
    );
  });
});

describe('sign in', () => {
  it('signs in with USER_PASSWORD_AUTH at the pool’s endpoint', async () => {
    const access = await signToken(poolKey, accessClaims());
    const { h, initiateAuth, endpoints } = setup({
      auth: async () => ({ kind: 'tokens', tokens: { accessToken: access, refreshToken: 'rt' } }),
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
    const { h, initiateAuth } = setup();
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
  ) {
    const ctx = setup({ auth });
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

  it('keeps the session active after a transient failure', async () => {
    const { h, session } = await withSession(async () => {
      throw new AppError('ERR_NETWORK');
    });
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe('ERR_NETWORK');
    expect((await h['session.list']({ type: 'session.list' })).sessions[0]?.status.state).toBe('active');
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
    expect(await keptSessionsItem.getValue()).toEqual([]);
  });
});
