/**
 * Refresh-token rotation against the sandbox over real HTTP (utils/cognito's
 * client, the session service): a borrowed session of a rotating client is
 * refused without spending its token, an own sign-in rotates, and admin mode
 * learns rotation from DescribeUserPoolClient (SigV4) before any refresh.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { RequestLogEntry } from '../../../sandbox/request-log';
import type { SeedFile } from '../../../sandbox/seed';
import { type Sandbox, startSandbox } from '../../../sandbox/server';
import { createCognitoClient, resolveEndpoint } from '../../../utils/cognito';
import { clientRotates } from '../../../utils/session/handlers';
import { createSessionService } from '../../../utils/session/service';
import { createSessionStore } from '../../../utils/session/store';
import { adminConnectionItem, DEFAULT_SETTINGS } from '../../../utils/storage';
import { createJwksResolver, verifyAccessToken } from '../../../utils/token/verify';

const ROTATING = '5sandboxrotatingclient001';
const seed = JSON.parse(readFileSync(join(process.cwd(), 'sandbox/seeds/demo.json'), 'utf8')) as SeedFile;
const pool = seed.pools[0] as SeedFile['pools'][number];
pool.clients.push({
  id: ROTATING,
  name: 'Rotating web app',
  allowedScopes: ['aws.cognito.signin.user.admin', 'openid'],
  authFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  refreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
});
const POOL_ID = pool.id;
const iam = (seed.iam ?? [])[0] as { accessKeyId: string; secretAccessKey: string };
const password = (pool.users.find((u) => u.username === 'alice') as { password: string }).password;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  fakeBrowser.reset();
  await fetch(`${sandbox.endpoint}/_sandbox/reset`, { method: 'POST' });
  await fetch(`${sandbox.endpoint}/_sandbox/requests`, { method: 'DELETE' });
});

const requests = async () =>
  ((await (await fetch(`${sandbox.endpoint}/_sandbox/requests`)).json()) as { requests: RequestLogEntry[] }).requests
    .filter((e) => e.operation !== 'GetUser')
    .map((e) => [e.authFlow ?? e.operation, e.errorType ?? 'ok']);

function service(options: { admin?: boolean } = {}) {
  const jwks = createJwksResolver();
  const context = { cognito: async (o: { endpoint: string }) => createCognitoClient(o) };
  return createSessionService({
    store: createSessionStore({ keepSessions: async () => false }),
    cognito: (endpoint) => createCognitoClient({ endpoint }),
    resolveEndpoint,
    verify: (token, o) => verifyAccessToken(token, { ...o, jwks }),
    readTab: async () => ({ origin: 'https://unused', entries: [] }),
    settings: async () => ({ ...DEFAULT_SETTINGS, endpointOverride: sandbox.endpoint }),
    ...(options.admin ? { clientRotates: (s, endpoint) => clientRotates(context, s, endpoint) } : {}),
  }).handlers;
}

/** The app's own session: tokens the sandbox minted for the rotating client (as the web app would hold). */
async function appTokens() {
  const res = await fetch(`${sandbox.endpoint}/_sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ poolId: POOL_ID, clientId: ROTATING, username: 'alice' }),
  });
  return (await res.json()) as { AccessToken: string; RefreshToken: string };
}

/** Import the app's session as the popup would (pasted tokens); the tokens too, to use as the app. */
async function importApp(h: ReturnType<typeof service>) {
  const app = await appTokens();
  const { session } = await h['session.importTokens']({
    type: 'session.importTokens',
    accessToken: app.AccessToken,
    refreshToken: app.RefreshToken,
  });
  return { app, session };
}

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

describe('refresh-token rotation against the sandbox', () => {
  it('a borrowed session: refused once, learned, and the app’s refresh token still works', async () => {
    const h = service();
    const { app, session } = await importApp(h);
    await fetch(`${sandbox.endpoint}/_sandbox/requests`, { method: 'DELETE' });
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe(
      'ERR_SESSION_REFRESH_ROTATING',
    );
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe(
      'ERR_SESSION_REFRESH_ROTATING',
    );
    expect(await requests()).toEqual([['REFRESH_TOKEN_AUTH', 'InvalidParameterException']]);
    // The web app refreshes its own session with the token the extension did not spend.
    const own = await createCognitoClient({ endpoint: `${sandbox.endpoint}/` }).getTokensFromRefreshToken({
      clientId: ROTATING,
      refreshToken: app.RefreshToken,
    });
    expect(own.kind).toBe('tokens');
  });

  it('with consent, rotates: the app’s refresh token is spent (grace 0), as the warning says', async () => {
    const h = service();
    const { app, session } = await importApp(h);
    await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }));
    const { session: next } = await h['session.refresh']({
      type: 'session.refresh',
      id: session.id,
      allowRotation: true,
    });
    expect(next).toMatchObject({ ownsRefreshToken: true, verification: { state: 'verified' } });
    const spent = createCognitoClient({ endpoint: `${sandbox.endpoint}/` }).getTokensFromRefreshToken({
      clientId: ROTATING,
      refreshToken: app.RefreshToken,
    });
    await expect(spent).rejects.toMatchObject({ code: 'ERR_COGNITO_REFRESH_TOKEN_REUSE' });
  });

  it('the extension’s own sign-in refreshes freely (GetTokensFromRefreshToken after the refusal)', async () => {
    const h = service();
    const { session } = await h['session.signIn']({
      type: 'session.signIn',
      clientId: ROTATING,
      username: 'alice',
      password,
    });
    await fetch(`${sandbox.endpoint}/_sandbox/requests`, { method: 'DELETE' });
    const { session: next } = await h['session.refresh']({ type: 'session.refresh', id: session.id });
    expect(next).toMatchObject({ status: { state: 'active' }, rotation: { learnedFrom: 'refusal' } });
    await h['session.refresh']({ type: 'session.refresh', id: session.id });
    expect(await requests()).toEqual([
      ['REFRESH_TOKEN_AUTH', 'InvalidParameterException'],
      ['GetTokensFromRefreshToken', 'ok'],
      ['GetTokensFromRefreshToken', 'ok'],
    ]);
  });

  it('admin mode learns rotation from DescribeUserPoolClient at import: no refused refresh is ever sent', async () => {
    await adminConnectionItem.setValue({ poolId: POOL_ID, credentials: iam });
    const h = service({ admin: true });
    const { session } = await importApp(h);
    expect(session.rotation).toMatchObject({ learnedFrom: 'describeClient' });
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe(
      'ERR_SESSION_REFRESH_ROTATING',
    );
    expect(await requests()).toEqual([['DescribeUserPoolClient', 'ok']]);
  });

  it.each<[string, () => Promise<void>, string]>([
    [
      'a client that does not rotate',
      async () => adminConnectionItem.setValue({ poolId: POOL_ID, credentials: iam }),
      '5sandboxdemoclient0000001',
    ],
    ['no admin connection', async () => undefined, ROTATING],
    [
      'credentials the pool refuses',
      async () => adminConnectionItem.setValue({ poolId: POOL_ID, credentials: { ...iam, secretAccessKey: 'wrong' } }),
      ROTATING,
    ],
  ])('admin mode with %s learns nothing; the import works', async (_name, arrange, clientId) => {
    await arrange();
    const h = service({ admin: true });
    const res = await fetch(`${sandbox.endpoint}/_sandbox/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ poolId: POOL_ID, clientId, username: 'alice' }),
    });
    const t = (await res.json()) as { AccessToken: string; RefreshToken: string };
    const { session } = await h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: t.AccessToken,
      refreshToken: t.RefreshToken,
    });
    expect(session.rotation).toBeUndefined();
    expect(session.status.state).toBe('active');
  });
});
