/**
 * The boundary where Cognito's wire errors become AppErrors. Parses the error
 * name exactly as the AWS SDK for JavaScript v3 does (awsJson1_1 protocol:
 * header `x-amzn-errortype`, else body `code`, else body `__type`; keep what is
 * before `,` and `:`, then what is after `#`; message from `message` or
 * `Message`), and maps it through ONE table to a stable code. The words for
 * each code live in utils/errors.ts.
 * Error lists: the `errors` of each operation in the service model.
 */
import { AppError, type ErrorCode } from '../errors';

/** An error response as read off the wire. */
export interface WireError {
  /** The error name, sanitized like the SDK (e.g. `NotAuthorizedException`), or undefined if none was sent. */
  readonly name: string | undefined;
  readonly message: string | undefined;
  readonly httpStatus: number;
  readonly requestId: string | undefined;
}

/** The SDK's `sanitizeErrorCode`: `ns#Name:http://…,more` → `Name`. */
export function sanitizeErrorName(raw: string): string {
  let name = raw;
  if (name.includes(',')) name = name.split(',')[0] ?? '';
  if (name.includes(':')) name = name.split(':')[0] ?? '';
  if (name.includes('#')) name = name.split('#')[1] ?? '';
  return name;
}

function field(body: unknown, key: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
}

/** Read the error name, message and request id of a non-2xx response (`body` is its parsed JSON, if any). */
export function parseWireError(headers: Headers, httpStatus: number, body: unknown): WireError {
  const header = headers.get('x-amzn-errortype');
  const code = field(body, 'code');
  const type = field(body, '__type');
  const raw = header ?? (typeof code === 'string' ? code : typeof type === 'string' ? type : undefined);
  const message = field(body, 'message') ?? field(body, 'Message');
  return {
    name: raw === undefined ? undefined : sanitizeErrorName(raw) || undefined,
    message: typeof message === 'string' ? message : undefined,
    httpStatus,
    requestId: headers.get('x-amzn-requestid') ?? headers.get('x-amz-request-id') ?? undefined,
  };
}

/** A case of one error name, told apart by its message. */
interface MessageCase {
  readonly match: RegExp;
  readonly code: ErrorCode;
}

/** How one wire error name maps to a code; `cases` are tried first, in order. */
interface ErrorMapping {
  readonly code: ErrorCode;
  readonly retryable?: boolean;
  readonly cases?: readonly MessageCase[];
}

/**
 * THE table: wire error name → AppError code. Covers every error the model
 * lists for the operations of this client, plus the SigV4 / IAM errors AWS
 * front ends return for signed calls.
 */
