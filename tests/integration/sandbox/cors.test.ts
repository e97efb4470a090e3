/**
 * No web page can drive the sandbox's test routes (issue 13, break 9): they send
 * no CORS headers, refuse requests that carry an Origin or a non-loopback Host
 * (DNS rebinding) and want a JSON body type; the Cognito routes keep answering
 * browsers with CORS, SigV4 headers included. Raw node:http requests, so the
 * Host and Origin headers are exactly what a browser would send.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { COGNITO_CORS_ALLOWED_HEADERS } from '../../../sandbox/http-guards';
import { CLIENT_ID, POOL_ID, useSandbox } from './helpers';

const sandbox = useSandbox({ resetEach: true });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const url = new URL(path, sandbox.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path: url.pathname, headers: { host: url.host, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const corsHeaders = (a: Answer) => Object.keys(a.headers).filter((h) => h.startsWith('access-control-'));
const mint = JSON.stringify({ poolId: POOL_ID, clientId: CLIENT_ID, username: 'alice' });
const JSON_TYPE = { 'content-type': 'application/json' };

describe('the /_sandbox test routes refuse web pages', () => {
  it('a local program (JSON, loopback Host, no Origin) mints tokens; the answer has no CORS headers', async () => {
    const a = await call('POST', '/_sandbox/tokens', JSON_TYPE, mint);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body).AccessToken).toMatch(/^ey/);
    expect(corsHeaders(a)).toEqual([]);
  });

  it.each([
    ['GET /_sandbox/state', 'GET', '/_sandbox/state', undefined],
    ['POST /_sandbox/tokens', 'POST', '/_sandbox/tokens', mint],
    ['POST /_sandbox/reset', 'POST', '/_sandbox/reset', ''],
    ['DELETE /_sandbox/faults', 'DELETE', '/_sandbox/faults', undefined],
  ])('%s from a page (Origin header) is refused with 403 and no CORS headers', async (_n, method, path, body) => {
    const a = await call(method, path, { ...JSON_TYPE, origin: 'http://evil.example' }, body);
    expect(a.status).toBe(403);
    expect(JSON.parse(a.body).__type).toBe('SandboxRequestException');
    expect(corsHeaders(a)).toEqual([]);
  });

  it('a preflight to a test route gets no CORS headers, so the browser sends nothing after it', async () => {
    const a = await call('OPTIONS', '/_sandbox/tokens', {
      origin: 'http://evil.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(corsHeaders(a)).toEqual([]);
  });

  it.each([
    ['a rebinding name', 'evil.example'],
    ['a name that merely contains localhost', 'localhost.evil.example'],
  ])('a request addressed to %s (Host header) is refused even without an Origin', async (_n, hostname) => {
    const port = new URL(sandbox.endpoint).port;
    const a = await call('POST', '/_sandbox/tokens', { ...JSON_TYPE, host: `${hostname}:${port}` }, mint);
    expect(a.status).toBe(403);
    expect(corsHeaders(a)).toEqual([]);
  });

  it.each([
    ['text/plain (a no-cors fetch or form)', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['no type', undefined],
  ])('POST with %s is refused with 415', async (_n, type) => {
    const a = await call('POST', '/_sandbox/reset', type ? { 'content-type': type } : {}, '');
    expect(a.status).toBe(415);
    const state = await call('GET', '/_sandbox/state', {});
    expect(state.status).toBe(200);
  });

  it('localhost and [::1]-style Host names are loopback names and accepted', async () => {
    const port = new URL(sandbox.endpoint).port;
    const a = await call('POST', '/_sandbox/tokens', { ...JSON_TYPE, host: `localhost:${port}` }, mint);
    expect(a.status).toBe(200);
  });
});

describe('the Cognito routes keep CORS for browser clients', () => {
  it('a preflight for POST / allows any origin and the JSON 1.1, SDK and SigV4 headers', async () => {
    const a = await call('OPTIONS', '/', {
      origin: 'http://app.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-amz-target,authorization,x-amz-date,x-amz-security-token',
    });
    expect(a.status).toBe(204);
    expect(a.headers['access-control-allow-origin']).toBe('*');
    expect(a.headers['access-control-allow-methods']).toContain('POST');
    const allowed = String(a.headers['access-control-allow-headers']).split(/,\s*/);
    for (const h of ['content-type', 'x-amz-target', 'x-amz-user-agent', 'authorization', 'x-amz-date']) {
      expect(allowed).toContain(h);
    }
    expect(allowed).toEqual([...COGNITO_CORS_ALLOWED_HEADERS]);
  });

  it('an operation answer (here an error) carries access-control-allow-origin: *', async () => {
    const a = await call(
      'POST',
      '/',
      {
        origin: 'http://app.example',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.ListDevices',
      },
      JSON.stringify({ AccessToken: 'not-a-token' }),
    );
    expect(a.status).toBe(400);
    expect(a.headers['access-control-allow-origin']).toBe('*');
  });

  it('the JWKS answers with access-control-allow-origin: *', async () => {
    const a = await call('GET', `/${POOL_ID}/.well-known/jwks.json`, { origin: 'http://app.example' });
    expect(a.status).toBe(200);
    expect(a.headers['access-control-allow-origin']).toBe('*');
  });
});
