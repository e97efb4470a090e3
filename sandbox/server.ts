/**
 * The sandbox: a local endpoint that speaks the Cognito user-pools wire
 * protocol (`POST /`, X-Amz-Target, JSON 1.1), serves each pool's JWKS, and
 * offers test-only `/_sandbox/*` routes (loopback callers only). It listens on
 * 127.0.0.1 only. `startSandbox` is the contract the tests and the demo use;
 * sandbox/README.md documents every route.
 *
 * Request pipeline for `POST /`: content type → target → JSON → fault
 * (decided before any state change) → web ACL → SigV4 (signed operations) →
 * model validation → pool configuration → quota → handler. Every failure is
 * answered in the wire format; nothing leaks a stack trace or a secret. Each
 * request is noted in the request log (`GET /_sandbox/requests`) without
 * any secret.
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
import { srpOperations } from './operations/srp-auth';
import { userOperations } from './operations/user';
import { createPaginator } from './pagination';
import { checkRates, createQuotaLimiter, DEFAULT_QUOTAS, type QuotaName } from './quota';
import { createRequestLog, type RequestLogEntry } from './request-log';
import { checkPoolSetup, scopeOfRequest } from './request-scope';
import { readSeed, type SeedFile, validateSeed } from './seed';
import { verifySigV4 } from './sigv4';
import { createState, describeState } from './state';
import { createKeyring } from './tokens';
import { CognitoError, sendError, sendJson, sendResult } from './wire';

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** 0 = any free port. Default 9329. */
  port?: number;
  /** A seed object or a path to a seed JSON file. Default sandbox/seeds/demo.json. */
  seed?: SeedFile | string;
  /**
   * Requests per second by Cognito category (UserResourceRead 50, UserResourceUpdate 25, …,
   * PerUserRead 10, PerUserWrite 10), or by the aliases read / write / auth. See sandbox/README.md.
   */
  quotas?: Partial<Record<QuotaName, number>>;
  /** The clock of the quota buckets, in milliseconds (performance.now by default). */
  quotaClock?: () => number;
  /**
   * The wall clock, epoch milliseconds (Date.now by default): token lifetimes, challenge sessions,
   * refresh-token grace periods, SRP TIMESTAMP and SigV4 skew checks. Tests inject one to move time.
   */
  clock?: () => number;
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
  'DescribeUserPoolClient',
]);

const HANDLERS: Record<string, OperationHandler> = {
  ...authOperations,
  ...srpOperations,
  ...userOperations,
  ...adminOperations,
};

/** The test routes, as `METHOD /path` (each is a case of `handleSandboxRoute`). */
const SANDBOX_ROUTES = new Set([
  'GET /_sandbox/state',
  'POST /_sandbox/reset',
  'PUT /_sandbox/faults',
  'DELETE /_sandbox/faults',
  'PUT /_sandbox/quotas',
  'POST /_sandbox/tokens',
  'GET /_sandbox/requests',
  'DELETE /_sandbox/requests',
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

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a sandbox on 127.0.0.1. Rejects with SeedError when the seed is invalid. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const validator = createModelValidator(loadServiceModel());
  const seed = validateSeed(readSeed(options.seed ?? DEFAULT_SEED), validator);
  const initialRates: Partial<Record<QuotaName, number>> = options.quotas ?? {};
  if (options.quotas) {
    const problem = checkRates(options.quotas);
    if (problem) throw new Error(`Invalid quotas: ${problem}`);
  }
  const keyring = await createKeyring(seed.pools.map((p) => p.id));
  const paginator = createPaginator();
  const quotas = createQuotaLimiter(initialRates, { now: options.quotaClock });
  const clock = options.clock ?? Date.now;
  const requestLog = createRequestLog(clock);
  let state = createState(seed);
  let faults: FaultConfig | undefined;
  let issuerBase = '';

  async function handleOperation(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    note: RequestLogEntry,
  ): Promise<void> {
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
    note.operation = operation || undefined;
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

    const record = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const remoteIp = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const scope = scopeOfRequest(state, operation, record);
    requestLog.describe(note, operation, record, scope);
    // A web ACL is evaluated before the service sees the request.
    checkPoolSetup(validator, operation, scope.pool, remoteIp, 'waf');
    // AWS authenticates before it validates: an unsigned bad request is a signature error.
    if (SIGNED.has(operation)) {
      await verifySigV4(
        { method: req.method ?? 'POST', path: req.url ?? '/', headers: req.headers, body },
        state.iam,
        clock(),
      );
    }
    validator.validateInput(operation, input);
    checkPoolSetup(validator, operation, scope.pool, remoteIp, 'configuration');
    const pool = scope.pool;
    if (
      pool &&
      !quotas.admit({
        operation,
        account: pool.account,
        region: pool.region,
        poolId: pool.id,
        username: scope.username,
      })
    ) {
      throw new CognitoError('TooManyRequestsException', 'Rate exceeded');
    }
    const ctx: OperationContext = { state, keyring, issuerBase, now: () => clock() / 1000, remoteIp, paginator };
    const result = await handler(record, ctx);
    requestLog.answered(note, result);
    sendResult(res, requestId, result);
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
      case 'GET /_sandbox/requests':
        return sendJson(res, 200, { requests: requestLog.entries() });
      case 'DELETE /_sandbox/requests':
        requestLog.clear();
        return sendJson(res, 200, { requests: [] });
      case 'POST /_sandbox/reset':
        state = createState(seed);
        requestLog.clear();
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
        quotas.setRates(b as Partial<Record<QuotaName, number>>);
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
          { state, keyring, issuerBase, now: () => clock() / 1000, remoteIp: '127.0.0.1', paginator },
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
      if (path === '/' && req.method === 'POST') {
        const note = requestLog.start(requestId);
        try {
          return await handleOperation(req, res, requestId, note);
        } catch (e) {
          requestLog.failed(note, e);
          throw e;
        }
      }
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
