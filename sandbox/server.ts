/**
 * The sandbox: a local endpoint that speaks the Cognito user-pools wire
 * protocol (`POST /`, X-Amz-Target, JSON 1.1), serves each pool's JWKS, and
 * offers test-only `/_sandbox/*` routes (loopback callers only). It listens on
 * 127.0.0.1 only. `startSandbox` is the contract the tests and the demo use;
 * sandbox/README.md documents every route.
 *
 * Request pipeline for `POST /`: content type → target → JSON → fault
 * (decided before any state change) → SigV4 (signed operations) → model
 * validation → quota → handler. Every failure is answered in the wire
 * format; nothing leaks a stack trace or a secret.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chooseFault, type FaultConfig, parseFaultConfig } from './faults';
import { COGNITO_CORS_HEADERS, COGNITO_PREFLIGHT_HEADERS, testRouteRefusal } from './http-guards';
import { createModelValidator, loadServiceModel } from './model-validate';
import { adminOperations } from './operations/admin';
import { authOperations, startSession } from './operations/auth';
import type { OperationContext, OperationHandler } from './operations/context';
import { userOperations } from './operations/user';
import { createPaginator } from './pagination';
import { checkRates, createQuotaLimiter, DEFAULT_QUOTAS, OPERATION_CATEGORY, type QuotaRates } from './quota';
import { readSeed, type SeedFile, validateSeed } from './seed';
import { verifySigV4 } from './sigv4';
import { createState, describeState, type SandboxState } from './state';
import { createKeyring } from './tokens';
import { CognitoError, sendError, sendJson, sendResult } from './wire';

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** 0 = any free port. Default 9329. */
  port?: number;
  /** A seed object or a path to a seed JSON file. Default sandbox/seeds/demo.json. */
  seed?: SeedFile | string;
  /** Requests per second per pool (read 50, write 25, auth 120 by default). */
  quotas?: { read: number; write: number; auth?: number };
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 9329;
export const DEFAULT_SEED = fileURLToPath(new URL('./seeds/demo.json', import.meta.url));

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const MAX_BODY_BYTES = 1024 * 1024;

/** Operations that must be SigV4-signed. */
const SIGNED = new Set([
  'AdminListDevices',
  'AdminGetDevice',
  'AdminUpdateDeviceStatus',
  'AdminForgetDevice',
  'ListUsers',
  'DescribeUserPool',
]);

const HANDLERS: Record<string, OperationHandler> = { ...authOperations, ...userOperations, ...adminOperations };

/** The test routes, as `METHOD /path` (each is a case of `handleSandboxRoute`). */
const SANDBOX_ROUTES = new Set([
  'GET /_sandbox/state',
  'POST /_sandbox/reset',
  'PUT /_sandbox/faults',
  'DELETE /_sandbox/faults',
  'PUT /_sandbox/quotas',
  'POST /_sandbox/tokens',
]);

