/**
 * SigV4 verification for the Admin operations, ListUsers and DescribeUserPool.
 * The algorithm is not re-implemented here: the expected signature is
 * recomputed with @smithy/signature-v4 (the AWS SDK's own signer) over exactly
 * the headers the caller signed, at the caller's X-Amz-Date, and compared in
 * constant time. Errors and messages are AWS's (all HTTP 400):
 * MissingAuthenticationTokenException, IncompleteSignatureException,
 * UnrecognizedClientException, InvalidSignatureException (mismatch, and skew
 * over 5 minutes: "Signature expired: … is now earlier than … (… - 5 min.)").
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SeedIamKey } from './seed';
import { CognitoError } from './wire';

/** SHA-256 / HMAC-SHA256 over node:crypto, in the shape the smithy signer expects. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** The largest clock difference AWS accepts between the signature and the server. */
export const MAX_SKEW_MS = 5 * 60 * 1000;

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Formats a date as SigV4's basic ISO 8601 (20240101T000000Z). */
function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
}

/** What a successful verification tells about the caller. */
export interface SigV4Caller {
  accessKeyId: string;
  region: string;
}

/**
 * Verifies a signed request; throws CognitoError as AWS does. `path` is the
 * request path, `body` the raw body, `nowMs` the server clock.
 */
export async function verifySigV4(
  request: { method: string; path: string; headers: IncomingHttpHeaders; body: Buffer },
  keys: ReadonlyMap<string, SeedIamKey>,
  nowMs: number,
): Promise<SigV4Caller> {
  const header = (name: string) => {
    const v = request.headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const authorization = header('authorization');
  if (!authorization) throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const m = /^AWS4-HMAC-SHA256 (.+)$/.exec(authorization);
  const parts = new Map<string, string>();
  for (const p of (m?.[1] ?? '').split(',')) {
    const i = p.indexOf('=');
    if (i > 0) parts.set(p.slice(0, i).trim(), p.slice(i + 1).trim());
  }
  const credential = parts.get('Credential');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (!m || !credential || !signedHeaders || !signature) {
    throw new CognitoError(
      'IncompleteSignatureException',
      "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters with the AWS4-HMAC-SHA256 algorithm.",
    );
  }
  const [accessKeyId, shortDate, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !shortDate || !region || !service || terminator !== 'aws4_request') {
    throw new CognitoError('IncompleteSignatureException', `Credential is malformed: ${credential}`);
  }
  const key = keys.get(accessKeyId);
  if (!key)
    throw new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (key.sessionToken !== undefined && header('x-amz-security-token') !== key.sessionToken) {
    throw new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (service !== 'cognito-idp') {
    throw new CognitoError(
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'cognito-idp'. ",
    );
  }
  const dateText = header('x-amz-date') ?? '';
  const signedAt = parseAmzDate(dateText);
  if (signedAt === undefined || !dateText.startsWith(shortDate)) {
    throw new CognitoError(
      'IncompleteSignatureException',
      "Authorization requires a valid 'X-Amz-Date' header matching the credential scope.",
    );
  }
  if (signedAt < nowMs - MAX_SKEW_MS) {
    throw new CognitoError(
      'InvalidSignatureException',
      `Signature expired: ${dateText} is now earlier than ${amzDate(nowMs - MAX_SKEW_MS)} (${amzDate(nowMs)} - 5 min.)`,
    );
  }
  if (signedAt > nowMs + MAX_SKEW_MS) {
    throw new CognitoError(
      'InvalidSignatureException',
      `Signature not yet current: ${dateText} is still later than ${amzDate(nowMs + MAX_SKEW_MS)} (${amzDate(nowMs)} + 5 min.)`,
    );
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host')) throw new CognitoError('InvalidSignatureException', MISMATCH);
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  const claimedHash = header('x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== bodyHash && claimedHash !== 'UNSIGNED-PAYLOAD') {
    throw new CognitoError('InvalidSignatureException', MISMATCH);
  }
  const signedHeaderValues: Record<string, string> = {};
  for (const name of names) {
    const v = header(name);
    if (v === undefined) throw new CognitoError('InvalidSignatureException', MISMATCH);
    signedHeaderValues[name] = v;
  }
  const [path = '/', query = ''] = request.path.split('?');
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: key.secretAccessKey, sessionToken: key.sessionToken },
    region,
    service,
    sha256: NodeSha256,
    uriEscapePath: true,
    // Sign exactly what the caller signed: never add an x-amz-content-sha256 header of our own.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: (header('host') ?? '').replace(/:\d+$/, ''),
      path,
      query: Object.fromEntries(new URLSearchParams(query)),
      headers: signedHeaderValues,
      body: request.body,
    },
    { signingDate: new Date(signedAt), signableHeaders: new Set(names) },
  );
  const expected = /Signature=([0-9a-f]+)$/.exec(String(signed.headers.authorization))?.[1] ?? '';
  const expectedHeaders = /SignedHeaders=([^,]+),/.exec(String(signed.headers.authorization))?.[1];
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(signature, 'utf8');
  if (expectedHeaders !== signedHeaders || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new CognitoError('InvalidSignatureException', MISMATCH);
  }
  return { accessKeyId, region };
}
