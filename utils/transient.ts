/**
 * Whether a failure may pass by itself, so that trying again is worth a button:
 * the connection, a timeout, throttling, Cognito's own trouble, or anything the
 * client marked retryable. A refused token or bad input would fail the same way
 * again: no Retry is offered for those. Pure.
 */
import type { ErrorCode, SerializedError } from './errors';

const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ERR_NETWORK',
  'ERR_TIMEOUT',
  'ERR_COGNITO_TOO_MANY_REQUESTS',
  'ERR_COGNITO_INTERNAL',
]);

export function mayPassByItself(error: Pick<SerializedError, 'code' | 'details'> | undefined): boolean {
  return error !== undefined && (error.details.retryable === true || TRANSIENT.has(error.code));
}
