/**
 * Sign-in and token lifecycle: InitiateAuth (USER_PASSWORD_AUTH,
 * USER_SRP_AUTH, REFRESH_TOKEN_AUTH / REFRESH_TOKEN), GetTokensFromRefreshToken
 * (with refresh-token rotation per app client), RevokeToken, and the pieces
 * the SRP challenges (srp-auth.ts) and `/_sandbox/tokens` share. Device
 * tracking: a sign-in without a device in a pool with a deviceConfiguration
 * returns NewDeviceMetadata and binds its refresh token to that key;
 * refreshing a device-bound token needs that DEVICE_KEY, and stops working
 * once the device is forgotten.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SeedClient } from '../seed';
import type { PoolRecord, SessionRecord, UserRecord } from '../state';
import { ADMIN_SCOPE, assertUserUsable, mintTokens, newRefreshToken, TOKEN_LIFETIME } from '../tokens';
import { CognitoError, errors } from '../wire';
import { type OperationContext, type OperationHandler, type OperationInput, requireDevice } from './context';
import { startSrpSignIn } from './srp-auth';

/** The flows of a seed client without `authFlows`. */
export const DEFAULT_FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function clientOf(ctx: OperationContext, clientId: string): { pool: PoolRecord; client: SeedClient } {
  const poolId = ctx.state.clientPools.get(clientId);
  const pool = poolId ? ctx.state.pools.get(poolId) : undefined;
  const client = pool?.clients.get(clientId);
  if (!pool || !client) throw errors.resourceNotFound(`User pool client ${clientId} does not exist.`);
  return { pool, client };
}

export function requireFlow(client: SeedClient, flow: string, label: string): void {
  if (!(client.authFlows ?? DEFAULT_FLOWS).includes(flow)) {
    throw errors.invalidParameter(`${label} flow not enabled for this client`);
  }
}

/** SECRET_HASH = base64(HMAC-SHA256(secret, username + clientId)), required when the client has a secret. */
export function checkSecretHash(client: SeedClient, given: string | undefined, ...usernames: string[]): void {
  if (!client.secret) return;
  if (given === undefined) {
    throw errors.notAuthorized(`Client ${client.id} is configured for secret but secret was not received`);
  }
  const secret = client.secret;
  const ok = usernames.some((u) =>
    sameSecret(
      given,
      createHmac('sha256', secret)
        .update(u + client.id)
        .digest('base64'),
    ),
  );
  if (!ok) throw errors.notAuthorized(`Unable to verify secret hash for client ${client.id}`);
}

function checkClientSecret(client: SeedClient, given: unknown): void {
  if (!client.secret) return;
  if (typeof given !== 'string') {
    throw errors.notAuthorized(`Client ${client.id} is configured for secret but secret was not received`);
  }
  if (!sameSecret(given, client.secret))
    throw errors.notAuthorized(`Unable to verify secret hash for client ${client.id}`);
}

/** A string member of AuthParameters (or, with `member`, of ChallengeResponses); null counts as absent. */
export function authParameter(input: OperationInput, name: string, member = 'AuthParameters'): string | undefined {
  const params = (input[member] ?? {}) as Record<string, unknown>;
  const v = params[name];
  return typeof v === 'string' ? v : undefined;
}

export function requireAuthParameter(input: OperationInput, name: string, member = 'AuthParameters'): string {
  const v = authParameter(input, name, member);
  if (v === undefined) throw errors.invalidParameter(`Missing required parameter ${name}`);
  return v;
}

/**
 * Mints tokens for a new sign-in and records its session. Nothing is stored
 * until the tokens are signed, so a failure leaves no trace.
 */
export async function startSession(
  ctx: OperationContext,
  pool: PoolRecord,
  user: UserRecord,
  clientId: string,
  options: { scope?: string; deviceKey?: string; expiresIn?: number; withRefreshToken?: boolean } = {},
) {
  const now = Math.floor(ctx.now());
  const session: SessionRecord = {
    originJti: randomUUID(),
    poolId: pool.id,
    clientId,
    username: user.username,
    scope: options.scope ?? ADMIN_SCOPE,
    authTime: now,
    deviceKey: options.deviceKey,
    deviceForgotten: false,
    revoked: false,
    refreshToken: options.withRefreshToken === false ? undefined : newRefreshToken(),
  };
  const tokens = await mintTokens(ctx.keyring, ctx.issuerBase, pool, user, session, now, options.expiresIn);
  ctx.state.sessions.set(session.originJti, session);
  if (session.refreshToken) ctx.state.refreshTokens.set(session.refreshToken, session.originJti);
  return { ...tokens, RefreshToken: session.refreshToken, session };
}

