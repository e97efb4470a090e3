/**
 * Refresh-token rotation (utils/session/rotation.ts, lifecycle.ts): a borrowed
 * session of a rotating client is never refreshed unasked, the extension's own
 * sessions refresh freely (GetTokensFromRefreshToken), and consent rotates once.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../utils/errors';
import { nextRefreshAt } from '../../../utils/session/refresh-plan';
import { needsRotationChoice, refreshPlan } from '../../../utils/session/rotation';
import type { InitiateAuthResult } from '../../../utils/session/service';
import type { Session } from '../../../utils/session/types';
import { sessionsItem } from '../../../utils/storage';
import { accessClaims, CLIENT_ID, NOW_MS, NOW_SEC, signToken } from '../token/fixtures';
import { codeOf, poolKey, setup } from './service-setup';

const refusal = () =>
  new AppError('ERR_COGNITO_INVALID_PARAMETER', undefined, {
    details: {
      awsName: 'InvalidParameterException',
      awsMessage: 'REFRESH_TOKEN_AUTH flow not enabled for this client',
    },
  });
const learned = { learnedFrom: 'refusal', at: 1 } as const;

describe('refreshPlan', () => {
  it.each<[string, Partial<Session>, boolean, string]>([
    ['a client not known to rotate', { source: 'page' }, false, 'initiateAuth'],
    ['a borrowed session of a rotating client', { source: 'page', rotation: learned }, false, 'refuse'],
    ['a pasted session of a rotating client', { source: 'paste', rotation: learned }, false, 'refuse'],
    ['a borrowed session, with consent', { source: 'page', rotation: learned }, true, 'rotate'],
    ['the extension’s own sign-in', { source: 'signIn', rotation: learned }, false, 'rotate'],
    [
      'a token the extension rotated already',
      { source: 'page', rotation: learned, ownsRefreshToken: true },
      false,
      'rotate',
    ],
  ])('%s → %s', (_name, session, allowRotation, plan) => {
    expect(refreshPlan(session as Session, { allowRotation })).toBe(plan);
  });

  it('offers the choice only for a borrowed session of a rotating client that is not signed out', () => {
    const active = { state: 'active' } as const;
    expect(needsRotationChoice({ source: 'page', rotation: learned, status: active })).toBe(true);
    expect(needsRotationChoice({ source: 'page', status: active })).toBe(false);
    expect(needsRotationChoice({ source: 'signIn', rotation: learned, status: active })).toBe(false);
    expect(needsRotationChoice({ source: 'page', rotation: learned, status: { state: 'signedOut' } })).toBe(false);
  });
});

describe('refresh with rotation', () => {
  async function borrowed(
    opts: {
      auth?: () => Promise<InitiateAuthResult>;
      rotate?: () => Promise<InitiateAuthResult>;
      now?: () => number;
    } = {},
  ) {
    const ctx = setup({
      auth: opts.auth ?? (async () => Promise.reject(refusal())),
      rotate: opts.rotate,
      now: opts.now,
    });
    const access = await signToken(
      poolKey,
      accessClaims({ exp: NOW_SEC + 3600, device_key: 'us-east-1_0a1b2c3d-0000' }),
    );
    const { session } = await ctx.h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: access,
      refreshToken: 'the.apps.refresh.token',
    });
    return { ...ctx, session };
  }
  const rotatedTokens = async (): Promise<InitiateAuthResult> => ({
    kind: 'tokens',
    tokens: {
      accessToken: await signToken(poolKey, accessClaims({ jti: 'rotated' })),
      refreshToken: 'the.new.refresh.token',
    },
  });

  it('a borrowed session: one refused REFRESH_TOKEN_AUTH teaches rotation; later refreshes send nothing', async () => {
    const { h, session, initiateAuth, getTokensFromRefreshToken, outcomes } = await borrowed();
    const refresh = () => h['session.refresh']({ type: 'session.refresh', id: session.id });
    expect(await codeOf(refresh())).toBe('ERR_SESSION_REFRESH_ROTATING');
    const [stored] = await sessionsItem.getValue();
    expect(stored).toMatchObject({ status: { state: 'active' }, rotation: { learnedFrom: 'refusal', at: NOW_MS } });
    expect(stored?.tokens.refreshToken).toBe('the.apps.refresh.token');

    expect(await codeOf(refresh())).toBe('ERR_SESSION_REFRESH_ROTATING');
    expect(initiateAuth).toHaveBeenCalledTimes(1);
    expect(getTokensFromRefreshToken).not.toHaveBeenCalled();
    // Each refresh the person asked for ends with a history entry that says why.
    expect(outcomes.filter((o) => o.action === 'session.refresh')).toEqual([
      { action: 'session.refresh', outcome: 'failed', code: 'ERR_SESSION_REFRESH_ROTATING' },
      { action: 'session.refresh', outcome: 'failed', code: 'ERR_SESSION_REFRESH_ROTATING' },
    ]);
  });

  it('importing the same app client’s session again keeps what was learned: still no refresh unasked', async () => {
    const { h, session, initiateAuth } = await borrowed();
    await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }));
    const { session: again } = await h['session.importTokens']({
      type: 'session.importTokens',
      accessToken: await signToken(poolKey, accessClaims({ jti: 'again' })),
      refreshToken: 'the.apps.next.refresh.token',
    });
    // The same import again takes the first one's place: one session, the newest tokens.
    expect(again.id).toBe(session.id);
    expect((await h['session.list']({ type: 'session.list' })).sessions).toHaveLength(1);
    expect(again.rotation).toEqual({ learnedFrom: 'refusal', at: NOW_MS });
    expect(await codeOf(h['session.refresh']({ type: 'session.refresh', id: again.id }))).toBe(
      'ERR_SESSION_REFRESH_ROTATING',
    );
    expect(initiateAuth).toHaveBeenCalledTimes(1);
  });

  it('with consent, rotates once (GetTokensFromRefreshToken with the device key); the token is the extension’s then', async () => {
    const { h, session, initiateAuth, getTokensFromRefreshToken } = await borrowed({ rotate: rotatedTokens });
    await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }));
    const { session: next } = await h['session.refresh']({
      type: 'session.refresh',
      id: session.id,
      allowRotation: true,
    });
    expect(getTokensFromRefreshToken).toHaveBeenCalledWith({
      clientId: CLIENT_ID,
      clientSecret: undefined,
      refreshToken: 'the.apps.refresh.token',
      deviceKey: 'us-east-1_0a1b2c3d-0000',
    });
    expect(next).toMatchObject({
      ownsRefreshToken: true,
      verification: { state: 'verified' },
      status: { state: 'active' },
    });
    expect((await sessionsItem.getValue())[0]?.tokens.refreshToken).toBe('the.new.refresh.token');
    // Its own now: the next refresh rotates without asking, and never tries REFRESH_TOKEN_AUTH again.
    await h['session.refresh']({ type: 'session.refresh', id: session.id });
    expect(getTokensFromRefreshToken).toHaveBeenCalledTimes(2);
    expect(getTokensFromRefreshToken.mock.calls[1]?.[0]).toMatchObject({ refreshToken: 'the.new.refresh.token' });
    expect(initiateAuth).toHaveBeenCalledTimes(1);
    expect(needsRotationChoice(next)).toBe(false);
  });

  it('the extension’s own sign-in refreshes freely: refused REFRESH_TOKEN_AUTH, then GetTokensFromRefreshToken, one entry', async () => {
    const signedIn = await signToken(poolKey, accessClaims({ exp: NOW_SEC + 3600 }));
    let calls = 0;
    const ctx = setup({
      auth: async () => {
        calls += 1;
        if (calls === 1) return { kind: 'tokens', tokens: { accessToken: signedIn, refreshToken: 'own.refresh' } };
        throw refusal();
      },
      rotate: rotatedTokens,
    });
    const { session } = await ctx.h['session.signIn']({
      type: 'session.signIn',
      clientId: CLIENT_ID,
      username: 'alice',
      password: 'pw',
    });
    const { session: next } = await ctx.h['session.refresh']({ type: 'session.refresh', id: session.id });
    expect(ctx.getTokensFromRefreshToken.mock.calls[0]?.[0]).toMatchObject({ refreshToken: 'own.refresh' });
    expect(next).toMatchObject({ rotation: { learnedFrom: 'refusal' }, status: { state: 'active' } });
    expect(ctx.outcomes.filter((o) => o.action === 'session.refresh')).toEqual([
      { action: 'session.refresh', outcome: 'ok' },
    ]);
  });

  it('a refresh answer with a new refresh token teaches rotation too', async () => {
    const { h, session } = await borrowed({ auth: rotatedTokens });
    const { session: next } = await h['session.refresh']({ type: 'session.refresh', id: session.id });
    expect(next).toMatchObject({ rotation: { learnedFrom: 'rotatedAnswer' }, ownsRefreshToken: true });
  });

  it('the alarm never refreshes a borrowed rotating session: it is due at expiry, and marked expired then', async () => {
    let now = NOW_MS;
    const { h, service, session, initiateAuth } = await borrowed({ now: () => now });
    await codeOf(h['session.refresh']({ type: 'session.refresh', id: session.id }));
    const stored = await sessionsItem.getValue();
    // Not five minutes before expiry (a refresh), but at expiry.
    expect(nextRefreshAt(stored)).toBe((NOW_SEC + 3600 + (stored[0]?.clockDriftSec ?? 0)) * 1000);
    now = NOW_MS + 3590_000;
    await service.refreshDue();
    expect((await sessionsItem.getValue())[0]?.status.state).toBe('active');
    now = NOW_MS + 3601_000;
    await service.refreshDue();
    expect((await sessionsItem.getValue())[0]?.status).toEqual({
      state: 'expired',
      reason: 'ERR_SESSION_REFRESH_ROTATING',
    });
    expect(initiateAuth).toHaveBeenCalledTimes(1);
  });
});
