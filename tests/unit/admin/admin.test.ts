/**
 * Admin mode's pure parts and handlers with fakes: credential and filter
 * validation (table-driven, by code), masking, report categories, status
 * figures, the v3 schema step, and the service: credentials kept only after
 * DescribeUserPool accepts them, never returned, forgotten on request; a dry
 * run that calls nothing.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { checkAdminCredentials, checkPoolId, maskAccessKeyId } from '../../../utils/admin/credentials';
import { checkAuditFilter, isStale, matchesFilter } from '../../../utils/admin/report';
import { createAdminService, toAuditStatus } from '../../../utils/admin/service';
import { COGNITO_RATES, type CognitoClient } from '../../../utils/cognito';
import { AppError } from '../../../utils/errors';
import { openAuditStore } from '../../../utils/history/audit-store';
import type { AuditRun } from '../../../utils/history/audit-types';
import { HISTORY_DB_VERSION, openHistoryDb } from '../../../utils/history/schema';
import { createPacerRegistry } from '../../../utils/worker/pacers';
import { memoryConnection } from './fakes';

const KEY = 'AKIASANDBOXDEMO00001';
const SECRET = 'sandboxDemoSecretKey0000000000000000000000';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).code + ((e as AppError).details.field ? `:${(e as AppError).details.field}` : '');
  }
  return 'ok';
};

describe('credentials', () => {
  it.each([
    [{ accessKeyId: KEY, secretAccessKey: SECRET }, 'ok'],
    [{ accessKeyId: ` ${KEY} `, secretAccessKey: SECRET, sessionToken: '' }, 'ok'],
    [{ accessKeyId: 'AKIA', secretAccessKey: SECRET }, 'ERR_INVALID_CREDENTIALS:accessKeyId'],
    [{ accessKeyId: 'AKIA-BAD-KEY-0000001', secretAccessKey: SECRET }, 'ERR_INVALID_CREDENTIALS:accessKeyId'],
    [{ accessKeyId: KEY, secretAccessKey: '' }, 'ERR_INVALID_CREDENTIALS:secretAccessKey'],
    [{ accessKeyId: KEY, secretAccessKey: 'has space' }, 'ERR_INVALID_CREDENTIALS:secretAccessKey'],
    [{ accessKeyId: KEY, secretAccessKey: SECRET, sessionToken: 'a b' }, 'ERR_INVALID_CREDENTIALS:sessionToken'],
    [{ accessKeyId: KEY, secretAccessKey: SECRET, sessionToken: 42 }, 'ERR_INVALID_CREDENTIALS:sessionToken'],
  ])('%j → %s', (input, code) => {
    expect(codeOf(() => checkAdminCredentials(input))).toBe(code);
  });

  it.each([
    ['us-east-1_Demo1', 'ok'],
    ['eu-west-3_AbC123', 'ok'],
    ['Demo1', 'ERR_INVALID_USER_POOL_ID:poolId'],
    ['us-east-1_', 'ERR_INVALID_USER_POOL_ID:poolId'],
    ['us-east-1_bad id', 'ERR_INVALID_USER_POOL_ID:poolId'],
  ])('pool id %s → %s', (id, code) => {
    expect(codeOf(() => checkPoolId(id))).toBe(code);
  });

  it('masks the access key id', () => {
    expect(maskAccessKeyId(KEY)).toBe('AKIA…0001');
    expect(maskAccessKeyId('short')).toBe('••••');
  });
});

describe('report rules', () => {
  const device = (
    d: Partial<{ lastAuthenticatedAt: number; createdAt: number; remembered: boolean; lastIp: string }>,
  ) => ({
    key: 'us-east-1_k',
    name: 'Phone',
    ...d,
  });
  it.each([
    [{ category: 'all' }, 'ok'],
    [{ category: 'stale', staleDays: 90 }, 'ok'],
    [{ category: 'stale', staleDays: 0 }, 'ERR_INVALID_INPUT:staleDays'],
    [{ category: 'stale', staleDays: 1.5 }, 'ERR_INVALID_INPUT:staleDays'],
    [{ category: 'ip' }, 'ERR_INVALID_INPUT:ip'],
    [{ category: 'ip', ip: '203.0.113.9' }, 'ok'],
    [{ category: 'bogus' }, 'ERR_INVALID_INPUT:category'],
  ])('filter %j → %s', (filter, code) => {
    expect(codeOf(() => checkAuditFilter(filter as never))).toBe(code);
  });

  it.each([
    [device({ lastAuthenticatedAt: NOW - 91 * DAY }), true],
    [device({ lastAuthenticatedAt: NOW - 89 * DAY, createdAt: NOW - 400 * DAY }), false],
    [device({ createdAt: NOW - 91 * DAY }), true],
    [device({}), false],
  ])('stale > 90 days: %j → %s', (d, stale) => {
    expect(isStale(d, 90, NOW)).toBe(stale);
  });

  it.each([
    ['neverAuthenticated', device({ createdAt: NOW }), true],
    ['neverAuthenticated', device({ lastAuthenticatedAt: NOW }), false],
    ['notRemembered', device({ remembered: false }), true],
    ['notRemembered', device({}), false],
    ['remembered', device({ remembered: true }), true],
  ] as const)('%s: %j → %s', (category, d, match) => {
    expect(matchesFilter(d, 'alice', { category }, NOW)).toBe(match);
  });

  it('matches by IP and by text on username or device name', () => {
    const d = device({ lastIp: '203.0.113.9' });
    expect(matchesFilter(d, 'alice', { category: 'ip', ip: '203.0.113.9' }, NOW)).toBe(true);
    expect(matchesFilter(d, 'alice', { category: 'ip', ip: '203.0.113.1' }, NOW)).toBe(false);
    expect(matchesFilter(d, 'alice', { category: 'all', text: 'PHO' }, NOW)).toBe(true);
    expect(matchesFilter(d, 'alice', { category: 'all', text: 'bob' }, NOW)).toBe(false);
  });
});

describe('audit status', () => {
  const run: AuditRun = {
    id: 'r',
    poolId: 'us-east-1_Demo1',
    endpoint: 'http://127.0.0.1:1/',
    state: 'running',
    listingDone: false,
    pendingUsers: [{ username: 'a' }, { username: 'b' }],
    usersDone: 100,
    devicesFound: 300,
    pagesRead: 2,
    reads: 102,
    listingRestarts: 0,
    estimatedUsers: 1000,
    startedAt: 0,
    updatedAt: 0,
    nextPageToken: 'secret-looking-token',
  };
  it('estimates the total until the listing ends, then is exact; no pending list or page token leaves', () => {
    const s = toAuditStatus(run, { usersPerSec: 10, readsPerSec: 10, elapsedMs: 10_000 }, 50, 0);
    expect(s).toMatchObject({ totalUsers: 1000, totalExact: false, etaMs: 90_000, readQuota: 50 });
    expect(JSON.stringify(s)).not.toContain('secret-looking-token');
    expect(s.run.pendingCount).toBe(2);
    const done = toAuditStatus({ ...run, state: 'done', listingDone: true, pendingUsers: [] }, undefined, 50, 0);
    expect(done).toMatchObject({ totalUsers: 100, totalExact: true, usersPerSec: 0 });
    expect(done.etaMs).toBeUndefined();
  });
});

describe('schema v3', () => {
  it('a v2 database gains the audit stores and keeps its entries', async () => {
    const factory = new IDBFactory();
    const v2 = await openHistoryDb(factory, 'v2', 2);
    expect([...v2.objectStoreNames].sort()).toEqual(['devices', 'entries']);
    v2.close();
    expect(HISTORY_DB_VERSION).toBe(4);
    const v3 = await openHistoryDb(factory, 'v2');
    expect([...v3.objectStoreNames].sort()).toEqual(['auditResults', 'auditRuns', 'devices', 'entries', 'listings']);
    v3.close();
  });
});

describe('admin service', () => {
  function setup(describeError?: AppError) {
    const memory = memoryConnection();
    const calls: string[] = [];
    const client = {
      async describeUserPool() {
        calls.push('DescribeUserPool');
        if (describeError) throw describeError;
        return { id: 'us-east-1_Demo1', name: 'Demo', deviceConfiguration: undefined };
      },
      async adminForgetDevice() {
        calls.push('AdminForgetDevice');
        return { alreadyForgotten: false };
      },
    } as unknown as CognitoClient;
    const factory = new IDBFactory();
    const service = createAdminService({
      connection: memory.connection,
      settings: async () => ({ endpointOverride: 'http://127.0.0.1:9/', quotas: { read: 50, write: 25 } }),
      pacer: createPacerRegistry({ rates: async () => COGNITO_RATES }),
      cognito: () => client,
      auditStore: () => openAuditStore({ indexedDB: factory, name: 'svc' }),
      now: () => NOW,
    });
    return { service, calls, kept: memory.kept, factory };
  }
  const request = {
    type: 'admin.connect' as const,
    poolId: 'us-east-1_Demo1',
    accessKeyId: KEY,
    secretAccessKey: SECRET,
  };

  it('keeps credentials only after DescribeUserPool accepts them and never returns the secret', async () => {
    const { service, kept } = setup();
    const result = await service.handlers['admin.connect'](request);
    expect(result.status).toEqual({
      connected: true,
      poolId: 'us-east-1_Demo1',
      accessKeyIdMasked: 'AKIA…0001',
      temporary: false,
    });
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(kept()).toMatchObject({ credentials: { secretAccessKey: SECRET } });
    expect(await service.handlers['admin.forget']({ type: 'admin.forget' })).toEqual({ connected: false });
    expect(kept()).toBeNull();
  });

  it.each([
    [{ ...request, accessKeyId: 'x' }, 'ERR_INVALID_CREDENTIALS'],
    [{ ...request, poolId: 'nope' }, 'ERR_INVALID_USER_POOL_ID'],
  ])('refuses bad input before any call: %j', async (bad, code) => {
    const { service, calls, kept } = setup();
    await expect(service.handlers['admin.connect'](bad)).rejects.toMatchObject({ code });
    expect(calls).toEqual([]);
    expect(kept()).toBeNull();
  });

  it('does not keep credentials AWS refuses', async () => {
    const { service, kept } = setup(new AppError('ERR_AWS_SIGNATURE_MISMATCH'));
    await expect(service.handlers['admin.connect'](request)).rejects.toMatchObject({
      code: 'ERR_AWS_SIGNATURE_MISMATCH',
    });
    expect(kept()).toBeNull();
  });

  it('needs a connection for user and audit operations', async () => {
    const { service } = setup();
    await expect(service.handlers['admin.audit.start']({ type: 'admin.audit.start' })).rejects.toMatchObject({
      code: 'ERR_ADMIN_NOT_CONNECTED',
    });
    await expect(
      service.handlers['admin.devices.list']({ type: 'admin.devices.list', username: 'alice' }),
    ).rejects.toMatchObject({ code: 'ERR_ADMIN_NOT_CONNECTED' });
  });

  it('a dry-run remediation calls nothing and lists what would happen', async () => {
    const { service, calls, factory } = setup();
    const store = await openAuditStore({ indexedDB: factory, name: 'svc' });
    const run: AuditRun = {
      id: 'run1',
      poolId: 'us-east-1_Demo1',
      endpoint: 'http://127.0.0.1:9/',
      state: 'done',
      listingDone: true,
      pendingUsers: [{ username: 'alice' }],
      usersDone: 0,
      devicesFound: 0,
      pagesRead: 1,
      reads: 1,
      listingRestarts: 0,
      startedAt: NOW,
      updatedAt: NOW,
    };
    await store.createRun(run);
    await store.recordUser(
      {
        runId: 'run1',
        username: 'alice',
        devices: [
          { key: 'us-east-1_old', createdAt: NOW - 400 * DAY, lastAuthenticatedAt: NOW - 200 * DAY },
          { key: 'us-east-1_new', createdAt: NOW - 10 * DAY, lastAuthenticatedAt: NOW - DAY },
        ],
      },
      { reads: 1, now: NOW },
    );
    const filter = { category: 'stale' as const, staleDays: 90 };
    const preview = await service.handlers['admin.remediation.preview']({
      type: 'admin.remediation.preview',
      runId: 'run1',
      filter,
    });
    expect(preview.targets.map((t) => t.deviceKey)).toEqual(['us-east-1_old']);
    const job = await service.handlers['admin.remediation.start']({
      type: 'admin.remediation.start',
      runId: 'run1',
      filter,
      action: 'forget',
      dryRun: true,
    });
    expect(job).toMatchObject({
      state: 'done',
      dryRun: true,
      items: [{ deviceKey: 'us-east-1_old', outcome: 'wouldRun' }],
    });
    expect(calls).toEqual([]);
    store.close();
  });
});
