/**
 * Build the history actor (pool, client, username, sub) from a Cognito
 * token's claims. Pure; takes claims that were already decoded, keeps only
 * identifiers, never the token. Access tokens carry `client_id` and
 * `username`; ID tokens carry `aud` and `cognito:username`.
 */
import { AppError } from '../errors';
import type { HistoryActor } from './types';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The actor of an access or ID token's claims; throws ERR_TOKEN_CLAIMS_INVALID without a pool in `iss`. */
export function actorFromClaims(claims: Readonly<Record<string, unknown>>): HistoryActor {
  const iss = text(claims.iss);
  let pool: string | undefined;
  try {
    pool = iss === undefined ? undefined : text(new URL(iss).pathname.split('/').filter(Boolean).pop());
  } catch {
    // Not a URL: handled below as a missing pool.
    pool = undefined;
  }
  if (pool === undefined)
    throw new AppError('ERR_TOKEN_CLAIMS_INVALID', 'The token has no user pool in its issuer.', {
      details: { field: 'iss' },
    });
  const clientId = text(claims.client_id) ?? text(claims.aud);
  const username = text(claims.username) ?? text(claims['cognito:username']);
  const sub = text(claims.sub);
  return {
    pool,
    ...(clientId === undefined ? {} : { clientId }),
    ...(username === undefined ? {} : { username }),
    ...(sub === undefined ? {} : { sub }),
  };
}