export const AWS_ERROR_MAP: Readonly<Record<string, ErrorMapping>> = {
  ForbiddenException: { code: 'ERR_COGNITO_FORBIDDEN' },
  InternalErrorException: { code: 'ERR_COGNITO_INTERNAL', retryable: true },
  InvalidParameterException: {
    code: 'ERR_COGNITO_INVALID_PARAMETER',
    cases: [{ match: /flow (?:is )?not enabled/i, code: 'ERR_COGNITO_AUTH_FLOW_DISABLED' }],
  },
  InvalidUserPoolConfigurationException: { code: 'ERR_COGNITO_INVALID_POOL_CONFIG' },
  NotAuthorizedException: {
    code: 'ERR_COGNITO_NOT_AUTHORIZED',
    cases: [
      { match: /does not have required scopes?/i, code: 'ERR_COGNITO_SCOPE_MISSING' },
      { match: /access token has expired/i, code: 'ERR_COGNITO_TOKEN_EXPIRED' },
      { match: /access token has been revoked/i, code: 'ERR_COGNITO_TOKEN_REVOKED' },
      { match: /refresh token/i, code: 'ERR_COGNITO_REFRESH_TOKEN_INVALID' },
      { match: /incorrect username or password/i, code: 'ERR_COGNITO_INCORRECT_CREDENTIALS' },
      { match: /flow (?:is )?not enabled/i, code: 'ERR_COGNITO_AUTH_FLOW_DISABLED' },
      { match: /secret hash|configured for secret/i, code: 'ERR_COGNITO_SECRET_HASH_INVALID' },
      { match: /user is disabled/i, code: 'ERR_COGNITO_USER_DISABLED' },
    ],
  },
  PasswordResetRequiredException: { code: 'ERR_COGNITO_PASSWORD_RESET_REQUIRED' },
  ResourceNotFoundException: { code: 'ERR_COGNITO_RESOURCE_NOT_FOUND' },
  TooManyRequestsException: { code: 'ERR_COGNITO_TOO_MANY_REQUESTS', retryable: true },
  UserNotConfirmedException: { code: 'ERR_COGNITO_USER_NOT_CONFIRMED' },
  UserNotFoundException: { code: 'ERR_COGNITO_USER_NOT_FOUND' },
  UnsupportedOperationException: { code: 'ERR_COGNITO_UNSUPPORTED_OPERATION' },
  UnsupportedTokenTypeException: { code: 'ERR_COGNITO_UNSUPPORTED_TOKEN_TYPE' },
  UnauthorizedException: { code: 'ERR_COGNITO_UNAUTHORIZED_CLIENT' },
  UnexpectedLambdaException: { code: 'ERR_COGNITO_LAMBDA_FAILED' },
  UserLambdaValidationException: { code: 'ERR_COGNITO_LAMBDA_FAILED' },
  InvalidLambdaResponseException: { code: 'ERR_COGNITO_INVALID_LAMBDA_RESPONSE' },
  InvalidPasswordException: { code: 'ERR_COGNITO_INVALID_PASSWORD' },
  InvalidSmsRoleAccessPolicyException: { code: 'ERR_COGNITO_INVALID_SMS_ROLE' },
  InvalidSmsRoleTrustRelationshipException: { code: 'ERR_COGNITO_INVALID_SMS_ROLE' },
  InvalidEmailRoleAccessPolicyException: { code: 'ERR_COGNITO_INVALID_EMAIL_ROLE' },
  UsernameExistsException: { code: 'ERR_COGNITO_USERNAME_EXISTS' },
  DeviceKeyExistsException: { code: 'ERR_COGNITO_DEVICE_KEY_EXISTS' },
  RefreshTokenReuseException: { code: 'ERR_COGNITO_REFRESH_TOKEN_REUSE' },
  UserPoolTaggingException: { code: 'ERR_COGNITO_USER_POOL_TAGGING' },
  LimitExceededException: { code: 'ERR_COGNITO_LIMIT_EXCEEDED' },
  // SigV4 / IAM, answered by the AWS front end for signed (Admin) calls.
  UnrecognizedClientException: { code: 'ERR_AWS_UNRECOGNIZED_CLIENT' },
  InvalidClientTokenId: { code: 'ERR_AWS_UNRECOGNIZED_CLIENT' },
  InvalidSignatureException: {
    code: 'ERR_AWS_SIGNATURE_MISMATCH',
    cases: [{ match: /signature expired|signature not yet current/i, code: 'ERR_AWS_CLOCK_SKEW' }],
  },
  SignatureDoesNotMatch: { code: 'ERR_AWS_SIGNATURE_MISMATCH' },
  IncompleteSignatureException: { code: 'ERR_AWS_SIGNATURE_MISMATCH' },
  RequestTimeTooSkewed: { code: 'ERR_AWS_CLOCK_SKEW' },
  RequestExpired: { code: 'ERR_AWS_CLOCK_SKEW' },
  ExpiredTokenException: { code: 'ERR_AWS_CREDENTIALS_EXPIRED' },
  AccessDeniedException: { code: 'ERR_AWS_ACCESS_DENIED' },
  MissingAuthenticationTokenException: { code: 'ERR_AWS_MISSING_CREDENTIALS' },
  ThrottlingException: { code: 'ERR_COGNITO_TOO_MANY_REQUESTS', retryable: true },
  ServiceUnavailableException: { code: 'ERR_COGNITO_INTERNAL', retryable: true },
};

/** The code and retryability of a wire error. Unknown names map to ERR_COGNITO_UNKNOWN (raw name kept in details). */
export function classifyWireError(error: WireError): { code: ErrorCode; retryable: boolean } {
  const mapping = error.name === undefined ? undefined : AWS_ERROR_MAP[error.name];
  const serverSide = error.httpStatus >= 500;
  if (mapping) {
    const byMessage = mapping.cases?.find((c) => c.match.test(error.message ?? ''));
    return { code: byMessage?.code ?? mapping.code, retryable: mapping.retryable ?? serverSide };
  }
  if (serverSide) return { code: 'ERR_COGNITO_INTERNAL', retryable: true };
  if (error.httpStatus === 429) return { code: 'ERR_COGNITO_TOO_MANY_REQUESTS', retryable: true };
  return { code: error.name === undefined ? 'ERR_BAD_RESPONSE' : 'ERR_COGNITO_UNKNOWN', retryable: false };
}

const JWT_LIKE = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

/** Remove every secret we sent (and anything JWT-shaped) from a service message. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out.replace(JWT_LIKE, '[redacted]');
}

/** Build the AppError of a wire error for `operation`. `secrets` are scrubbed from the service message. */
export function toCognitoError(error: WireError, operation: string, secrets: readonly string[]): AppError {
  const { code, retryable } = classifyWireError(error);
  const awsMessage = error.message === undefined ? undefined : redact(error.message, secrets);
  const field = code === 'ERR_COGNITO_INVALID_PARAMETER' ? /\bat '([^']+)'/.exec(awsMessage ?? '')?.[1] : undefined;
  const message =
    code === 'ERR_COGNITO_UNKNOWN'
      ? `Cognito answered ${error.name}${awsMessage ? `: ${awsMessage}` : '.'}`
      : awsMessage
        ? `${operation}: ${awsMessage}`
        : undefined;
  return new AppError(code, message, {
    details: {
      operation,
      awsName: error.name,
      awsMessage,
      httpStatus: error.httpStatus,
      requestId: error.requestId,
      retryable,
      ...(field === undefined ? {} : { field }),
    },
  });
}
