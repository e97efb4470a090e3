/**
 * SigV4 signing of Admin requests with aws4fetch (never hand-written), service
 * `cognito-idp`. Imported lazily by the admin operations, so code that only
 * uses token operations does not load aws4fetch.
 */
import { AwsV4Signer } from 'aws4fetch';
import type { RequestSigner } from './transport';

/** IAM credentials. Secrets: never log them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** `20240102T030405Z` for a millisecond timestamp. */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * A signer for one set of credentials and region; `now` dates the signature.
 * Like the AWS SDK, it sends and signs `x-amz-content-sha256` (the payload
 * hash), which aws4fetch then uses instead of hashing the body again, and it
 * signs every header it sends, `content-type` included (aws4fetch leaves that
 * one out unless `allHeaders`; the SDK's signer covers it).
 */
export function createSigV4Signer(credentials: AwsCredentials, region: string, now: () => number): RequestSigner {
  const cache = new Map<string, ArrayBuffer>();
  return async ({ url, headers, body }) => {
    const signer = new AwsV4Signer({
      method: 'POST',
      url,
      headers: { ...headers, 'x-amz-content-sha256': await sha256Hex(body) },
      body,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      service: 'cognito-idp',
      region,
      cache,
      datetime: amzDate(now()),
      allHeaders: true,
    });
    const signed = await signer.sign();
    return signed.headers;
  };
}
