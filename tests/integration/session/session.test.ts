/**
 * Sessions against the sandbox over real HTTP: sign-in, refresh with and
 * without a device key, refresh after the device was forgotten, global
 * sign-out, and JWKS verification of sandbox tokens and of forged ones.
 * Real parts throughout: utils/cognito's client, jose's remote JWKS, the
 * session service; only the browser storage is WXT's fake.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type Sandbox, startSandbox } from '../../../sandbox/server';
import { createCognitoClient, resolveEndpoint } from '../../../utils/cognito';
import type { AppError } from '../../../utils/errors';
import { describeChallenge } from '../../../utils/session/challenges';
import { createSessionService, type SessionActionDraft } from '../../../utils/session/service';
import { createSessionStore } from '../../../utils/session/store';
import { DEFAULT_SETTINGS } from '../../../utils/storage';
import { peekClaims } from '../../../utils/token/claims';
import { createJwksResolver, verifyAccessToken } from '../../../utils/token/verify';

interface Seed {
  pools: {
    id: string;
    clients: { id: string; secret?: string; authFlows: string[] }[];
    users: { username: string; password: string; devices?: { key: string; remembered: boolean }[] }[];
  }[];
}
const seed = JSON.parse(readFileSync(join(process.cwd(), 'sandbox/seeds/demo.json'), 'utf8')) as Seed;
const pool = seed.pools[0] as Seed['pools'][number];
const POOL_ID = pool.id;
const CLIENT = pool.clients.find((c) => !c.secret && c.authFlows.includes('ALLOW_USER_PASSWORD_AUTH'))?.id ?? '';
const SECRET_CLIENT = pool.clients.find((c) => c.secret) as { id: string; secret: string };
const ALICE = pool.users.find((u) => u.username === 'alice') as Seed['pools'][number]['users'][number];
const ALICE_DEVICE = ALICE.devices?.find((d) => d.remembered)?.key ?? '';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  fakeBrowser.reset();
  await fetch(`${sandbox.endpoint}/_sandbox/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
});

function service() {
  const jwks = createJwksResolver();
  const drafts: SessionActionDraft[] = [];
  const svc = createSessionService({
    store: createSessionStore({ keepSessions: async () => false }),
    cognito: (endpoint) => createCognitoClient({ endpoint }),
    resolveEndpoint,
    verify: (token, o) => verifyAccessToken(token, { ...o, jwks }),
    readTab: async () => ({ origin: 'https://unused', entries: [] }),
    settings: async () => ({ ...DEFAULT_SETTINGS, endpointOverride: sandbox.endpoint }),
    recordAction: async (draft, run) => {
      drafts.push(draft);
      return run();
    },
  });
  return { ...svc, h: svc.handlers, drafts };
}

async function sandboxTokens(body: Record<string, unknown>) {
  const res = await fetch(`${sandbox.endpoint}/_sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ poolId: POOL_ID, clientId: CLIENT, username: 'alice', ...body }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { AccessToken: string; IdToken: string; RefreshToken: string };
}

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'resolved';
};

describe('sessions against the sandbox', () => {
  it('signs in with USER_PASSWORD_AUTH and verifies the token against the sandbox JWKS', async () => {
    const { h, drafts } = service();
    const { session } = await h['session.signIn']({
      type: 'session.signIn',
      clientId: CLIENT,
      username: 'alice',
      password: ALICE.password,
    });
    expect(session).toMatchObject({
      source: 'signIn',
      username: 'alice',
      poolId: POOL_ID,
      issuer: `${sandbox.endpoint}/${POOL_ID}`,
      verification: { state: 'verified' },
      status: { state: 'active' },
      has: { refreshToken: true, idToken: true },
    });
    expect(session.claims.scopes).toContain('aws.cognito.signin.user.admin');
    expect(drafts.map((d) => d.action)).toEqual(['session.signIn']);
  });

  it('signs in with a client secret and refreshes with SECRET_HASH', async () => {
    const { h } = service();
    const { session } = await h['session.signIn']({
      type: 'session.signIn',
      clientId: SECRET_CLIENT.id,
      clientSecret: SECRET_CLIENT.secret,
      username: 'alice',
      password: ALICE.password,
    });
    const { session: next } = await h['session.refresh']({ type: 'session.refresh', id: session.id });
    expect(next.verification.state).toBe('verified');
    expect(next.refreshedAt).toBeGreaterThan(0);
  });

  it('reports a wrong password with its code', async () => {
    const { h } = service();
    expect(
      await codeOf(
        h['session.signIn']({
          type: 'session.signIn',
          clientId: CLIENT,
          username: 'alice',
          password: 'wrong-Passw0rd!',
        }),
      ),
    ).toBe('ERR_COGNITO_INCORRECT_CREDENTIALS');
  });

  it.each([
    ['erin', 'ERR_SESSION_CHALLENGE_UNSUPPORTED', 'SOFTWARE_TOKEN_MFA'],
    ['carol', 'ERR_COGNITO_USER_NOT_CONFIRMED', undefined],
    ['dave', 'ERR_COGNITO_PASSWORD_RESET_REQUIRED', undefined],
  ])('explains why %s cannot sign in here (%s), and stores no session', async (username, code, challenge) => {
    const { h } = service();
    const user = pool.users.find((u) => u.username === username) as { password: string };
    const failure = await h['session.signIn']({
      type: 'session.signIn',
      clientId: CLIENT,
      username,
      password: user.password,
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code });
    if (challenge) expect(describeChallenge((failure as AppError).details.awsName)).toMatch(/authenticator-app/);
    expect((await h['session.list']({ type: 'session.list' })).sessions).toEqual([]);
  });

  it('refreshes a session without a device key', async () => {
    const { h } = service();
    const tokens = await sandboxTokens({});
    const { session } = await h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: tokens.AccessToken,
      refreshToken: tokens.RefreshToken,
      clientId: CLIENT,
    });
    expect(session.deviceKey).toBeUndefined();
    const { session: next } = await h['session.refresh']({ type: 'session.refresh', id: session.id });
    expect(next.verification.state).toBe('verified');
    expect(next.claims.issuedAt).toBeGreaterThanOrEqual(session.claims.issuedAt ?? 0);
  });

  it('refreshes a device-bound session with DEVICE_KEY', async () => {
    const { h } = service();
    const tokens = await sandboxTokens({ deviceKey: ALICE_DEVICE });
    const { session } = await h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: tokens.AccessToken,
      refreshToken: tokens.RefreshToken,
    });
    expect(session.deviceKey).toBe(ALICE_DEVICE);
    const { session: next } = await h['session.refresh']({ type: 'session.refresh', id: session.id });
    expect(next.status.state).toBe('active');
    expect(next.claims.deviceKey).toBe(ALICE_DEVICE);
  });

  it('fails cleanly to refresh after the device was forgotten, and marks the session expired', async () => {
    const { h } = service();
    const tokens = await sandboxTokens({ deviceKey: ALICE_DEVICE });
    const { session } = await h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: tokens.AccessToken,
      refreshToken: tokens.RefreshToken,
    });
    await createCognitoClient({ endpoint: resolveEndpoint({ custom: sandbox.endpoint }) }).forgetDevice({
      accessToken: tokens.AccessToken,
      deviceKey: ALICE_DEVICE,
    });
    const code = await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }));
    expect(['ERR_COGNITO_REFRESH_TOKEN_INVALID', 'ERR_COGNITO_NOT_AUTHORIZED']).toContain(code);
    const { sessions } = await h['session.list']({ type: 'session.list' });
    expect(sessions[0]?.status).toEqual({ state: 'expired', reason: code });
  });

  it('global sign-out revokes the refresh token and removes the session', async () => {
    const { h } = service();
    const tokens = await sandboxTokens({});
    const { session } = await h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: tokens.AccessToken,
      refreshToken: tokens.RefreshToken,
    });
    await h['session.globalSignOut']({ type: 'session.globalSignOut', id: session.id });
    expect((await h['session.list']({ type: 'session.list' })).sessions).toEqual([]);
    const again = await h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: tokens.AccessToken,
      refreshToken: tokens.RefreshToken,
    });
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: again.session.id }))).toMatch(
      /^ERR_COGNITO_(REFRESH_TOKEN_INVALID|NOT_AUTHORIZED|TOKEN_REVOKED)$/,
    );
  });
});

describe('JWKS verification of sandbox tokens', () => {
  it('passes for a token the sandbox issued', async () => {
    const tokens = await sandboxTokens({});
    const { claims } = await verifyAccessToken(tokens.AccessToken, {
      jwks: createJwksResolver(),
      expectedClientId: CLIENT,
      // The sandbox's issuer is trusted only when Settings' override names it.
      endpointOverride: sandbox.endpoint,
    });
    expect(claims).toMatchObject({ username: 'alice', poolId: POOL_ID, alg: 'RS256' });
  });

  it('never fetches the sandbox’s keys unless the override names it', async () => {
    const tokens = await sandboxTokens({});
    const asked: string[] = [];
    const jwks = createJwksResolver({
      fetch: (async (url: string | URL | Request) => {
        asked.push(String(url));
        return fetch(url);
      }) as typeof fetch,
    });
    const otherPort = `http://127.0.0.1:${Number(new URL(sandbox.endpoint).port) === 1 ? 2 : 1}`;
    for (const endpointOverride of ['', otherPort]) {
      expect(await codeOf(verifyAccessToken(tokens.AccessToken, { jwks, endpointOverride }))).toBe(
        'ERR_TOKEN_ISSUER_UNTRUSTED',
      );
    }
    expect(asked).toEqual([]);
  });

  it('fails for a token signed by another key, even under the sandbox’s kid', async () => {
    const tokens = await sandboxTokens({});
    const { claims } = peekClaims(tokens.AccessToken);
    const { kid } = decodeProtectedHeader(tokens.AccessToken);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    expect(
      await codeOf(verifyAccessToken(forged, { jwks: createJwksResolver(), endpointOverride: sandbox.endpoint })),
    ).toBe('ERR_TOKEN_SIGNATURE_INVALID');
    const unknownKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'not-a-sandbox-key' })
      .sign(privateKey);
    expect(
      await codeOf(verifyAccessToken(unknownKid, { jwks: createJwksResolver(), endpointOverride: sandbox.endpoint })),
    ).toBe('ERR_TOKEN_KID_UNKNOWN');
  });

  it('reports an expired sandbox token as expired', async () => {
    const tokens = await sandboxTokens({ expiresIn: -600 });
    expect(
      await codeOf(
        verifyAccessToken(tokens.AccessToken, { jwks: createJwksResolver(), endpointOverride: sandbox.endpoint }),
      ),
    ).toBe('ERR_TOKEN_EXPIRED');
  });

  it('marks a forged token’s session failed on import', async () => {
    const { h } = service();
    const tokens = await sandboxTokens({});
    const { claims } = peekClaims(tokens.AccessToken);
    const { privateKey } = await generateKeyPair('RS256');
    const { kid } = decodeProtectedHeader(tokens.AccessToken);
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    const { session } = await h['session.importTokens']({ type: 'session.importTokens', accessToken: forged });
    expect(session.verification).toMatchObject({ state: 'failed', code: 'ERR_TOKEN_SIGNATURE_INVALID' });
  });
});
