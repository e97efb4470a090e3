/**
 * Progress is published one way: the admin service writes every audit
 * checkpoint and every remediation snapshot to its publisher (the storage
 * items the Admin page watches), in order, ending with the final state.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AdminService, createAdminService } from '../../../utils/admin/service';
import type { CognitoClient } from '../../../utils/cognito';
import { openAuditStore } from '../../../utils/history/audit-store';
import { uniformRates } from '../../../utils/quotas';
import type { AuditStatus, RemediationJob } from '../../../utils/storage';
import { createPacerRegistry } from '../../../utils/worker/pacers';
import { memoryConnection } from './fakes';

const POOL = 'us-east-1_Test';
const NOW = Date.UTC(2026, 0, 1);
const DAY = 24 * 3600 * 1000;
const KEY = { accessKeyId: 'AKIASANDBOXDEMO00001', secretAccessKey: 'sandboxDemoSecretKey0000000000000000000000' };

let services: AdminService[] = [];
afterEach(async () => {
  for (const service of services) await service.abandon();
  services = [];
});

function setup() {
  const memory = memoryConnection();
  const audits: AuditStatus[] = [];
  const jobs: RemediationJob[] = [];
  const forgotten: string[] = [];
  const users = ['alice', 'bob', 'carol'];
  const client = {
    async describeUserPool() {
      return { id: POOL, name: 'Test', estimatedNumberOfUsers: users.length };
    },
    async listUsers() {
      return { users: users.map((username) => ({ username })) };
    },
    async adminListDevices(input: { username: string }) {
      return {
        devices: [
          {
            key: `us-east-1_${input.username}-old`,
            createdAt: new Date(NOW - 400 * DAY),
            lastAuthenticatedAt: new Date(NOW - 200 * DAY),
          },
          {
            key: `us-east-1_${input.username}-new`,
            createdAt: new Date(NOW - 10 * DAY),
            lastAuthenticatedAt: new Date(NOW - DAY),
          },
        ],
      };
    },
    async adminForgetDevice(input: { deviceKey: string }) {
      forgotten.push(input.deviceKey);
      return { alreadyForgotten: false };
    },
  } as unknown as CognitoClient;
  const factory = new IDBFactory();
  const service = createAdminService({
    connection: memory.connection,
    settings: async () => ({ endpointOverride: 'http://127.0.0.1:9/' }),
    pacer: createPacerRegistry({ rates: async () => uniformRates(1000) }),
    cognito: () => client,
    auditStore: () => openAuditStore({ indexedDB: factory, name: 'progress' }),
    publishAudit: async (status) => {
      if (status) audits.push(structuredClone(status));
    },
    publishRemediation: async (job) => {
      if (job) jobs.push(structuredClone(job));
    },
    now: () => NOW,
  });
  services.push(service);
  return { service, audits, jobs, forgotten };
}

describe('progress published one way', () => {
  it('an audit publishes its checkpoints in order, ending with the finished run', async () => {
    const { service, audits } = setup();
    await service.handlers['admin.connect']({ type: 'admin.connect', poolId: POOL, ...KEY });
    const started = await service.handlers['admin.audit.start']({ type: 'admin.audit.start' });
    await vi.waitFor(() => expect(audits.at(-1)?.run.state).toBe('done'), { timeout: 5000 });
    expect(audits.every((a) => a.run.id === started.run.id)).toBe(true);
    const done = audits.map((a) => a.run.usersDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(audits.at(-1)).toMatchObject({ run: { usersDone: 3, devicesFound: 6 }, totalExact: true });
    // What a page sees carries no pending list and no page token.
    expect(JSON.stringify(audits)).not.toContain('pendingUsers');
    expect(JSON.stringify(audits)).not.toContain(KEY.secretAccessKey);
  });

  it('a pause is published at once', async () => {
    const { service, audits } = setup();
    await service.handlers['admin.connect']({ type: 'admin.connect', poolId: POOL, ...KEY });
    const started = await service.handlers['admin.audit.start']({ type: 'admin.audit.start' });
    const paused = await service.handlers['admin.audit.pause']({ type: 'admin.audit.pause', runId: started.run.id });
    await vi.waitFor(() => expect(audits.at(-1)?.run.state).toBe(paused.run.state));
  });

  it('a remediation publishes every snapshot, ending with the finished job', async () => {
    const { service, jobs, forgotten } = setup();
    await service.handlers['admin.connect']({ type: 'admin.connect', poolId: POOL, ...KEY });
    const started = await service.handlers['admin.audit.start']({ type: 'admin.audit.start' });
    const filter = { category: 'stale' as const, staleDays: 90 };
    await vi.waitFor(async () =>
      expect(
        (await service.handlers['admin.audit.status']({ type: 'admin.audit.status', runId: started.run.id }))?.run
          .state,
      ).toBe('done'),
    );
    const first = await service.handlers['admin.remediation.start']({
      type: 'admin.remediation.start',
      runId: started.run.id,
      filter,
      action: 'forget',
      dryRun: false,
    });
    await vi.waitFor(() => expect(jobs.at(-1)?.state).toBe('done'), { timeout: 5000 });
    expect(jobs.every((j) => j.id === first.id)).toBe(true);
    const done = jobs.map((j) => j.progress.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(jobs.at(-1)?.items.map((i) => i.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(forgotten.sort()).toEqual(['us-east-1_alice-old', 'us-east-1_bob-old', 'us-east-1_carol-old']);
    // The status message and the published item agree.
    expect(await service.handlers['admin.remediation.status']({ type: 'admin.remediation.status' })).toEqual(
      jobs.at(-1),
    );
  });
});