/** True for the loopback addresses the `/_sandbox` routes accept. */
export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The pool a request counts against, for quotas (the token is only peeked at, never trusted here). */
function poolOfRequest(state: SandboxState, input: Record<string, unknown>): string | undefined {
  if (typeof input.UserPoolId === 'string') return input.UserPoolId;
  if (typeof input.ClientId === 'string') return state.clientPools.get(input.ClientId);
  if (typeof input.AccessToken === 'string') {
    try {
      const payload = JSON.parse(Buffer.from(input.AccessToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
      const iss = typeof payload.iss === 'string' ? payload.iss : '';
      const poolId = iss.slice(iss.lastIndexOf('/') + 1);
      return state.pools.has(poolId) ? poolId : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a sandbox on 127.0.0.1. Rejects with SeedError when the seed is invalid. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const validator = createModelValidator(loadServiceModel());
  const seed = validateSeed(readSeed(options.seed ?? DEFAULT_SEED), validator);
  const initialRates: Partial<QuotaRates> = options.quotas ?? {};
  if (options.quotas) {
    const problem = checkRates(options.quotas);
    if (problem) throw new Error(`Invalid quotas: ${problem}`);
  }
  const keyring = await createKeyring(seed.pools.map((p) => p.id));
  const paginator = createPaginator();
  const quotas = createQuotaLimiter(initialRates);
  let state = createState(seed);
  let faults: FaultConfig | undefined;
  let issuerBase = '';

  async function handleOperation(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const body = await readBody(req);
    if (body === undefined) {
      throw new CognitoError('SerializationException', `Request body is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (contentType !== 'application/x-amz-json-1.1' && contentType !== 'application/x-amz-json-1.0') {
      throw new CognitoError(
        'SerializationException',
        `Unsupported Content-Type "${contentType || '(none)'}"; expected application/x-amz-json-1.1.`,
      );
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const handler = Object.hasOwn(HANDLERS, operation) ? HANDLERS[operation] : undefined;
    if (!handler) {
      throw new CognitoError(
        'UnknownOperationException',
        `Unknown operation ${JSON.stringify(target || '(no X-Amz-Target)')}.`,
      );
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      throw new CognitoError('SerializationException', 'The request body is not valid JSON.');
    }
    const fault = chooseFault(faults, operation);
    if (fault === 'Reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'InternalError') throw new CognitoError('InternalErrorException', 'Internal server error.', 500);
    if (fault === 'TooManyRequests') throw new CognitoError('TooManyRequestsException', 'Rate exceeded');
    if (fault && typeof fault === 'object') await delay(fault.latencyMs);

    // AWS authenticates before it validates: an unsigned bad request is a signature error.
    if (SIGNED.has(operation)) {
      await verifySigV4(
        { method: req.method ?? 'POST', path: req.url ?? '/', headers: req.headers, body },
        state.iam,
        Date.now(),
      );
    }
    validator.validateInput(operation, input);
    const record = input as Record<string, unknown>;
    const poolId = poolOfRequest(state, record);
    const category = OPERATION_CATEGORY[operation];
    if (poolId && category && !quotas.take(poolId, category)) {
      throw new CognitoError('TooManyRequestsException', 'Rate exceeded');
    }
    const ctx: OperationContext = {
      state,
      keyring,
      issuerBase,
      now: () => Date.now() / 1000,
      remoteIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
      paginator,
    };
    sendResult(res, requestId, await handler(record, ctx));
  }

  async function handleSandboxRoute(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const fail = (status: number, message: string) =>
      sendJson(res, status, { __type: 'SandboxRequestException', message });
    if (!isLoopback(req.socket.remoteAddress)) return fail(403, 'The /_sandbox routes answer loopback callers only.');
    const route = `${req.method} ${path}`;
    const refusal = testRouteRefusal(route, req.headers, SANDBOX_ROUTES);
    if (refusal) return fail(refusal.status, refusal.message);
    let body: unknown = {};
    if (req.method === 'POST' || req.method === 'PUT') {
      const raw = await readBody(req);
      try {
        body = raw?.length ? JSON.parse(raw.toString('utf8')) : {};
      } catch {
        return fail(400, 'The body is not valid JSON.');
      }
    }
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    switch (route) {
      case 'GET /_sandbox/state':
        return sendJson(res, 200, describeState(state));
      case 'POST /_sandbox/reset':
        state = createState(seed);
        faults = undefined;
        quotas.setRates({ ...DEFAULT_QUOTAS, ...initialRates });
        return sendJson(res, 200, { reset: true });
      case 'PUT /_sandbox/faults':
        try {
          faults = parseFaultConfig(body);
        } catch (e) {
          return fail(400, (e as Error).message);
        }
        return sendJson(res, 200, { faults: body });
      case 'DELETE /_sandbox/faults':
        faults = undefined;
        return sendJson(res, 200, { faults: null });
      case 'PUT /_sandbox/quotas': {
        const problem = checkRates(body);
        if (problem) return fail(400, problem);
        quotas.setRates(b as Partial<QuotaRates>);
        return sendJson(res, 200, { quotas: quotas.rates() });
      }
      case 'POST /_sandbox/tokens': {
        const pool = typeof b.poolId === 'string' ? state.pools.get(b.poolId) : undefined;
        if (!pool) return fail(400, `poolId: no pool ${JSON.stringify(b.poolId)} in the seed`);
        const client = typeof b.clientId === 'string' ? pool.clients.get(b.clientId) : undefined;
        if (!client) return fail(400, `clientId: no app client ${JSON.stringify(b.clientId)} in pool ${pool.id}`);
        const user = typeof b.username === 'string' ? pool.users.get(b.username) : undefined;
        if (!user) return fail(400, `username: no user ${JSON.stringify(b.username)} in pool ${pool.id}`);
        if (b.scope !== undefined && (typeof b.scope !== 'string' || b.scope.trim() === '')) {
          return fail(400, 'scope: must be a non-empty space-separated string');
        }
        const scope = typeof b.scope === 'string' ? b.scope.trim().split(/\s+/).join(' ') : undefined;
        const notAllowed = scope?.split(' ').filter((s) => !client.allowedScopes.includes(s)) ?? [];
        if (notAllowed.length) {
          return fail(
            400,
            `scope: ${notAllowed.join(' ')} not in the client's allowedScopes (${client.allowedScopes.join(' ')})`,
          );
        }
        if (b.expiresIn !== undefined && (typeof b.expiresIn !== 'number' || !Number.isInteger(b.expiresIn))) {
          return fail(400, 'expiresIn: must be an integer number of seconds (negative allowed)');
        }
        if (b.deviceKey !== undefined && (typeof b.deviceKey !== 'string' || !user.devices.has(b.deviceKey))) {
          return fail(400, `deviceKey: ${JSON.stringify(b.deviceKey)} is not a device of ${user.username}`);
        }
        const minted = await startSession(
          { state, keyring, issuerBase, now: () => Date.now() / 1000, remoteIp: '127.0.0.1', paginator },
          pool,
          user,
          client.id,
          { scope, expiresIn: b.expiresIn as number | undefined, deviceKey: b.deviceKey as string | undefined },
        );
        return sendJson(res, 200, {
          AccessToken: minted.AccessToken,
          IdToken: minted.IdToken,
          RefreshToken: minted.RefreshToken,
        });
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      // The test routes get no CORS headers at all (sandbox/http-guards.ts).
      if (path.startsWith('/_sandbox/')) return await handleSandboxRoute(req, res, path);
      for (const [name, value] of Object.entries(COGNITO_CORS_HEADERS)) if (value) res.setHeader(name, value);
      if (path === '/' && req.method === 'OPTIONS') {
        res.writeHead(204, COGNITO_PREFLIGHT_HEADERS);
        res.end();
        return;
      }
      if (path === '/' && req.method === 'POST') return await handleOperation(req, res, requestId);
      const jwks = /^\/([^/]+)\/\.well-known\/jwks\.json$/.exec(path);
      if (jwks && req.method === 'GET') {
        const keys = keyring.jwks(decodeURIComponent(jwks[1] ?? ''));
        if (keys) return sendJson(res, 200, keys, requestId);
      }
      sendJson(res, 404, { __type: 'NotFoundException', message: `No route for ${req.method} ${path}.` }, requestId);
    } catch (e) {
      if (!(e instanceof CognitoError)) console.error(`sandbox: internal error ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent && !res.destroyed) sendError(res, requestId, e);
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  issuerBase = `http://127.0.0.1:${port}`;
  return {
    endpoint: issuerBase,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
