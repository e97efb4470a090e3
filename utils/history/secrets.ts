/**
 * Defence in depth for the history log: refuse any value that carries a
 * string shaped like a secret before it reaches IndexedDB. The types already
 * leave no room for one; this catches a token pasted into a name field or an
 * error message that echoes one. Pure.
 */
import { AppError } from '../errors';

/** Three dot-separated base64url segments (a JWS, or the first three of a JWE). */
const JWT_SHAPE = /[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** A 40-character base64 run standing alone: the shape of an AWS secret access key. */
const AWS_SECRET_SHAPE = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/;

function decodesToJsonObject(segment: string): boolean {
  try {
    const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    const parsed: unknown = JSON.parse(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    // Not base64 or not JSON: not a JWT header.
    return false;
  }
}

/** The kind of secret a string looks like, or undefined. */
export function secretShapeOf(text: string): 'jwt' | 'aws-secret' | undefined {
  for (const match of text.matchAll(JWT_SHAPE)) {
    const header = match[0].split('.')[0] ?? '';
    if (decodesToJsonObject(header)) return 'jwt';
  }
  if (AWS_SECRET_SHAPE.test(text)) return 'aws-secret';
  return undefined;
}

/**
 * Throw `ERR_INTERNAL` when any string inside `value` (deeply) looks like a
 * JWT or an AWS secret key. The error names the field path, never the value.
 */
export function assertNoSecrets(value: unknown, path = 'entry'): void {
  if (typeof value === 'string') {
    const shape = secretShapeOf(value);
    if (shape)
      throw new AppError('ERR_INTERNAL', `Refused to store a value shaped like a secret (${shape}) in ${path}.`, {
        details: { field: path },
      });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      assertNoSecrets(item, `${path}[${index}]`);
    });
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) assertNoSecrets(item, `${path}.${key}`);
  }
}

/** What a device name shaped like a secret is stored as. */
export const HIDDEN_DEVICE_NAME = '[name hidden: shaped like a secret]';

/**
 * A device name as the log may keep it. Names are chosen by whoever registered
 * the device, so one may be shaped like a token or key: it is masked, never a
 * reason to refuse the action (that would let such a device dodge "Forget").
 */
export function storableDeviceName(name: string): string {
  return secretShapeOf(name) ? HIDDEN_DEVICE_NAME : name;
}
