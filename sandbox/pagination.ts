/**
 * Opaque pagination tokens: base64url of the cursor plus an HMAC over the
 * listing it belongs to, so a token from another listing, a truncated or an
 * edited one is refused with InvalidParameterException.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors } from './wire';

/** Encodes and checks pagination tokens for named listings (e.g. `devices:<pool>/<user>`). */
export interface Paginator {
  encode(listing: string, cursor: string): string;
  /** The cursor inside `token`; throws InvalidParameterException when it is not one of ours for `listing`. */
  decode(listing: string, token: string): string;
}

/** Creates a paginator with a fresh per-process key (tokens do not survive a restart, as with Cognito). */
export function createPaginator(key: Buffer = randomBytes(32)): Paginator {
  const mac = (listing: string, cursor: string) =>
    createHmac('sha256', key).update(`${listing}\n${cursor}`).digest().subarray(0, 16);
  return {
    encode(listing, cursor) {
      return `${Buffer.from(cursor, 'utf8').toString('base64url')}.${mac(listing, cursor).toString('base64url')}`;
    },
    decode(listing, token) {
      const [body, sig, extra] = token.split('.');
      if (body === undefined || sig === undefined || extra !== undefined) throw invalidToken();
      const cursor = Buffer.from(body, 'base64url').toString('utf8');
      const given = Buffer.from(sig, 'base64url');
      const expected = mac(listing, cursor);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidToken();
      return cursor;
    },
  };
}

// Cognito's exact wording for a bad pagination token was not verified.
const invalidToken = () => errors.invalidParameter('Invalid pagination token.');

/** One page of `items` after `start`, with the token of the next page when there is one. */
export function page<T>(items: readonly T[], start: number, limit: number): { items: T[]; next: number | undefined } {
  const slice = items.slice(start, start + limit);
  const next = start + slice.length;
  return { items: slice, next: next < items.length ? next : undefined };
}
