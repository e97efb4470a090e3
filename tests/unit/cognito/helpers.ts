/**
 * Test doubles for the Cognito client's unit tests: a scripted fetch that
 * records every request, and a fake clock whose sleep advances time at once.
 */

/** A request as the fake fetch saw it. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  signal?: AbortSignal;
}

export type Responder = (request: SeenRequest) => Response | Promise<Response>;

/** A JSON response, optionally an error with the usual Cognito headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1', ...headers },
  });
}

/** A Cognito error response on the wire (header with the trailing colon, body with `__type`). */
export function awsError(name: string, message: string, status = 400): Response {
  return json(status, { __type: name, message }, { 'x-amzn-errortype': `${name}:` });
}

/** A fetch that answers from `responders` in turn (the last one repeats) and records requests. */
export function scriptedFetch(...responders: Responder[]) {
  const requests: SeenRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const request: SeenRequest = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers,
      body: JSON.parse(String(init?.body ?? '{}')),
      signal: init?.signal ?? undefined,
    };
    requests.push(request);
    const responder = responders[Math.min(requests.length - 1, responders.length - 1)];
    if (!responder) throw new Error('no responder');
    return responder(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** A fetch that never answers until its signal aborts. */
export function hangingResponder(request: SeenRequest): Promise<Response> {
  return new Promise((_, reject) => {
    request.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
}

/** A clock whose `sleep` advances `now` immediately and records each delay. */
export function createFakeClock(start = 1_700_000_000_000) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      t += ms;
    },
  };
}

/** A well-formed (unsigned) JWT-shaped access token. */
export const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
export const DEVICE_KEY = 'us-east-1_0a1b2c3d-4e5f-6789-abcd-ef0123456789';
export const POOL_ID = 'us-east-1_Demo1';
