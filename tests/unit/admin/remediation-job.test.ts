import { describe, expect, it } from 'vitest';
import { adminStatusNow, adminTookEffect, fromDurable, toDurable } from '../../../utils/admin/remediation-job';
import type { Device } from '../../../utils/cognito';
import { resumePlan } from '../../../utils/durable-runner';
import { AppError } from '../../../utils/errors';
import type { RemediationJob } from '../../../utils/storage';

const job = (
  state: RemediationJob['state'],
  outcomes: RemediationJob['items'][number]['outcome'][],
): RemediationJob => ({
  id: 'r1',
  runId: 'a1',
  poolId: 'eu-west-1_X',
  action: 'forget',
  dryRun: false,
  filter: { category: 'all' },
  state,
  progress: { total: outcomes.length, done: 0, ok: 0, failed: 0, rate: 0 },
  items: outcomes.map((outcome, i) => ({ username: `u${i % 2}`, deviceKey: `k${i}`, outcome, entryId: 10 + i })),
  startedAt: 1,
});

describe('a remediation plan as a durable job', () => {
  it('resumes a running plan: pending devices run, in-flight ones checked first', () => {
    const plan = toDurable(job('running', ['ok', 'inFlight', 'pending', 'failed', 'pending', 'inFlight']));
    expect(resumePlan(plan)).toEqual({ run: ['k2', 'k4'], check: ['k1', 'k5'] });
  });

  it('leaves a settled plan alone', () => {
    for (const state of ['done', 'cancelled', 'interrupted'] as const)
      expect(resumePlan(toDurable(job(state, ['pending', 'inFlight'])))).toEqual({ run: [], check: [] });
  });

  it('keeps every item its username and its history entry through the round trip', () => {
    const before = job('running', ['pending', 'inFlight']);
    const snapshot = toDurable(before);
    snapshot.items = snapshot.items.map((i) => ({ ...i, outcome: 'reconciled' }));
    snapshot.state = 'done';
    snapshot.parentId = 7;
    const after = fromDurable(before, snapshot);
    expect(after.items.map((i) => [i.username, i.deviceKey, i.outcome, i.entryId])).toEqual([
      ['u0', 'k0', 'reconciled', 10],
      ['u1', 'k1', 'reconciled', 11],
    ]);
    expect(after).toMatchObject({ state: 'done', historyId: 7, poolId: 'eu-west-1_X' });
  });

  it.each([
    ['forget', 'forgotten', true],
    ['forget', 'unlisted', true],
    ['forget', 'remembered', false],
    ['forget', 'not_remembered', false],
    ['notRemember', 'not_remembered', true],
    ['notRemember', 'forgotten', true],
    ['notRemember', 'unlisted', true],
    ['notRemember', 'remembered', false],
    ['notRemember', undefined, false],
  ] as const)('AdminGetDevice after an in-flight %s finding %s: took effect = %s', (action, found, expected) => {
    expect(adminTookEffect(action, found)).toBe(expected);
  });

  it('says a device AdminGetDevice does not find is forgotten, not the unconfirmed "unlisted"', async () => {
    const gone = () => Promise.reject(new AppError('ERR_COGNITO_RESOURCE_NOT_FOUND', 'Device does not exist.'));
    expect(await adminStatusNow(gone, 'k1')).toBe('forgotten');
    const kept = (key: string): Promise<Device> => Promise.resolve({ key, remembered: false, attributes: [] });
    expect(await adminStatusNow(kept, 'k1')).toBe('not_remembered');
    const broken = () => Promise.reject(new AppError('ERR_COGNITO_INTERNAL'));
    await expect(adminStatusNow(broken, 'k1')).rejects.toMatchObject({ code: 'ERR_COGNITO_INTERNAL' });
  });
});