/** The session behind a refresh token, checked for client, revocation and device binding. */
function refreshSession(ctx: OperationContext, refreshToken: string, clientId: string, deviceKey: string | undefined) {
  const invalid = () => errors.notAuthorized('Invalid Refresh Token.');
  const originJti = ctx.state.refreshTokens.get(refreshToken);
  const session = originJti ? ctx.state.sessions.get(originJti) : undefined;
  if (!session || session.clientId !== clientId) throw invalid();
  if (session.revoked) throw errors.notAuthorized('Refresh Token has been revoked');
  const graceUntil = ctx.state.rotatedRefreshTokens.get(refreshToken);
  if (graceUntil !== undefined && ctx.now() >= graceUntil) {
    // The model's RefreshTokenReuseException: "a refresh token that has been invalidated by refresh-token rotation".
    throw new CognitoError('RefreshTokenReuseException', 'Refresh token has been invalidated by rotation.');
  }
  if (session.deviceKey && (session.deviceKey !== deviceKey || session.deviceForgotten)) throw invalid();
  const pool = ctx.state.pools.get(session.poolId);
  const user = pool?.users.get(session.username);
  if (!pool || !user) throw invalid();
  assertUserUsable(user);
  return { session, pool, user };
}

async function refresh(ctx: OperationContext, pool: PoolRecord, user: UserRecord, session: SessionRecord) {
  const now = Math.floor(ctx.now());
  const tokens = await mintTokens(ctx.keyring, ctx.issuerBase, pool, user, session, now);
  const device = session.deviceKey ? user.devices.get(session.deviceKey) : undefined;
  if (device) {
    device.lastAuthenticatedAt = ctx.now();
    device.lastIp = ctx.remoteIp;
  }
  return { AccessToken: tokens.AccessToken, IdToken: tokens.IdToken, ExpiresIn: TOKEN_LIFETIME, TokenType: 'Bearer' };
}

async function passwordAuth(input: OperationInput, ctx: OperationContext, pool: PoolRecord, client: SeedClient) {
  requireFlow(client, 'ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH');
  const username = requireAuthParameter(input, 'USERNAME');
  const password = requireAuthParameter(input, 'PASSWORD');
  checkSecretHash(client, authParameter(input, 'SECRET_HASH'), username);
  const user = pool.users.get(username);
  if (!user) throw errors.userNotFound();
  if (!sameSecret(password, user.password)) throw errors.notAuthorized('Incorrect username or password.');
  assertUserUsable(user);
  if (user.challenge) return seededChallenge(user);
  const knownDevice = authParameter(input, 'DEVICE_KEY');
  if (knownDevice !== undefined) requireDevice(user, knownDevice);
  return completeSignIn(ctx, pool, user, client, knownDevice);
}

/** The challenge a seed user answers instead of tokens (SOFTWARE_TOKEN_MFA, SMS_MFA, NEW_PASSWORD_REQUIRED). */
export function seededChallenge(user: UserRecord) {
  const challenge = user.challenge ?? 'SOFTWARE_TOKEN_MFA';
  return {
    ChallengeName: challenge,
    Session: randomBytes(64).toString('base64url'),
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      ...(challenge === 'NEW_PASSWORD_REQUIRED' ? { requiredAttributes: '[]', userAttributes: '{}' } : {}),
      ...(challenge === 'SMS_MFA'
        ? { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0000' }
        : {}),
    },
  };
}

/**
 * Ends a successful sign-in: tokens, bound to `knownDevice` when the client
 * signed in with one, else to a new device key (NewDeviceMetadata) when the
 * pool tracks devices. The key is remembered until ConfirmDevice.
 */
export async function completeSignIn(
  ctx: OperationContext,
  pool: PoolRecord,
  user: UserRecord,
  client: SeedClient,
  knownDevice: string | undefined,
) {
  const newDevice =
    knownDevice === undefined && pool.deviceConfiguration
      ? { DeviceKey: `${pool.region}_${randomUUID()}`, DeviceGroupKey: `-${randomBytes(6).toString('base64url')}` }
      : undefined;
  const signedIn = await startSession(ctx, pool, user, client.id, { deviceKey: knownDevice ?? newDevice?.DeviceKey });
  if (newDevice) {
    ctx.state.issuedDevices.set(newDevice.DeviceKey, {
      poolId: pool.id,
      username: user.username,
      groupKey: newDevice.DeviceGroupKey,
    });
  }
  // The device may have been forgotten while the tokens were signed: record the sign-in only if it is still there.
  const device = knownDevice === undefined ? undefined : user.devices.get(knownDevice);
  if (device) {
    device.lastAuthenticatedAt = ctx.now();
    device.lastIp = ctx.remoteIp;
  }
  return {
    ChallengeParameters: {},
    AuthenticationResult: {
      AccessToken: signedIn.AccessToken,
      ExpiresIn: TOKEN_LIFETIME,
      TokenType: 'Bearer',
      RefreshToken: signedIn.RefreshToken,
      IdToken: signedIn.IdToken,
      ...(newDevice ? { NewDeviceMetadata: newDevice } : {}),
    },
  };
}

