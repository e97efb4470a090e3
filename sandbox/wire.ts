/**
 * The Cognito JSON 1.1 wire format of the sandbox: the one error type every
 * handler throws (`CognitoError`), and the writers that put a result or an
 * error on the wire exactly as the real service does (HTTP 400 / 500,
 * `x-amzn-errortype: <Type>:`, `x-amzn-requestid`, `{"__type","message"}`).
 * Nothing else in the sandbox writes a response body.
 */
import type { ServerResponse } from 'node:http';

/** An error answered in Cognito's wire format. `status` is 400 unless the service says otherwise. */
export class CognitoError extends Error {
  readonly type: string;
  readonly status: number;

  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

/** Cognito's error for a constraint violation; `problems` are the already formatted parts. */
export function validationError(problems: readonly string[]): CognitoError {
  const n = problems.length;
  return new CognitoError(
    'InvalidParameterException',
    `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
  );
}

/** Shorthands for the errors the operations raise most. */
export const errors = {
  notAuthorized: (message: string) => new CognitoError('NotAuthorizedException', message),
  invalidParameter: (message: string) => new CognitoError('InvalidParameterException', message),
  resourceNotFound: (message: string) => new CognitoError('ResourceNotFoundException', message),
  userNotFound: () => new CognitoError('UserNotFoundException', 'User does not exist.'),
  tooManyRequests: () => new CognitoError('TooManyRequestsException', 'Rate exceeded'),
  internal: () => new CognitoError('InternalErrorException', 'Internal server error.', 500),
};

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Writes a successful operation result. */
export function sendResult(res: ServerResponse, requestId: string, body: unknown): void {
  const text = JSON.stringify(body ?? {});
  res.writeHead(200, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}

/** Writes an error in Cognito's format. Anything that is not a CognitoError becomes InternalErrorException. */
export function sendError(res: ServerResponse, requestId: string, error: unknown): void {
  const e = error instanceof CognitoError ? error : errors.internal();
  const text = JSON.stringify({ __type: e.type, message: e.message });
  res.writeHead(e.status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': `${e.type}:`,
    // Real Cognito repeats the message in a header; only printable ASCII is legal there.
    ...(/^[\x20-\x7e]*$/.test(e.message) ? { 'x-amzn-errormessage': e.message } : {}),
  });
  res.end(text);
}

/** Writes a plain JSON answer (the `/_sandbox/*` routes and the JWKS). */
export function sendJson(res: ServerResponse, status: number, body: unknown, requestId?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(requestId ? { 'x-amzn-requestid': requestId } : {}),
  });
  res.end(text);
}
