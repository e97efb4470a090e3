/**
 * Checking a message before its handler runs: each message type has a schema
 * (<area>/message-schemas.ts, combined in background.ts) and
 * `validateRequest` refuses, before any call or lock, a request whose fields are missing, of the wrong type, too long, not
 * one of their allowed values, or not named by the schema. Bounds come first:
 * an array's length is checked before its items, a string's length before its
 * pattern, so a huge payload costs nothing. Errors name the field, never the
 * value (it may be a secret). Pure.
 */
import { AppError, type ErrorCode } from './errors';

/** One field's rule. Lengths are UTF-16 code units: a bound on work, not the model's exact count. */
export type FieldSchema =
  | { readonly kind: 'string'; readonly max: number; readonly pattern?: RegExp; readonly optional?: boolean }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number; readonly optional?: boolean }
  | { readonly kind: 'boolean'; readonly optional?: boolean }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly optional?: boolean }
  | { readonly kind: 'object'; readonly fields: ObjectFields; readonly optional?: boolean }
  | {
      readonly kind: 'array';
      readonly items: FieldSchema;
      readonly max: number;
      /** The code of a refusal for too many items (default ERR_MESSAGE_INVALID). */
      readonly tooMany?: ErrorCode;
      readonly optional?: boolean;
    };

export type ObjectFields = Readonly<Record<string, FieldSchema>>;

/** Text of at most `max` code units, matching `pattern` when given. */
export const text = (max: number, pattern?: RegExp): FieldSchema => ({ kind: 'string', max, pattern });
/** A whole number in [min, max]. */
export const integer = (min: number, max: number): FieldSchema => ({ kind: 'integer', min, max });
export const boolean = (): FieldSchema => ({ kind: 'boolean' });
/** One of `values`. */
export const oneOf = (values: readonly string[]): FieldSchema => ({ kind: 'enum', values });
/** An object with exactly these fields (no others). */
export const object = (fields: ObjectFields): FieldSchema => ({ kind: 'object', fields });
/** An array of at most `max` items. */
export const list = (items: FieldSchema, max: number, tooMany?: ErrorCode): FieldSchema => ({
  kind: 'array',
  items,
  max,
  ...(tooMany ? { tooMany } : {}),
});
/** The same rule, and the field may be absent (or undefined). */
export const optional = (schema: FieldSchema): FieldSchema => ({ ...schema, optional: true });

function refuse(field: string, why: string, code: ErrorCode = 'ERR_MESSAGE_INVALID'): never {
  throw new AppError(code, `${field || 'message'} ${why}.`, { details: { field: field || 'message' } });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkFields(value: unknown, fields: ObjectFields, path: string, ignore?: string): void {
  if (!isPlainObject(value)) refuse(path, 'must be an object');
  for (const key of Object.keys(value)) {
    if (key !== ignore && !Object.hasOwn(fields, key) && value[key] !== undefined)
      refuse(path ? `${path}.${key}` : key, 'is not expected');
  }
  for (const [key, schema] of Object.entries(fields)) checkField(value[key], schema, path ? `${path}.${key}` : key);
}

/** Throw ERR_MESSAGE_INVALID (or the schema's own code) unless `value` meets `schema`. */
export function checkField(value: unknown, schema: FieldSchema, path: string): void {
  if (value === undefined) {
    if (!schema.optional) refuse(path, 'is missing');
    return;
  }
  switch (schema.kind) {
    case 'string':
      if (typeof value !== 'string') refuse(path, 'must be text');
      if (value.length > schema.max) refuse(path, `must be at most ${schema.max} characters`);
      if (schema.pattern && !schema.pattern.test(value)) refuse(path, 'has characters that are not allowed');
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < schema.min || value > schema.max)
        refuse(path, `must be a whole number from ${schema.min} to ${schema.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') refuse(path, 'must be true or false');
      return;
    case 'enum':
      if (typeof value !== 'string' || !schema.values.includes(value))
        refuse(path, `must be one of ${schema.values.join(', ')}`);
      return;
    case 'object':
      checkFields(value, schema.fields, path);
      return;
    case 'array':
      if (!Array.isArray(value)) refuse(path, 'must be a list');
      if (value.length > schema.max) refuse(path, `must have at most ${schema.max} items`, schema.tooMany);
      value.forEach((item, i) => {
        checkField(item, schema.items, `${path}[${i}]`);
      });
      return;
  }
}

/**
 * Check a whole request against the schema of its type: `type` plus exactly
 * the schema's fields. @throws AppError ERR_MESSAGE_INVALID naming the field
 */
export function checkRequest(message: unknown, fields: ObjectFields): void {
  checkFields(message, fields, '', 'type');
}