/** True when the app client rotates refresh tokens (RefreshTokenRotation Feature ENABLED). */
export const rotates = (client: SeedClient) => client.refreshTokenRotation?.Feature === 'ENABLED';

export const authOperations: Record<string, OperationHandler> = {
  async InitiateAuth(input, ctx) {
    const { pool, client } = clientOf(ctx, input.ClientId as string);
    const flow = input.AuthFlow as string;
    if (flow === 'USER_PASSWORD_AUTH') return passwordAuth(input, ctx, pool, client);
    if (flow === 'USER_SRP_AUTH') return startSrpSignIn(input, ctx, pool, client);
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      // "Refresh token rotation must be completed with GetTokensFromRefreshToken" (RefreshTokenRotationType,
      // API reference); the developer guide's "Refresh tokens" page: rotation "isn't compatible with the
      // authentication flow REFRESH_TOKEN_AUTH", which must be disabled, so it is refused as a disabled flow.
      if (rotates(client)) throw errors.invalidParameter(`${flow} flow not enabled for this client`);
      requireFlow(client, 'ALLOW_REFRESH_TOKEN_AUTH', flow);
      const token = requireAuthParameter(input, 'REFRESH_TOKEN');
      const deviceKey = authParameter(input, 'DEVICE_KEY');
      const { session, pool: p, user } = refreshSession(ctx, token, client.id, deviceKey);
      checkSecretHash(client, authParameter(input, 'SECRET_HASH'), user.username, user.sub);
      return { ChallengeParameters: {}, AuthenticationResult: await refresh(ctx, p, user, session) };
    }
    if (flow === 'ADMIN_NO_SRP_AUTH' || flow === 'ADMIN_USER_PASSWORD_AUTH') {
      throw errors.invalidParameter('Initiate Auth method not supported.');
    }
    requireFlow(client, `ALLOW_${flow}`, flow);
    throw new CognitoError('InvalidParameterException', `${flow} is not supported by the sandbox`);
  },

  async GetTokensFromRefreshToken(input, ctx) {
    const { client } = clientOf(ctx, input.ClientId as string);
    checkClientSecret(client, input.ClientSecret);
    const deviceKey = typeof input.DeviceKey === 'string' ? input.DeviceKey : undefined;
    const presented = input.RefreshToken as string;
    const { session, pool, user } = refreshSession(ctx, presented, client.id, deviceKey);
    const result = await refresh(ctx, pool, user, session);
    if (!rotates(client)) return { AuthenticationResult: result };
    // Rotation: a new refresh token; the presented one stays valid for RetryGracePeriodSeconds (0 = none).
    const next = newRefreshToken();
    const grace = client.refreshTokenRotation?.RetryGracePeriodSeconds ?? 0;
    if (!ctx.state.rotatedRefreshTokens.has(presented))
      ctx.state.rotatedRefreshTokens.set(presented, ctx.now() + grace);
    ctx.state.refreshTokens.set(next, session.originJti);
    session.refreshToken = next;
    return { AuthenticationResult: { ...result, RefreshToken: next } };
  },

  async RevokeToken(input, ctx) {
    const clientId = input.ClientId as string;
    const poolId = ctx.state.clientPools.get(clientId);
    const client = poolId ? ctx.state.pools.get(poolId)?.clients.get(clientId) : undefined;
    if (!client) throw new CognitoError('UnauthorizedException', 'Invalid client');
    if (client.secret && (typeof input.ClientSecret !== 'string' || !sameSecret(input.ClientSecret, client.secret))) {
      throw new CognitoError('UnauthorizedException', 'Invalid client secret');
    }
    const token = input.Token as string;
    if (token.split('.').length === 3)
      throw new CognitoError('UnsupportedTokenTypeException', 'Unsupported token type');
    const originJti = ctx.state.refreshTokens.get(token);
    const session = originJti ? ctx.state.sessions.get(originJti) : undefined;
    // RFC 7009: revoking an unknown token succeeds; a token of another client does not.
    if (session && session.clientId !== clientId) throw new CognitoError('UnauthorizedException', 'Invalid token');
    if (session) session.revoked = true;
    return {};
  },
};
