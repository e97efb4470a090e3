/**
 * Run an IndexedDB operation so that a foreign failure (DOMException, idb's
 * errors) leaves as an AppError with the given code; AppErrors pass through.
 */
import { type ErrorCode, toAppError } from '../errors';

export async function guarded<T>(code: ErrorCode, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toAppError(error, code);
  }
}
