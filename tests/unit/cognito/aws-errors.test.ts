/**
 * Error parsing exactly as the AWS SDK (header, `code`, `__type` with namespace,
 * `message` / `Message`), and the mapping of every error the model lists for
 * the client's operations to a stable code with words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AWS_ERROR_MAP,
  classifyWireError,
  parseWireError,
  redact,
  sanitizeErrorName,
  toCognitoError,
} from '../../../utils/cognito/aws-errors';
import { ERROR_TEXT } from '../../../utils/error-text';
import type { ErrorCode } from '../../../utils/errors';

describe('sanitizeErrorName (as the SDK)', () => {
  it.each([
    ['NotAuthorizedException', 'NotAuthorizedException'],
    ['NotAuthorizedException:', 'NotAuthorizedException'],
    ['NotAuthorizedException:http://internal.amazon.com/coral/com.amazon.coral.service/', 'NotAuthorizedException'],
    ['com.amazonaws.cognito.identity.idp.model#TooManyRequestsException', 'TooManyRequestsException'],
    ['aws.protocoljson#InternalErrorException:http://x,y', 'InternalErrorException'],
    ['ResourceNotFoundException,other', 'ResourceNotFoundException'],
  ])('%s → %s', (raw, name) => {
    expect(sanitizeErrorName(raw)).toBe(name);
  });
});

describe('parseWireError', () => {
  const h = (init: Record<string, string> = {}) => new Headers(init);
  it.each<[string, Headers, unknown, string | undefined, string | undefined]>([
    [
      'header wins over body',
      h({ 'x-amzn-errortype': 'UserNotFoundException:' }),
      { __type: 'NotAuthorizedException', message: 'm' },
      'UserNotFoundException',
      'm',
    ],
    [
      '`code` wins over `__type`',
      h(),
      { code: 'TooManyRequestsException', __type: 'NotAuthorizedException', message: 'Rate exceeded' },
      'TooManyRequestsException',
      'Rate exceeded',
    ],
    [
      '`__type` with namespace prefix',
      h(),
      { __type: 'com.amazonaws.cognito#ResourceNotFoundException', Message: 'Device does not exist.' },
      'ResourceNotFoundException',
      'Device does not exist.',
    ],
    [
      '`Message` capitalised',
      h(),
      { __type: 'InternalErrorException', Message: 'boom' },
      'InternalErrorException',
      'boom',
    ],
    ['`message` preferred over `Message`', h(), { __type: 'X', message: 'a', Message: 'b' }, 'X', 'a'],
    ['no name at all', h(), { message: 'x' }, undefined, 'x'],
    ['no body', h(), undefined, undefined, undefined],
  ])('%s', (_, headers, body, name, message) => {
    const parsed = parseWireError(headers, 400, body);
    expect(parsed.name).toBe(name);
    expect(parsed.message).toBe(message);
  });

  it('keeps the request id', () => {
    expect(parseWireError(h({ 'x-amzn-requestid': 'abc-123' }), 400, {}).requestId).toBe('abc-123');
  });
});

/** Every error the model lists for the operations this client calls. */
const model = JSON.parse(readFileSync(join(process.cwd(), 'sandbox/model/cognito-idp-model.json'), 'utf8')) as {
  operations: Record<string, { errors?: { shape: string }[] }>;
};
const OPERATIONS = [
  'ListDevices',
  'GetDevice',
  'UpdateDeviceStatus',
  'ForgetDevice',
  'ConfirmDevice',
  'GetUser',
  'GlobalSignOut',
  'InitiateAuth',
  'GetTokensFromRefreshToken',
  'AdminListDevices',
  'AdminGetDevice',
  'AdminUpdateDeviceStatus',
  'AdminForgetDevice',
  'ListUsers',
  'DescribeUserPool',
];
const modelErrors = [...new Set(OPERATIONS.flatMap((op) => model.operations[op]?.errors?.map((e) => e.shape) ?? []))];

describe('every documented exception has a code and words', () => {
  it('lists at least the ten core exceptions', () => {
    expect(modelErrors).toEqual(
      expect.arrayContaining([
        'ForbiddenException',
        'InternalErrorException',
        'InvalidParameterException',
        'InvalidUserPoolConfigurationException',
        'NotAuthorizedException',
        'PasswordResetRequiredException',
        'ResourceNotFoundException',
        'TooManyRequestsException',
        'UserNotConfirmedException',
        'UserNotFoundException',
      ]),
    );
  });

  it.each(modelErrors)('%s', (name) => {
    const mapping = AWS_ERROR_MAP[name];
    expect(mapping, `${name} is mapped`).toBeDefined();
    const { code } = classifyWireError({ name, message: 'x', httpStatus: 400, requestId: undefined });
    expect(code).not.toBe('ERR_COGNITO_UNKNOWN');
    expect(ERROR_TEXT[code].title.length).toBeGreaterThan(5);
    expect(ERROR_TEXT[code].remediation.length).toBeGreaterThan(10);
  });

  it('every code in the table has words', () => {
    for (const mapping of Object.values(AWS_ERROR_MAP)) {
      for (const code of [mapping.code, ...(mapping.cases ?? []).map((c) => c.code)]) {
        expect(ERROR_TEXT[code], code).toBeDefined();
      }
    }
  });
});

