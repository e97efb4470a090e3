/** The ways a session comes in (utils/session/import-handlers.ts). */
import { describe, expect, it } from 'vitest';
import type { PageStorageDump } from '../../../utils/session/page-storage';
import { accessClaims, CLIENT_ID, COGNITO_ISS, SANDBOX_ENDPOINT, signToken } from '../token/fixtures';

import { codeOf, otherKey, P, poolKey, setup } from './service-setup';

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

  it('importing the same tab twice keeps one session, with the newest tokens; a paste of it stays apart', async () => {
    const first = await signToken(poolKey, accessClaims({ jti: 'first' }));
    const second = await signToken(poolKey, accessClaims({ jti: 'second' }));
    const entries = (access: string): PageStorageDump['entries'] => [
      [`${P}.${CLIENT_ID}.LastAuthUser`, 'alice'],
      [`${P}.${CLIENT_ID}.alice.accessToken`, access],
    ];
    const dump: { origin: string; entries: PageStorageDump['entries'] } = {
      origin: 'https://app',
      entries: entries(first),
    };
    const { h } = setup({ dump });
    const one = await h['session.importFromTab']({ type: 'session.importFromTab', tabId: 1 });
    dump.entries = entries(second);
    const two = await h['session.importFromTab']({ type: 'session.importFromTab', tabId: 1 });
    if (one.kind !== 'imported' || two.kind !== 'imported') throw new Error('expected imports');
    expect(two.session.id).toBe(one.session.id);
    const listed = await h['session.list']({ type: 'session.list' });
    expect(listed.sessions).toHaveLength(1);
    expect(listed.activeId).toBe(one.session.id);
    const token = await h['session.revealToken']({
      type: 'session.revealToken',
      id: one.session.id,
      kind: 'accessToken',
    });
    expect(token.value).toBe(second);
    // The same account pasted is another way in: its own card.
    await h['session.importTokens']({ type: 'session.importTokens', accessToken: second });
    expect((await h['session.list']({ type: 'session.list' })).sessions).toHaveLength(2);
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
