/**
 * What a request is about, decided before its handler runs: the pool it
 * counts against, the user it acts for or on (for the per-user quotas and
 * the request log), and the pool-level refusals that come before any
 * operation logic: a web-ACL (WAF) rule → ForbiddenException, and the seed
 * switch `invalidConfiguration` → InvalidUserPoolConfigurationException. The
 * token in a request is only peeked at here, never trusted: the handler
 * verifies it.
 */
import type { ModelValidator } from './model-validate';
import type { PoolRecord, SandboxState } from './state';
import { CognitoError } from './wire';

/** The pool and user of one request, as far as they can be told from its input. */
export interface RequestScope {
  pool: PoolRecord | undefined;
  username: string | undefined;
}

function peekAccessToken(token: string): Record<string, unknown> | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null ? payload : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The username behind a refresh token the sandbox issued, if any. */
function refreshTokenUser(state: SandboxState, token: unknown): string | undefined {
  const originJti = typeof token === 'string' ? state.refreshTokens.get(token) : undefined;
  return originJti ? state.sessions.get(originJti)?.username : undefined;
}

/** Finds the pool and user of a request of `operation` with `input`. */
export function scopeOfRequest(state: SandboxState, operation: string, input: Record<string, unknown>): RequestScope {
  let poolId: string | undefined;
  let username: string | undefined;
  if (typeof input.UserPoolId === 'string') poolId = input.UserPoolId;
  else if (typeof input.ClientId === 'string') poolId = state.clientPools.get(input.ClientId);
  if (typeof input.AccessToken === 'string') {
    const claims = peekAccessToken(input.AccessToken);
    const iss = str(claims?.iss) ?? '';
    poolId ??= iss.slice(iss.lastIndexOf('/') + 1);
    username = str(claims?.username);
  } else if (typeof input.Username === 'string') {
    username = input.Username;
  }
  const params = (input.AuthParameters ?? input.ChallengeResponses ?? {}) as Record<string, unknown>;
  if (operation === 'InitiateAuth' || operation === 'RespondToAuthChallenge') {
    username = str(params.USERNAME) ?? refreshTokenUser(state, params.REFRESH_TOKEN);
    if (username === undefined && typeof input.Session === 'string') {
      username = state.challenges.get(input.Session)?.username;
    }
  }
  if (operation === 'GetTokensFromRefreshToken') username = refreshTokenUser(state, input.RefreshToken);
  if (operation === 'RevokeToken') username = refreshTokenUser(state, input.Token);
  const pool = poolId ? state.pools.get(poolId) : undefined;
  return { pool, username };
}

/**
 * The refusals a pool's set-up causes before the operation runs, only for
 * operations whose model declares the error: ForbiddenException when a web
 * ACL rule matches (the operations a WAF web ACL protects declare it), and
 * InvalidUserPoolConfigurationException when the seed marks the pool invalid.
 */
export function checkPoolSetup(
  validator: ModelValidator,
  operation: string,
  pool: PoolRecord | undefined,
  sourceIp: string,
  phase: 'waf' | 'configuration',
): void {
  if (!pool) return;
  const declared = validator.declaredErrors(operation);
  const blocked =
    phase === 'waf' &&
    pool.webAcl.some(
      (rule) =>
        (!rule.sourceIps || rule.sourceIps.includes(sourceIp)) &&
        (!rule.operations || rule.operations.includes(operation)),
    );
  // The message real Cognito sends for a WAF block is not verified.
  if (blocked && declared.has('ForbiddenException')) {
    throw new CognitoError('ForbiddenException', 'Request not allowed due to WAF block.');
  }
  if (
    phase === 'configuration' &&
    pool.invalidConfiguration !== undefined &&
    declared.has('InvalidUserPoolConfigurationException')
  ) {
    throw new CognitoError('InvalidUserPoolConfigurationException', pool.invalidConfiguration);
  }
}