describe('classifyWireError', () => {
  it.each<[string, string, number, ErrorCode, boolean]>([
    ['NotAuthorizedException', 'Access Token does not have required scopes', 400, 'ERR_COGNITO_SCOPE_MISSING', false],
    ['NotAuthorizedException', 'Access Token has expired', 400, 'ERR_COGNITO_TOKEN_EXPIRED', false],
    ['NotAuthorizedException', 'Access Token has been revoked', 400, 'ERR_COGNITO_TOKEN_REVOKED', false],
    ['NotAuthorizedException', 'Invalid Access Token', 400, 'ERR_COGNITO_NOT_AUTHORIZED', false],
    ['NotAuthorizedException', 'Invalid Refresh Token', 400, 'ERR_COGNITO_REFRESH_TOKEN_INVALID', false],
    ['NotAuthorizedException', 'Refresh Token has been revoked', 400, 'ERR_COGNITO_REFRESH_TOKEN_INVALID', false],
    ['NotAuthorizedException', 'Incorrect username or password.', 400, 'ERR_COGNITO_INCORRECT_CREDENTIALS', false],
    [
      'NotAuthorizedException',
      'USER_PASSWORD_AUTH flow not enabled for this client',
      400,
      'ERR_COGNITO_AUTH_FLOW_DISABLED',
      false,
    ],
    [
      'NotAuthorizedException',
      'Unable to verify secret hash for client abc',
      400,
      'ERR_COGNITO_SECRET_HASH_INVALID',
      false,
    ],
    ['NotAuthorizedException', 'User is disabled.', 400, 'ERR_COGNITO_USER_DISABLED', false],
    [
      'InvalidParameterException',
      'USER_PASSWORD_AUTH flow not enabled for this client',
      400,
      'ERR_COGNITO_AUTH_FLOW_DISABLED',
      false,
    ],
    [
      'NotAuthorizedException',
      'Client abc is configured for secret but secret was not received',
      400,
      'ERR_COGNITO_SECRET_HASH_INVALID',
      false,
    ],
    ['TooManyRequestsException', 'Rate exceeded', 400, 'ERR_COGNITO_TOO_MANY_REQUESTS', true],
    ['InternalErrorException', 'Internal error', 500, 'ERR_COGNITO_INTERNAL', true],
    ['ResourceNotFoundException', 'Device does not exist.', 400, 'ERR_COGNITO_RESOURCE_NOT_FOUND', false],
    [
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      400,
      'ERR_AWS_UNRECOGNIZED_CLIENT',
      false,
    ],
    [
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided.',
      400,
      'ERR_AWS_SIGNATURE_MISMATCH',
      false,
    ],
    [
      'InvalidSignatureException',
      'Signature expired: 20240101T000000Z is now earlier than …',
      400,
      'ERR_AWS_CLOCK_SKEW',
      false,
    ],
    [
      'ExpiredTokenException',
      'The security token included in the request is expired',
      400,
      'ERR_AWS_CREDENTIALS_EXPIRED',
      false,
    ],
    [
      'AccessDeniedException',
      'User is not authorized to perform cognito-idp:AdminListDevices',
      400,
      'ERR_AWS_ACCESS_DENIED',
      false,
    ],
    ['MissingAuthenticationTokenException', 'Missing Authentication Token', 400, 'ERR_AWS_MISSING_CREDENTIALS', false],
    ['SomethingNewException', 'new', 400, 'ERR_COGNITO_UNKNOWN', false],
    ['SomethingNewException', 'new', 503, 'ERR_COGNITO_INTERNAL', true],
  ])('%s "%s" (%d) → %s', (name, message, httpStatus, code, retryable) => {
    expect(classifyWireError({ name, message, httpStatus, requestId: undefined })).toEqual({ code, retryable });
  });

  it('a nameless 5xx is retryable, a nameless 4xx is a bad response', () => {
    expect(classifyWireError({ name: undefined, message: undefined, httpStatus: 502, requestId: undefined })).toEqual({
      code: 'ERR_COGNITO_INTERNAL',
      retryable: true,
    });
    expect(classifyWireError({ name: undefined, message: undefined, httpStatus: 404, requestId: undefined }).code).toBe(
      'ERR_BAD_RESPONSE',
    );
  });
});

describe('toCognitoError', () => {
  it('keeps operation, raw name, message, status, request id; unknown names stay raw', () => {
    const error = toCognitoError(
      { name: 'BrandNewException', message: 'what', httpStatus: 400, requestId: 'r-9' },
      'ListDevices',
      [],
    );
    expect(error.code).toBe('ERR_COGNITO_UNKNOWN');
    expect(error.details).toEqual({
      operation: 'ListDevices',
      awsName: 'BrandNewException',
      awsMessage: 'what',
      httpStatus: 400,
      requestId: 'r-9',
      retryable: false,
    });
    expect(error.message).toContain('BrandNewException');
  });

  it('names the field of an InvalidParameterException', () => {
    const error = toCognitoError(
      {
        name: 'InvalidParameterException',
        message:
          "1 validation error detected: Value 'x' at 'deviceKey' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-f-]+",
        httpStatus: 400,
        requestId: undefined,
      },
      'GetDevice',
      [],
    );
    expect(error.details.field).toBe('deviceKey');
  });

  it('scrubs secrets and anything JWT-shaped from the service message', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    const error = toCognitoError(
      {
        name: 'InvalidParameterException',
        message: `Value '${token}' at 'accessToken' failed; password hunter2secret`,
        httpStatus: 400,
        requestId: undefined,
      },
      'ListDevices',
      ['hunter2secret'],
    );
    const serialized = JSON.stringify(error.toJSON()) + error.message;
    expect(serialized).not.toContain(token);
    expect(serialized).not.toContain('hunter2secret');
    expect(redact('eyJa.b.c', [])).toBe('[redacted]');
  });
});
