/**
 * Sign-in and token lifecycle: InitiateAuth (USER_PASSWORD_AUTH,
 * REFRESH_TOKEN_AUTH / REFRESH_TOKEN), GetTokensFromRefreshToken, RevokeToken,
 * and `startSession`, which `/_sandbox/tokens` shares. Device tracking: a
 * password sign-in in a pool with a deviceConfiguration returns
 * NewDeviceMetadata and binds its refresh token to that key; refreshing a
 * device-bound token needs that DEVICE_KEY, and stops working once the
 * device is forgotten.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SeedClient } from '../seed';
import type { PoolRecord, SessionRecord, UserRecord } from '../state';
import { ADMIN_SCOPE, assertUserUsable, mintTokens, newRefreshToken, TOKEN_LIFETIME } from '../tokens';
import { CognitoError, errors } from '../wire';
import { type OperationContext, type OperationHandler, type OperationInput, requireDevice } from './context';

const DEFAULT_FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function clientOf(ctx: OperationContext, clientId: string): { pool: PoolRecord; client: SeedClient } {
  const poolId = ctx.state.clientPools.get(clientId);
  const pool = poolId ? ctx.state.pools.get(poolId) : undefined;
  const client = pool?.clients.get(clientId);
  if (!pool || !client) throw errors.resourceNotFound(`User pool client ${clientId} does not exist.`);
  return { pool, client };
}

function requireFlow(client: SeedClient, flow: string, label: string): void {
  if (!(client.authFlows ?? DEFAULT_FLOWS).includes(flow)) {
    throw errors.invalidParameter(`${label} flow not enabled for this client`);
  }
}

/** SECRET_HASH = base64(HMAC-SHA256(secret, username + clientId)), required when the client has a secret. */
function checkSecretHash(client: SeedClient, given: string | undefined, ...usernames: string[]): void {
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

function authParameter(input: OperationInput, name: string): string | undefined {
  const params = (input.AuthParameters ?? {}) as Record<string, unknown>;
  const v = params[name];
  return typeof v === 'string' ? v : undefined;
}

function requireAuthParameter(input: OperationInput, name: string): string {
  const v = authParameter(input, name);
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
  if (user.challenge) {
    return {
      ChallengeName: user.challenge,
      Session: randomBytes(64).toString('base64url'),
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.username,
        ...(user.challenge === 'NEW_PASSWORD_REQUIRED' ? { requiredAttributes: '[]', userAttributes: '{}' } : {}),
        ...(user.challenge === 'SMS_MFA'
          ? { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0000' }
          : {}),
      },
    };
  }
  const knownDevice = authParameter(input, 'DEVICE_KEY');
  if (knownDevice !== undefined) requireDevice(user, knownDevice);
  const newDevice =
    knownDevice === undefined && pool.deviceConfiguration
      ? { DeviceKey: `${pool.region}_${randomUUID()}`, DeviceGroupKey: `-${randomBytes(6).toString('base64url')}` }
      : undefined;
  const signedIn = await startSession(ctx, pool, user, client.id, { deviceKey: knownDevice ?? newDevice?.DeviceKey });
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

export const authOperations: Record<string, OperationHandler> = {
  async InitiateAuth(input, ctx) {
    const { pool, client } = clientOf(ctx, input.ClientId as string);
    const flow = input.AuthFlow as string;
    if (flow === 'USER_PASSWORD_AUTH') return passwordAuth(input, ctx, pool, client);
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
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
    const { session, pool, user } = refreshSession(ctx, input.RefreshToken as string, client.id, deviceKey);
    return { AuthenticationResult: await refresh(ctx, pool, user, session) };
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
