/**
 * Where admin requests may go and for which pool: a stored audit resumes only
 * against the endpoint the current Settings resolve for its pool (the manual
 * resume and the automatic one at worker start), the endpoint override is
 * loopback only, and a page's request cannot override the connected pool.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { type AdminService, createAdminService } from '../../../utils/admin/service';
import { COGNITO_RATES, type CognitoClient } from '../../../utils/cognito';
import { openAuditStore } from '../../../utils/history/audit-store';
import type { AuditRun, AuditState } from '../../../utils/history/audit-types';
import { createPacerRegistry } from '../../../utils/worker/pacers';
import { memoryConnection } from './fakes';

const POOL = 'us-east-1_Test';
const SANDBOX = 'http://127.0.0.1:9329/';
const AWS = 'https://cognito-idp.us-east-1.amazonaws.com/';
const SANDBOX_KEY = {
  accessKeyId: 'AKIASANDBOXDEMO00001',
  secretAccessKey: 'sandboxDemoSecretKey0000000000000000000000',
};
const REAL_KEY = {
  accessKeyId: 'ASIAREALKEY000000001',
  secretAccessKey: 'realSecretKey00000000000000000000000000000',
  sessionToken: 'realSessionToken',
};
const NOW = Date.UTC(2026, 0, 1);

/** One Cognito call as the fake client saw it. */
interface Call {
  endpoint: string;
  accessKeyId: string;
  operation: string;
  input: Record<string, unknown>;
}

let services: AdminService[] = [];
afterEach(async () => {
  for (const service of services) await service.abandon();
  services = [];
});

function setup(initialOverride: string) {
  const settings = { endpointOverride: initialOverride, quotas: COGNITO_RATES };
  const memory = memoryConnection();
  const calls: Call[] = [];
  const factory = new IDBFactory();
  const service = createAdminService({
    connection: memory.connection,
    settings: async () => settings,
    pacer: createPacerRegistry({ rates: async () => settings.quotas }),
    cognito: ({ endpoint, credentials }) => {
      const call = (operation: string, input: unknown) =>
        calls.push({
          endpoint,
          accessKeyId: credentials.accessKeyId,
          operation,
          input: { ...(input as Record<string, unknown>) },
        });
      return {
        async describeUserPool(input: unknown) {
          call('DescribeUserPool', input);
          return { id: POOL, name: 'Test' };
        },
        async listUsers(input: unknown) {
          call('ListUsers', input);
          return { users: [] };
        },
        async adminListDevices(input: unknown) {
          call('AdminListDevices', input);
          return { devices: [] };
        },
        async adminGetDevice(input: unknown) {
          call('AdminGetDevice', input);
          return { key: 'us-east-1_dev' };
        },
        async adminForgetDevice(input: unknown) {
          call('AdminForgetDevice', input);
          return { alreadyForgotten: false };
        },
      } as unknown as CognitoClient;
    },
    auditStore: () => openAuditStore({ indexedDB: factory, name: 'bindings' }),
    now: () => NOW,
  });
  services.push(service);
  const connect = (key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, poolId = POOL) =>
    service.handlers['admin.connect']({ type: 'admin.connect', poolId, ...key });
  const store = () => openAuditStore({ indexedDB: factory, name: 'bindings' });
  async function storeRun(state: AuditState, endpoint: string, poolId = POOL): Promise<AuditRun> {
    const run: AuditRun = {
      id: `run-${state}`,
      poolId,
      endpoint,
      state,
      listingDone: false,
      pendingUsers: [],
      usersDone: 0,
      devicesFound: 0,
      pagesRead: 0,
      reads: 0,
      listingRestarts: 0,
      startedAt: NOW,
      updatedAt: NOW,
    };
    const s = await store();
    await s.createRun(run);
    s.close();
    return run;
  }
  async function stateOf(id: string): Promise<AuditRun | undefined> {
    const s = await store();
    const run = await s.getRun(id);
    s.close();
    return run;
  }
  return { service, settings, calls, connect, storeRun, stateOf, store };
}

