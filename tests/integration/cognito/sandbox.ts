/**
 * Shared set-up of the Cognito client's integration tests: a sandbox on a free
 * loopback port, its test-only routes, and clients pointed at it. Ids and
 * passwords come from the demo seed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../../../sandbox/server';
import { type CognitoClientOptions, createCognitoClient } from '../../../utils/cognito';

interface DemoSeed {
  iam: { accessKeyId: string; secretAccessKey: string }[];
  pools: {
    id: string;
    clients: { id: string; secret?: string; authFlows: string[] }[];
    users: { username: string; password: string; devices?: { key: string; remembered: boolean; name: string }[] }[];
  }[];
}

export const seed = JSON.parse(readFileSync(join(process.cwd(), 'sandbox/seeds/demo.json'), 'utf8')) as DemoSeed;
const pool = seed.pools[0] as DemoSeed['pools'][number];
export const POOL_ID = pool.id;
const clientWhere = (test: (c: DemoSeed['pools'][number]['clients'][number]) => boolean) => {
  const client = pool.clients.find(test);
  if (!client) throw new Error('demo seed changed: client not found');
  return client;
};
export const PUBLIC_CLIENT = clientWhere((c) => !c.secret && c.authFlows.includes('ALLOW_USER_PASSWORD_AUTH'));
export const SECRET_CLIENT = clientWhere((c) => !!c.secret);
export const SRP_ONLY_CLIENT = clientWhere((c) => !c.authFlows.includes('ALLOW_USER_PASSWORD_AUTH'));
export const IAM = seed.iam[0] as DemoSeed['iam'][number];
export function user(username: string) {
  const found = pool.users.find((u) => u.username === username);
  if (!found) throw new Error(`demo seed changed: no user ${username}`);
  return { ...found, devices: found.devices ?? [] };
}

/** A running sandbox with helpers for its `/_sandbox` routes; `quotaClock` replaces its quota buckets' clock. */
export async function openSandbox(options: { quotaClock?: () => number } = {}) {
  // The extension does not pace per user yet (issue #14, extension side): until it does, the sandbox's
  // per-user limits (10 reads/s, 10 writes/s) are raised here so these tests keep measuring the categories.
  const sandbox = await startSandbox({
    port: 0,
    quotaClock: options.quotaClock,
    quotas: { PerUserRead: 1000, PerUserWrite: 1000 },
  });
  const base = sandbox.endpoint;
  async function route(method: string, path: string, body?: unknown) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
  return {
    endpoint: `${base}/`,
    close: () => sandbox.close(),
    reset: () => route('POST', '/_sandbox/reset'),
    faults: (config: { rate: number; kinds: string[]; operations?: string[] }) =>
      route('PUT', '/_sandbox/faults', config),
    clearFaults: () => route('DELETE', '/_sandbox/faults'),
    quotas: (rates: { read?: number; write?: number; auth?: number }) => route('PUT', '/_sandbox/quotas', rates),
    /** Mint tokens for a seeded user (default alice on the public client). */
    async tokens(options: { username?: string; scope?: string; expiresIn?: number; deviceKey?: string } = {}) {
      const minted = await route('POST', '/_sandbox/tokens', {
        poolId: POOL_ID,
        clientId: PUBLIC_CLIENT.id,
        username: options.username ?? 'alice',
        ...options,
      });
      return minted as { AccessToken: string; IdToken: string; RefreshToken: string };
    },
    /** The devices of a user as the sandbox holds them. */
    async devicesOf(username: string) {
      const state = (await route('GET', '/_sandbox/state')) as {
        pools: { id: string; users: { username: string; devices: { key: string; remembered: boolean }[] }[] }[];
      };
      return state.pools.find((p) => p.id === POOL_ID)?.users.find((u) => u.username === username)?.devices ?? [];
    },
    /** A client on this sandbox; Admin credentials are the seed's IAM key. */
    client(options: Partial<CognitoClientOptions> = {}) {
      return createCognitoClient({ endpoint: `${base}/`, credentials: IAM, ...options });
    },
  };
}

export type OpenSandbox = Awaited<ReturnType<typeof openSandbox>>;
