/**
 * Checks every constraint the client enforces against the official service
 * model (the "checked against the model" path), then exercises each one with
 * valid and invalid values, table-driven.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONSTRAINTS,
  type ConstrainedField,
  checkAccessToken,
  checkInteger,
  checkString,
} from '../../../utils/cognito/constraints';
import { AppError } from '../../../utils/errors';

interface ModelShape {
  type: string;
  pattern?: string;
  min?: number;
  max?: number;
  enum?: string[];
}
const model = JSON.parse(readFileSync(join(process.cwd(), 'sandbox/model/cognito-idp-model.json'), 'utf8')) as {
  shapes: Record<string, ModelShape>;
};

/** The model's Java regex as an anchored JS regex source (the service matches whole values). */
function translate(javaPattern: string): string {
  return `^(?:${javaPattern})$`;
}

const fields = Object.keys(CONSTRAINTS) as ConstrainedField[];

describe('constraints match the service model', () => {
  it.each(fields)('%s', (field) => {
    const constraint = CONSTRAINTS[field];
    const shape = model.shapes[constraint.shape];
    expect(shape, `shape ${constraint.shape} exists in the model`).toBeDefined();
    if (!shape) return;
    const c: { pattern?: RegExp; min?: number; max?: number; enum?: readonly string[] } = constraint;
    expect(c.min).toBe(shape.min);
    expect(c.max).toBe(shape.max);
    expect(c.enum).toEqual(shape.enum);
    if (shape.pattern === undefined) {
      expect(c.pattern).toBeUndefined();
    } else {
      expect(c.pattern?.source).toBe(translate(shape.pattern));
      expect(c.pattern?.flags).toContain('u');
    }
  });

  it('covers the request members the client sends', () => {
    const members: Record<string, string> = {
      ListDevicesRequest: 'AccessToken Limit PaginationToken',
      UpdateDeviceStatusRequest: 'AccessToken DeviceKey DeviceRememberedStatus',
      ConfirmDeviceRequest: 'AccessToken DeviceKey DeviceName',
      AdminListDevicesRequest: 'UserPoolId Username Limit PaginationToken',
      ListUsersRequest: 'UserPoolId Limit PaginationToken Filter',
      GetTokensFromRefreshTokenRequest: 'RefreshToken ClientId ClientSecret DeviceKey',
    };
    for (const [request, names] of Object.entries(members)) {
      for (const name of names.split(' ')) {
        const member = (model.shapes[request] as unknown as { members: Record<string, { shape: string }> }).members[
          name
        ];
        const field = name as ConstrainedField;
        expect(member?.shape, `${request}.${name}`).toBe(CONSTRAINTS[field].shape);
      }
    }
  });
});

const long = (n: number, ch = 'a') => ch.repeat(n);

describe('string constraints', () => {
  it.each<[ConstrainedField, string]>([
    ['DeviceKey', 'us-east-1_0a1b2c3d-4e5f-6789-abcd-ef0123456789'],
    ['DeviceKey', 'a_0'],
    ['DeviceKey', `${long(10)}_${long(44, 'f')}`],
    ['DeviceRememberedStatus', 'remembered'],
    ['DeviceRememberedStatus', 'not_remembered'],
    ['DeviceName', '<img src=x onerror=alert(1)>'],
    ['DeviceName', long(1024, 'é')],
    ['UserPoolId', 'us-east-1_Demo1'],
    ['UserPoolId', 'eu-west-3_AbC09'],
    ['Username', 'alice'],
    ['Username', 'alice@example.com'],
    ['Username', 'zoë+test'],
    ['Username', long(128, '名')],
    ['ClientId', '1example23456789abcdefgh'],
    ['ClientSecret', long(24, 'x')],
    ['ClientSecret', long(64, 'x')],
    ['PaginationToken', 'eyJrIjoxfQ=='],
    ['RefreshToken', 'eyJjdHkiOiJKV1QifQ.abc.def'],
    ['Filter', 'email ^= "a"'],
    ['Filter', ''],
  ])('%s accepts %j', (field, value) => {
    expect(checkString(field, value)).toBe(value);
  });

  it.each<[ConstrainedField, unknown]>([
    ['DeviceKey', ''],
    ['DeviceKey', 'no-underscore'],
    ['DeviceKey', 'us-east-1_XYZ'],
    // Non-hex after the last underscore (the service takes only lowercase hex and dashes there).
    ['DeviceKey', 'us-east-1_0a1b2c3g-4e5f-6789-abcd-ef0123456789'],
    ['DeviceKey', 'us-east-1_0A1B2C3D-4E5F-6789-ABCD-EF0123456789'],
    ['DeviceKey', 'us-east-1_0a1b2c3d 4e5f'],
    ['DeviceKey', 'us-east-1_0a1b2c3d.4e5f'],
    ['DeviceKey', 'us east-1_0a1b'],
    ['DeviceKey', `${long(10)}_${long(45, 'f')}`],
    ['DeviceKey', 42],
    ['DeviceRememberedStatus', 'REMEMBERED'],
    ['DeviceRememberedStatus', ''],
    ['DeviceName', ''],
    ['DeviceName', long(1025)],
    ['UserPoolId', 'Demo1'],
    ['UserPoolId', 'us-east-1_Demo-1'],
    ['UserPoolId', `us-east-1_${long(46)}`],
    ['Username', ''],
    ['Username', 'has space'],
    ['Username', 'tab\there'],
    ['Username', long(129)],
    ['ClientId', ''],
    ['ClientId', 'abc=def'],
    ['ClientId', long(129)],
    ['ClientSecret', long(23, 'x')],
    ['ClientSecret', long(65, 'x')],
    ['ClientSecret', `${long(30)}/`],
    ['PaginationToken', ''],
    ['PaginationToken', 'has space'],
    ['RefreshToken', ''],
    ['RefreshToken', 'not a token!'],
    ['AccessToken', 'white space'],
    ['Filter', long(257)],
  ])('%s rejects %j with its own code', (field, value) => {
    const error = (() => {
      try {
        checkString(field, value);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(CONSTRAINTS[field].code);
    expect((error as AppError).details.field).toBe(field);
  });

  it('never puts the rejected value in the message', () => {
    const secret = 'secret value with spaces';
    expect(() => checkString('AccessToken', secret)).toThrow(AppError);
    try {
      checkString('AccessToken', secret);
    } catch (e) {
      expect(JSON.stringify((e as AppError).toJSON())).not.toContain(secret);
    }
  });

  it('counts length in code points, as the service does', () => {
    expect(checkString('Username', long(128, '😀'))).toHaveLength(256);
    expect(() => checkString('Username', long(129, '😀'))).toThrow(AppError);
  });
});

describe('Limit (QueryLimitType)', () => {
  it.each([0, 1, 60])('accepts %d', (n) => {
    expect(checkInteger('Limit', n)).toBe(n);
  });
  it.each([-1, 61, 1.5, Number.NaN, '10'])('rejects %j with ERR_INVALID_LIMIT', (n) => {
    expect(() => checkInteger('Limit', n)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_LIMIT' }));
  });
});

describe('AccessToken', () => {
  it('accepts a JWT-shaped token', () => {
    expect(checkAccessToken('eyJ.eyJ.sig')).toBe('eyJ.eyJ.sig');
  });
  it.each(['', 'abc', 'a.b', 'a.b.c.d', '.b.c', 'a..c', 'a.b.c!'])('rejects %j', (token) => {
    expect(() => checkAccessToken(token)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ACCESS_TOKEN' }));
  });
});