describe('a resumed audit re-resolves its endpoint', () => {
  it('refuses a manual resume when the override was cleared and real credentials connected; the run stays paused', async () => {
    const env = setup(SANDBOX);
    const run = await env.storeRun('paused', SANDBOX);
    env.settings.endpointOverride = '';
    await env.connect(REAL_KEY);
    env.calls.length = 0;

    await expect(
      env.service.handlers['admin.audit.resume']({ type: 'admin.audit.resume', runId: run.id }),
    ).rejects.toMatchObject({ code: 'ERR_ADMIN_AUDIT_ENDPOINT_CHANGED' });
    await env.service.abandon();
    expect(env.calls).toEqual([]);
    expect((await env.stateOf(run.id))?.state).toBe('paused');
  });

  it('does not resume at worker start against the old endpoint: the run is paused with the reason', async () => {
    const env = setup(SANDBOX);
    const run = await env.storeRun('running', SANDBOX);
    env.settings.endpointOverride = '';
    await env.connect(REAL_KEY);
    env.calls.length = 0;

    await env.service.start();
    await env.service.abandon();
    expect(env.calls.filter((c) => c.endpoint === SANDBOX)).toEqual([]);
    expect(env.calls).toEqual([]);
    const after = await env.stateOf(run.id);
    expect(after?.state).toBe('paused');
    expect(after?.error?.code).toBe('ERR_ADMIN_AUDIT_ENDPOINT_CHANGED');
  });

  it('a run whose endpoint still matches resumes, manually and at worker start', async () => {
    const env = setup(SANDBOX);
    await env.connect(SANDBOX_KEY);
    const paused = await env.storeRun('paused', SANDBOX);
    const running = await env.storeRun('running', SANDBOX);
    env.calls.length = 0;

    await env.service.start();
    const resumed = await env.service.handlers['admin.audit.resume']({ type: 'admin.audit.resume', runId: paused.id });
    expect(resumed.run.state).toBe('running');
    await expect.poll(async () => (await env.stateOf(paused.id))?.state).toBe('done');
    await expect.poll(async () => (await env.stateOf(running.id))?.state).toBe('done');
    expect(env.calls.length).toBeGreaterThan(0);
    expect(env.calls.every((c) => c.endpoint === SANDBOX && c.accessKeyId === SANDBOX_KEY.accessKeyId)).toBe(true);
  });
});

describe('the admin endpoint override is loopback only', () => {
  it.each(['https://evil.example/', 'https://cognito-idp.us-east-1.amazonaws.com.evil.example/'])(
    'connect with override %s is refused before any request',
    async (override) => {
      const env = setup(override);
      await expect(env.connect(REAL_KEY)).rejects.toMatchObject({
        code: 'ERR_INVALID_ENDPOINT',
        details: { field: 'endpointOverride' },
      });
      expect(env.calls).toEqual([]);
    },
  );

  it('a connection made before the override was corrupted sends nothing afterwards', async () => {
    const env = setup('');
    await env.connect(REAL_KEY);
    const run = await env.storeRun('paused', AWS);
    env.settings.endpointOverride = 'https://evil.example/';
    env.calls.length = 0;
    await expect(env.service.handlers['admin.describePool']({ type: 'admin.describePool' })).rejects.toMatchObject({
      code: 'ERR_INVALID_ENDPOINT',
    });
    await expect(
      env.service.handlers['admin.device.get']({ type: 'admin.device.get', username: 'alice', deviceKey: 'k' }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_ENDPOINT' });
    await expect(
      env.service.handlers['admin.audit.resume']({ type: 'admin.audit.resume', runId: run.id }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_ENDPOINT' });
    await env.service.abandon();
    expect(env.calls).toEqual([]);
    expect((await env.stateOf(run.id))?.state).toBe('paused');
  });

  it('a loopback override is used as is', async () => {
    const env = setup('http://localhost:9329');
    await env.connect(SANDBOX_KEY);
    expect(env.calls.map((c) => c.endpoint)).toEqual(['http://localhost:9329/']);
  });
});

describe('the page cannot override the connected pool', () => {
  it('admin.device.get sends the connected pool, the username and the device key only', async () => {
    const env = setup(SANDBOX);
    await env.connect(SANDBOX_KEY);
    env.calls.length = 0;
    const request = {
      type: 'admin.device.get' as const,
      username: 'alice',
      deviceKey: 'us-east-1_dev',
      userPoolId: 'us-east-1_Other',
    };
    await env.service.handlers['admin.device.get'](request);
    expect(env.calls).toEqual([
      {
        endpoint: SANDBOX,
        accessKeyId: SANDBOX_KEY.accessKeyId,
        operation: 'AdminGetDevice',
        input: { userPoolId: POOL, username: 'alice', deviceKey: 'us-east-1_dev' },
      },
    ]);
  });

  it("a remediation of another pool's audit is refused with the connected credentials", async () => {
    const env = setup(SANDBOX);
    await env.connect(SANDBOX_KEY);
    const run = await env.storeRun('done', SANDBOX, 'us-east-1_Other');
    const s = await env.store();
    await s.recordUser(
      { runId: run.id, username: 'alice', devices: [{ key: 'us-east-1_dev', remembered: false }] },
      { reads: 1, now: NOW },
    );
    s.close();
    env.calls.length = 0;
    await expect(
      env.service.handlers['admin.remediation.start']({
        type: 'admin.remediation.start',
        runId: run.id,
        filter: { category: 'notRemembered' },
        action: 'forget',
        dryRun: false,
      }),
    ).rejects.toMatchObject({ code: 'ERR_ADMIN_NOT_CONNECTED' });
    // Refused before a run was made: no job exists that could call later, and nothing was called.
    expect(await env.service.handlers['admin.remediation.status']({ type: 'admin.remediation.status' })).toBeNull();
    expect(env.calls).toEqual([]);
  });
});
