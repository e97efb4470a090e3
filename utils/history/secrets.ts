/**
 * Defence in depth for the history log: no string shaped like a secret
 * reaches IndexedDB. The types already leave no room for one; this catches a
 * token pasted into a name field, an error message that echoes one, or an
 * identity (a username, a client id) that merely looks like one. Such a value
 * is masked, never a reason to refuse the action: every action a person asked
 * for ends with a history entry. Pure.
 *
 * Both patterns are linear: each starts only at the start of a run of their
 * characters (a lookbehind), so a long run is walked once, not once per
 * position; and input is bounded by MAX_SECRET_SCAN.
 */

/** Three dot-separated base64url segments (a JWS, or the first three of a JWE), starting at a run's start. */
const JWT_SHAPE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** A 40-character base64 run standing alone: the shape of an AWS secret access key. */
const AWS_SECRET_SHAPE = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/;
/** Longer text is not scanned at all: it is treated as shaped like a secret (and masked). */
export const MAX_SECRET_SCAN = 1 << 20;

/**
 * What `secretShapeOf` reports. `oversized`: too much to check (longer than
 * MAX_SECRET_SCAN, or more than MAX_CANDIDATES token-shaped runs), so treated as a secret.
 */
export type SecretShape = 'jwt' | 'aws-secret' | 'oversized';

/** More JWT-shaped candidates than this in one string: not checked one by one, treated as a secret. */
const MAX_CANDIDATES = 64;

function decodesToJsonObject(segment: string): boolean {
  // A JOSE header is short and starts with `{` (base64 `e`); cheap checks first, so decoys cost no exception.
  if (segment.length > 4096 || segment.length % 4 === 1 || segment[0] !== 'e') return false;
  try {
    const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    const text = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    if (!text.trimEnd().endsWith('}')) return false;
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    // Not base64 or not JSON: not a JWT header.
    return false;
  }
}

/** The kind of secret a string looks like, or undefined. Linear in the length of `text`. */
export function secretShapeOf(text: string): SecretShape | undefined {
  if (text.length > MAX_SECRET_SCAN) return 'oversized';
  // Most identifiers (a device key, a name, an IP) have neither shape's parts: no regex run for them.
  const dot = text.indexOf('.');
  const mayBeJwt = dot >= 0 && text.indexOf('.', dot + 1) > dot;
  if (!mayBeJwt) return text.length >= 40 && AWS_SECRET_SHAPE.test(text) ? 'aws-secret' : undefined;
  let candidates = 0;
  for (const match of text.matchAll(JWT_SHAPE)) {
    if (++candidates > MAX_CANDIDATES) return 'oversized';
    const header = match[0].slice(0, match[0].indexOf('.'));
    // A JOSE header starts with `eyJ` (`{"`): also try from there when the run began with other text.
    const start = header.indexOf('eyJ');
    if (decodesToJsonObject(header) || (start > 0 && decodesToJsonObject(header.slice(start)))) return 'jwt';
  }
  if (AWS_SECRET_SHAPE.test(text)) return 'aws-secret';
  return undefined;
}

/** FNV-1a over UTF-16 code units, 32 bits, from `seed`. Not cryptographic: it only tells masked values apart. */
function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** The prefix of every masked identity, so the UI and tests can tell one. */
export const HIDDEN_VALUE_PREFIX = '[hidden: shaped like a secret #';

/**
 * An identifier (username, client id, sub, pool, device key, request id) as
 * the log may keep it: itself, or, when shaped like a secret, a mask with a
 * 64-bit fingerprint, so two such usernames stay two accounts in the log and
 * the device memory, and the same one always maps to the same mask.
 */
export function storableIdentity(value: string): string {
  if (!secretShapeOf(value)) return value;
  return `${HIDDEN_VALUE_PREFIX}${fnv1a(value, 0x811c9dc5)}${fnv1a(value, 0x9e3779b9)}]`;
}

/**
 * A copy of `value` with every string shaped like a secret replaced by its
 * `storableIdentity` mask (deeply: objects and arrays). What the log stores.
 */
export function maskSecretShapes<T>(value: T): T {
  if (typeof value === 'string') return storableIdentity(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskSecretShapes(item)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskSecretShapes(item)])) as T;
  }
  return value;
}

/**
 * `maskSecretShapes` for a flat record (its values strings, numbers or booleans), in place: its string
 * values shaped like a secret replaced by their masks. For the records a caller has just built (a
 * listing's device rows): no copy of each.
 */
export function maskFlatRecord<T extends { readonly [field: string]: string | number | boolean | undefined }>(
  record: T,
): T {
  const fields = record as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (typeof value === 'string') fields[key] = storableIdentity(value);
  }
  return record;
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
