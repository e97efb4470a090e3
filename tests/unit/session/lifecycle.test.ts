/** A session's refresh and sign-out races (utils/session/lifecycle.ts). */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../utils/errors';
import type { InitiateAuthResult } from '../../../utils/session/service';
import { type Settings, sessionsItem } from '../../../utils/storage';
import { accessClaims, CLIENT_ID, COGNITO_ISS, NOW_MS, NOW_SEC, signToken } from '../token/fixtures';

import { codeOf, poolKey, setup } from './service-setup';

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

  it.each<[string, string, string, string]>([
    [
      'a rotating client’s refusal',
      'REFRESH_TOKEN_AUTH flow not enabled for this client',
      'ERR_SESSION_REFRESH_ROTATING',
      // Nothing was spent: the borrowed session works until its access token expires (rotation.test.ts).
      'active',
    ],
    [
      'another invalid parameter',
      "1 validation error detected: Value at 'clientId'",
      'ERR_COGNITO_INVALID_PARAMETER',
      'expired',
    ],
  ])(
    'a refused REFRESH_TOKEN_AUTH (%s) is said in its own words; nothing else is tried',
    async (_n, msg, code, state) => {
      const { h, session, initiateAuth } = await withSession(async () => {
        throw new AppError('ERR_COGNITO_INVALID_PARAMETER', undefined, {
          details: { awsName: 'InvalidParameterException', awsMessage: msg },
        });
      });
      initiateAuth.mockClear();
      expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }))).toBe(code);
      // One InitiateAuth and no other way round (no GetTokensFromRefreshToken, which would rotate the app's token).
      expect(initiateAuth).toHaveBeenCalledTimes(1);
      expect((await h['session.list']({ type: 'session.list' })).sessions[0]?.status).toEqual(
        state === 'expired' ? { state, reason: code } : { state },
      );
    },
  );

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

  it('the alarm and a Watch check asking at once refresh a due session once (a second would spend a rotated token)', async () => {
    const fresh = await signToken(poolKey, accessClaims({ exp: NOW_SEC + 3600, jti: 'fresh' }));
    const { service, initiateAuth } = await withSession(async () => ({
      kind: 'tokens',
      tokens: { accessToken: fresh },
    }));
    await Promise.all([service.refreshDue(), service.refreshDue()]);
    expect(initiateAuth).toHaveBeenCalledTimes(1);
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

  it('a refresh refused after the same session was imported again leaves the new import alone', async () => {
    let fail!: (error: unknown) => void;
    const refused = new Promise<never>((_resolve, reject) => {
      fail = reject;
    });
    const ctx = setup({ auth: () => refused });
    const session = await imported(ctx);
    const refreshing = ctx.h['session.refresh']({ type: 'session.refresh', id: session.id });
    await until(() => ctx.initiateAuth.mock.calls.length === 1);
    // The person signed in to the app again and imports its new tokens: the same session, same id.
    const again = await signToken(poolKey, accessClaims({ exp: NOW_SEC + 3600, jti: 'again' }));
    const { session: renewed } = await ctx.h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: again,
      refreshToken: 'the.new.refresh.token',
    });
    expect(renewed.id).toBe(session.id);
    fail(new AppError('ERR_COGNITO_NOT_AUTHORIZED'));
    expect(await codeOf(refreshing)).toBe('ERR_COGNITO_NOT_AUTHORIZED');
    const [stored] = await sessionsItem.getValue();
    expect(stored?.status).toEqual({ state: 'active' });
    expect(stored?.tokens.accessToken).toBe(again);
  });

  it('a refresh answered after the same session was imported again does not overwrite the new tokens', async () => {
    const answer = gate<InitiateAuthResult>();
    const ctx = setup({ auth: () => answer.promise });
    const session = await imported(ctx);
    const refreshing = ctx.h['session.refresh']({ type: 'session.refresh', id: session.id });
    await until(() => ctx.initiateAuth.mock.calls.length === 1);
    const again = await signToken(poolKey, accessClaims({ exp: NOW_SEC + 3600, jti: 'again' }));
    await ctx.h['session.importTokens']({ type: 'session.importTokens', accessToken: again });
    const late = await signToken(poolKey, accessClaims({ exp: NOW_SEC + 3600, jti: 'late' }));
    answer.open({ kind: 'tokens', tokens: { accessToken: late } });
    expect(await codeOf(refreshing)).toBe('ERR_SESSION_NONE');
    const [stored] = await sessionsItem.getValue();
    expect(stored?.tokens.accessToken).toBe(again);
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
