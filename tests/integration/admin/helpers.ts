/**
 * Shared set-up of the admin integration tests: a sandbox seeded with a
 * generated pool, a client signed with its IAM key through one pacer, and the
 * comparison of stored audit results with the sandbox's own state.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { generateSeed } from '../../../sandbox/seed-generator';
import { type Sandbox, startSandbox } from '../../../sandbox/server';
import { type CognitoClient, createCognitoClient, createPacer, type RetryEvent } from '../../../utils/cognito';
import { type AuditStore, openAuditStore } from '../../../utils/history/audit-store';

export interface StateDevice {
  key: string;
  name: string;
  remembered: boolean;
  lastIp: string;
  createdAt: number;
  lastAuthenticatedAt: number | null;
}
export interface SandboxState {
  pools: { id: string; users: { username: string; sub: string; devices: StateDevice[] }[] }[];
}

/** A sandbox with a generated pool and the tools to audit it. */
export async function openScaleSandbox(options: { users: number; devicesPerUser: number; rate: number }) {
  const seed = generateSeed({ users: options.users, devicesPerUser: options.devicesPerUser });
  const sandbox: Sandbox = await startSandbox({ port: 0, seed, quotas: { read: options.rate, write: 25 } });
  const iam = seed.iam[0] as { accessKeyId: string; secretAccessKey: string };
  const poolId = (seed.pools[0] as { id: string }).id;
  // The sandbox's `read` alias sets these categories: the pacer keeps to the same rates.
  const reads = {
    UserResourceRead: options.rate,
    UserList: options.rate,
    UserPoolRead: options.rate,
    UserRead: options.rate,
  };
  const pacer = createPacer({ rates: reads });
  const retries: RetryEvent[] = [];
  const client: CognitoClient = createCognitoClient({
    endpoint: `${sandbox.endpoint}/`,
    credentials: iam,
    pacer,
    onRetry: (event) => retries.push(event),
  });
  async function route(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${sandbox.endpoint}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
    return response.json();
  }
  return {
    sandbox,
    endpoint: `${sandbox.endpoint}/`,
    poolId,
    iam,
    client,
    retries,
    state: async () => ((await route('GET', '/_sandbox/state')) as SandboxState).pools.find((p) => p.id === poolId),
    faults: (config: { rate: number; kinds: string[]; operations?: string[] }) =>
      route('PUT', '/_sandbox/faults', config),
    close: () => sandbox.close(),
  };
}

/** A fresh IndexedDB (shared between the "before" and "after" of a killed worker) and a store on it. */
export async function freshStore(
  factory: IDBFactory = new IDBFactory(),
): Promise<{ factory: IDBFactory; store: AuditStore }> {
  return { factory, store: await openAuditStore({ indexedDB: factory, name: 'audit-it' }) };
}

/** username → "key|remembered|lastAuthMs" lines, sorted: from the stored results. */
export async function resultsAsLines(store: AuditStore, runId: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  await store.walkResults(runId, (r) => {
    if (out.has(r.username)) throw new Error(`user ${r.username} stored twice`);
    out.set(
      r.username,
      r.devices
        .map((d) => `${d.key}|${d.remembered}|${d.lastIp}|${d.createdAt}|${d.lastAuthenticatedAt ?? 'never'}`)
        .sort(),
    );
    return true;
  });
  return out;
}

/** The same lines from the sandbox's state. */
export function stateAsLines(pool: SandboxState['pools'][number] | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const user of pool?.users ?? []) {
    out.set(
      user.username,
      user.devices
        .map(
          (d) =>
            `${d.key}|${d.remembered}|${d.lastIp}|${d.createdAt * 1000}|${d.lastAuthenticatedAt === null ? 'never' : d.lastAuthenticatedAt * 1000}`,
        )
        .sort(),
    );
  }
  return out;
}
