/**
 * Input validation driven by the official service model
 * (sandbox/model/cognito-idp-model.json, read at startup): required members,
 * string length, pattern and enum, integer range, list length, and JSON types.
 * No constraint is copied by hand; the messages follow Cognito's
 * "1 validation error detected: Value '…' at '…' failed to satisfy constraint: …".
 * Values of `sensitive` shapes (tokens, usernames, secrets) are never echoed.
 */
import { readFileSync } from 'node:fs';
import { CognitoError, validationError } from './wire';

interface ShapeRef {
  shape: string;
}

/** One shape of the model, reduced to what validation reads. */
export interface ModelShape {
  type: 'structure' | 'string' | 'integer' | 'long' | 'boolean' | 'list' | 'map' | 'timestamp' | 'blob' | 'double';
  required?: string[];
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
}

/** The parts of the model the sandbox uses. */
export interface ServiceModel {
  operations: Record<string, { input?: ShapeRef; errors?: ShapeRef[] }>;
  shapes: Record<string, ModelShape>;
}

/** Validates operation inputs and single values against the model. */
export interface ModelValidator {
  /** Names of the operations the model defines. */
  readonly operations: ReadonlySet<string>;
  /** Throws InvalidParameterException (constraints) or SerializationException (JSON types). */
  validateInput(operation: string, input: unknown): void;
  /** Constraint problems of one value against a named shape (used by the seed validation). */
  checkValue(shapeName: string, value: unknown, path: string): string[];
  /** The error shapes the model declares for `operation`. */
  declaredErrors(operation: string): ReadonlySet<string>;
}

/** Reads the model copy that sits beside this module. */
export function loadServiceModel(): ServiceModel {
  return JSON.parse(readFileSync(new URL('./model/cognito-idp-model.json', import.meta.url), 'utf8')) as ServiceModel;
}

/** Java-style patterns of the model as anchored JS regexes (`(?s)` becomes the `s` flag). */
function compilePattern(pattern: string): RegExp {
  let flags = 'u';
  let source = pattern;
  if (source.startsWith('(?s)')) {
    flags += 's';
    source = source.slice(4);
  }
  return new RegExp(`^(?:${source})$`, flags);
}

/** AWS reports member paths in lowerCamelCase ("deviceKey", "authParameters"). */
function memberPath(parent: string, member: string): string {
  const name = member.charAt(0).toLowerCase() + member.slice(1);
  return parent ? `${parent}.${name}` : name;
}

function jsonKind(value: unknown): string {
  if (value === null) return 'NULL_VALUE';
  if (Array.isArray(value)) return 'START_ARRAY';
  switch (typeof value) {
    case 'string':
      return 'STRING_VALUE';
    case 'number':
      return 'NUMBER_VALUE';
    case 'boolean':
      return 'BOOLEAN_VALUE';
    default:
      return 'START_OBJECT';
  }
}

function serializationError(value: unknown, expected: string): CognitoError {
  return new CognitoError('SerializationException', `${jsonKind(value)} can not be converted to ${expected}`);
}

/** Builds a validator over `model`; patterns are compiled once, lazily. */
export function createModelValidator(model: ServiceModel = loadServiceModel()): ModelValidator {
  const patterns = new Map<string, RegExp>();
  const patternOf = (p: string) => {
    let re = patterns.get(p);
    if (!re) {
      re = compilePattern(p);
      patterns.set(p, re);
    }
    return re;
  };

  function walk(shapeName: string, value: unknown, path: string, problems: string[], inSensitive = false): void {
    const shape = model.shapes[shapeName];
    if (!shape) throw new Error(`model has no shape ${shapeName}`);
    // A member of a sensitive shape (AuthParameters' PASSWORD) is as secret as its parent.
    const hidden = inSensitive || shape.sensitive === true;
    const shown = hidden ? 'Value' : `Value '${typeof value === 'object' ? JSON.stringify(value) : String(value)}'`;
    const fail = (constraint: string) =>
      problems.push(`${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
    switch (shape.type) {
      case 'structure': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw serializationError(value, 'a structure');
        }
        const record = value as Record<string, unknown>;
        for (const name of shape.required ?? []) {
          if (record[name] === undefined || record[name] === null) {
            problems.push(
              `Value null at '${memberPath(path, name)}' failed to satisfy constraint: Member must not be null`,
            );
          }
        }
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          const v = record[name];
          if (v !== undefined && v !== null) walk(ref.shape, v, memberPath(path, name), problems, hidden);
        }
        return;
      }
      case 'string': {
        if (typeof value !== 'string') throw serializationError(value, 'a String');
        const length = [...value].length;
        if (shape.enum && !shape.enum.includes(value)) fail(`satisfy enum value set: [${shape.enum.join(', ')}]`);
        if (shape.min !== undefined && length < shape.min) fail(`have length greater than or equal to ${shape.min}`);
        if (shape.max !== undefined && length > shape.max) fail(`have length less than or equal to ${shape.max}`);
        if (shape.pattern && !patternOf(shape.pattern).test(value)) {
          fail(`satisfy regular expression pattern: ${shape.pattern}`);
        }
        return;
      }
      case 'integer':
      case 'long': {
        if (typeof value !== 'number' || !Number.isInteger(value)) throw serializationError(value, 'an Integer');
        if (shape.min !== undefined && value < shape.min) fail(`have value greater than or equal to ${shape.min}`);
        if (shape.max !== undefined && value > shape.max) fail(`have value less than or equal to ${shape.max}`);
        return;
      }
      case 'double':
      case 'timestamp':
        if (typeof value !== 'number') throw serializationError(value, 'a Number');
        return;
      case 'boolean':
        if (typeof value !== 'boolean') throw serializationError(value, 'a Boolean');
        return;
      case 'list': {
        if (!Array.isArray(value)) throw serializationError(value, 'a List');
        if (shape.min !== undefined && value.length < shape.min)
          fail(`have length greater than or equal to ${shape.min}`);
        if (shape.max !== undefined && value.length > shape.max) fail(`have length less than or equal to ${shape.max}`);
        value.forEach((item, i) => {
          if (shape.member) walk(shape.member.shape, item, `${path}.${i + 1}.member`, problems, hidden);
        });
        return;
      }
      case 'map': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw serializationError(value, 'a Map');
        }
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          if (shape.key) walk(shape.key.shape, k, `${path}.${k}.key`, problems, hidden);
          if (shape.value && v !== null) walk(shape.value.shape, v, `${path}.${k}.value`, problems, hidden);
        }
        return;
      }
      default:
        return;
    }
  }

  const errorSets = new Map<string, ReadonlySet<string>>();
  return {
    operations: new Set(Object.keys(model.operations)),
    declaredErrors(operation) {
      let set = errorSets.get(operation);
      if (!set) {
        set = new Set((model.operations[operation]?.errors ?? []).map((e) => e.shape));
        errorSets.set(operation, set);
      }
      return set;
    },
    validateInput(operation, input) {
      const inputShape = model.operations[operation]?.input?.shape;
      if (!inputShape) return;
      const problems: string[] = [];
      walk(inputShape, input, '', problems);
      if (problems.length > 0) throw validationError(problems);
    },
    checkValue(shapeName, value, path) {
      const problems: string[] = [];
      try {
        walk(shapeName, value, path, problems);
      } catch (e) {
        if (e instanceof CognitoError) return [`${path}: ${e.message}`];
        throw e;
      }
      return problems;
    },
  };
}
