/**
 * The one error class of the extension, with its stable codes. The words a
 * person reads for each code live in the one table of error-text.ts.
 *
 * Foreign errors (Cognito `__type`, jose `code`, DOMException, fetch failures)
 * are translated into an `AppError` only at the boundary that meets them
 * (utils/cognito, utils/token, …). Nothing else inspects foreign errors.
 *
 * Secrets never go into an AppError: not in `message`, not in `details`.
 */
import type { ERROR_TEXT } from './error-text';

/** A stable error code (the keys of the words table in error-text.ts). */
export type ErrorCode = keyof typeof ERROR_TEXT;

/** Extra, non-secret facts about an error (field name, HTTP status, request id…). */
export interface ErrorDetails {
  /** The input field that failed validation. */
  readonly field?: string;
  /** The error name as the service sent it (e.g. `NotAuthorizedException`). */
  readonly awsName?: string;
  /** The service's own message (never contains a secret: Cognito echoes no tokens). */
  readonly awsMessage?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  /** The operation that failed (e.g. `ListDevices`). */
  readonly operation?: string;
  /** True when retrying the same request may succeed. */
  readonly retryable?: boolean;
}

/**
 * The one error class. `code` is stable; `message` is for logs and defaults to
 * the code. People get words from `describeError(code)` (error-text.ts).
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown; details?: ErrorDetails }) {
    super(message ?? code, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details ?? {};
  }

  /** A plain, structured-clone-safe form for messages and history (no cause, no stack). */
  toJSON(): SerializedError {
    return { code: this.code, message: this.message, details: { ...this.details } };
  }
}

/** An AppError as it travels in extension messages and is stored in history. */
export interface SerializedError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: ErrorDetails;
}

/** Rebuild an AppError from its serialized form (e.g. after a runtime message). */
export function deserializeError(value: SerializedError): AppError {
  const code = typeof value.code === 'string' && /^ERR_[A-Z0-9_]+$/.test(value.code) ? value.code : 'ERR_INTERNAL';
  return new AppError(code, value.message, { details: value.details });
}

/**
 * Wrap anything thrown into an AppError, keeping it as `cause`.
 * Use only at a boundary that has no better translation.
 */
export function toAppError(error: unknown, fallback: ErrorCode = 'ERR_INTERNAL'): AppError {
  if (error instanceof AppError) return error;
  return new AppError(fallback, undefined, { cause: error });
}
