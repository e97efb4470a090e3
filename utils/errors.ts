/**
 * The one error class of the extension, with its stable codes. Imports
 * nothing: the words a person reads for each code live in error-text.ts,
 * which supplies words per code (and fails to compile when one is missing).
 *
 * Foreign errors (Cognito `__type`, jose `code`, DOMException, fetch failures)
 * are translated into an `AppError` only at the boundary that meets them
 * (utils/cognito, utils/token, …). Nothing else inspects foreign errors.
 *
 * Secrets never go into an AppError: not in `message`, not in `details`.
 */
/** A stable error code. Add a code here and its words in error-text.ts, in the same area. */
export type ErrorCode =
  // input validation (raised before any network call)
  | 'ERR_INVALID_ACCESS_TOKEN'
  | 'ERR_INVALID_REFRESH_TOKEN'
  | 'ERR_INVALID_DEVICE_KEY'
  | 'ERR_INVALID_DEVICE_REMEMBERED_STATUS'
  | 'ERR_INVALID_DEVICE_NAME'
  | 'ERR_INVALID_USER_POOL_ID'
  | 'ERR_INVALID_USERNAME'
  | 'ERR_INVALID_CLIENT_ID'
  | 'ERR_INVALID_CLIENT_SECRET'
  | 'ERR_INVALID_PASSWORD'
  | 'ERR_INVALID_LIMIT'
  | 'ERR_INVALID_PAGINATION_TOKEN'
  | 'ERR_INVALID_FILTER'
  | 'ERR_INVALID_ENDPOINT'
  | 'ERR_INVALID_CREDENTIALS'
  | 'ERR_INVALID_INPUT'
  // Cognito service errors (mapped from the wire `__type`)
  | 'ERR_COGNITO_FORBIDDEN'
  | 'ERR_COGNITO_INTERNAL'
  | 'ERR_COGNITO_INVALID_PARAMETER'
  | 'ERR_COGNITO_INVALID_POOL_CONFIG'
  | 'ERR_COGNITO_NOT_AUTHORIZED'
  | 'ERR_COGNITO_SCOPE_MISSING'
  | 'ERR_COGNITO_TOKEN_EXPIRED'
  | 'ERR_COGNITO_TOKEN_REVOKED'
  | 'ERR_COGNITO_REFRESH_TOKEN_INVALID'
  | 'ERR_COGNITO_INCORRECT_CREDENTIALS'
  | 'ERR_COGNITO_AUTH_FLOW_DISABLED'
  | 'ERR_COGNITO_PASSWORD_RESET_REQUIRED'
  | 'ERR_COGNITO_RESOURCE_NOT_FOUND'
  | 'ERR_COGNITO_DEVICE_ALREADY_FORGOTTEN'
  | 'ERR_COGNITO_TOO_MANY_REQUESTS'
  | 'ERR_COGNITO_USER_NOT_CONFIRMED'
  | 'ERR_COGNITO_USER_NOT_FOUND'
  | 'ERR_COGNITO_UNSUPPORTED_OPERATION'
  | 'ERR_COGNITO_UNSUPPORTED_TOKEN_TYPE'
  | 'ERR_COGNITO_UNAUTHORIZED_CLIENT'
  | 'ERR_COGNITO_LIMIT_EXCEEDED'
  | 'ERR_COGNITO_CODE_DELIVERY_FAILED'
  | 'ERR_COGNITO_LAMBDA_FAILED'
  | 'ERR_COGNITO_INVALID_LAMBDA_RESPONSE'
  | 'ERR_COGNITO_INVALID_PASSWORD'
  | 'ERR_COGNITO_INVALID_SMS_ROLE'
  | 'ERR_COGNITO_INVALID_EMAIL_ROLE'
  | 'ERR_COGNITO_USERNAME_EXISTS'
  | 'ERR_COGNITO_DEVICE_KEY_EXISTS'
  | 'ERR_COGNITO_REFRESH_TOKEN_REUSE'
  | 'ERR_COGNITO_USER_POOL_TAGGING'
  | 'ERR_COGNITO_USER_DISABLED'
  | 'ERR_COGNITO_SECRET_HASH_INVALID'
  | 'ERR_COGNITO_MFA_METHOD_NOT_FOUND'
  | 'ERR_COGNITO_UNKNOWN'
  // AWS request signing (Admin operations)
  | 'ERR_AWS_UNRECOGNIZED_CLIENT'
  | 'ERR_AWS_SIGNATURE_MISMATCH'
  | 'ERR_AWS_CLOCK_SKEW'
  | 'ERR_AWS_CREDENTIALS_EXPIRED'
  | 'ERR_AWS_ACCESS_DENIED'
  | 'ERR_AWS_MISSING_CREDENTIALS'
  // network and transport
  | 'ERR_NETWORK'
  | 'ERR_TIMEOUT'
  | 'ERR_ABORTED'
  | 'ERR_ACTION_INTERRUPTED'
  | 'ERR_BAD_RESPONSE'
  | 'ERR_HOST_PERMISSION_DENIED'
  // tokens (decode, verify, scope)
  | 'ERR_TOKEN_MALFORMED'
  | 'ERR_TOKEN_NOT_ACCESS'
  | 'ERR_TOKEN_SCOPE_MISSING'
  | 'ERR_TOKEN_EXPIRED'
  | 'ERR_TOKEN_NOT_YET_VALID'
  | 'ERR_TOKEN_SIGNATURE_INVALID'
  | 'ERR_TOKEN_KID_UNKNOWN'
  | 'ERR_TOKEN_ALG_UNSUPPORTED'
  | 'ERR_TOKEN_ISSUER_MISMATCH'
  | 'ERR_TOKEN_ISSUER_UNTRUSTED'
  | 'ERR_TOKEN_CLIENT_MISMATCH'
  | 'ERR_TOKEN_JWKS_UNAVAILABLE'
  | 'ERR_TOKEN_CLAIMS_INVALID'
  // sessions
  | 'ERR_SESSION_NONE'
  | 'ERR_SESSION_NOT_FOUND_IN_PAGE'
  | 'ERR_SESSION_HTTPONLY'
  | 'ERR_SESSION_OTHER_CLIENT'
  | 'ERR_SESSION_PAGE_UNREADABLE'
  | 'ERR_SESSION_INCOMPLETE'
  | 'ERR_SESSION_CHALLENGE_UNSUPPORTED'
  | 'ERR_SESSION_NO_REFRESH_TOKEN'
  | 'ERR_SESSION_REFRESH_ROTATING'
  | 'ERR_SESSION_EXPIRED'
  | 'ERR_SESSION_KEPT_UNAVAILABLE'
  | 'ERR_SESSION_KEPT_UNREADABLE'
  // history (IndexedDB)
  | 'ERR_HISTORY_UNAVAILABLE'
  | 'ERR_HISTORY_WRITE_FAILED'
  // admin mode and the pool audit
  | 'ERR_ADMIN_NOT_CONNECTED'
  | 'ERR_ADMIN_AUDIT_NOT_FOUND'
  | 'ERR_ADMIN_AUDIT_RUNNING'
  | 'ERR_ADMIN_AUDIT_ENDPOINT_CHANGED'
  | 'ERR_ADMIN_BULK_RUNNING'
  // messaging between pages and the background worker
  | 'ERR_MESSAGE_FOREIGN_SENDER'
  | 'ERR_MESSAGE_INVALID'
  | 'ERR_BULK_TOO_LARGE'
  | 'ERR_BACKGROUND_UNAVAILABLE'
  | 'ERR_INTERNAL';

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
