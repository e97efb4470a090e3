/**
 * The kept audits' retention: which finished runs go (count and days, a fake
 * clock), and the Settings form's bounds for it, up to the edge on both sides.
 */
import { describe, expect, it } from 'vitest';
import { auditsToDrop } from '../../../utils/admin/audit-retention';
import type { AuditRun, AuditState } from '../../../utils/history/audit-types';
import { parseSettingsForm, toFormValues } from '../../../utils/settings-form';
import { DEFAULT_SETTINGS } from '../../../utils/storage';

const NOW = Date.UTC(2026, 11, 1);
const DAY = 24 * 3600 * 1000;
const run = (id: string, daysAgo: number, state: AuditState = 'done'): AuditRun => ({
  id,
  poolId: 'us-east-1_Demo1',
  endpoint: 'http://127.0.0.1:9329/',
  state,
  listingDone: true,
  pendingUsers: [],
  usersDone: 1,
  devicesFound: 1,
  pagesRead: 1,
  reads: 2,
  listingRestarts: 0,
  startedAt: NOW - daysAgo * DAY,
  updatedAt: NOW - daysAgo * DAY + 1000,
  ...(state === 'done' ? { finishedAt: NOW - daysAgo * DAY + 1000 } : {}),
});

describe('auditsToDrop', () => {
  const runs = [run('d', 1), run('a', 40), run('c', 10), run('b', 20)];
  it.each([
    ['within the count and days', { keep: 4, maxAgeDays: 365 }, 0, []],
    ['beyond the count: the oldest go', { keep: 2, maxAgeDays: 365 }, 0, ['b', 'a']],
    ['room for a new audit', { keep: 4, maxAgeDays: 365 }, 1, ['a']],
    ['older than the days', { keep: 10, maxAgeDays: 15 }, 0, ['b', 'a']],
    ['count and days together', { keep: 3, maxAgeDays: 15 }, 1, ['b', 'a']],
  ] as const)('%s', (_name, retention, room, expected) => {
    expect(auditsToDrop(runs, retention, NOW, room)).toEqual(expected);
  });

  it('never drops nor counts a run still running or paused; cancelled and failed ones count', () => {
    const mixed = [run('r', 100, 'running'), run('p', 90, 'paused'), run('x', 5, 'cancelled'), run('d', 1)];
    expect(auditsToDrop(mixed, { keep: 1, maxAgeDays: 30 }, NOW)).toEqual(['x']);
  });

  it('uses 10 audits and 365 days when Settings have none (settings stored before audits were kept)', () => {
    const many = Array.from({ length: 12 }, (_, i) => run(`r${String(i).padStart(2, '0')}`, i));
    expect(auditsToDrop(many, undefined, NOW)).toEqual(['r10', 'r11']);
  });
});

describe('the Settings form: audits kept', () => {
  const base = toFormValues(DEFAULT_SETTINGS);
  it('defaults to 10 audits for 365 days, and a stored setting without it shows the defaults', () => {
    expect(base).toMatchObject({ auditsKept: '10', auditDays: '365' });
    const { audits: _none, ...older } = DEFAULT_SETTINGS;
    expect(toFormValues(older)).toMatchObject({ auditsKept: '10', auditDays: '365' });
  });

  it.each([
    ['auditsKept', '2', true],
    ['auditsKept', '100', true],
    ['auditsKept', '1', false],
    ['auditsKept', '101', false],
    ['auditsKept', '2.5', false],
    ['auditDays', '1', true],
    ['auditDays', '3650', true],
    ['auditDays', '0', false],
    ['auditDays', '3651', false],
    ['auditDays', '', false],
  ] as const)('%s = %j accepted: %s', (field, value, ok) => {
    const result = parseSettingsForm({ ...base, [field]: value });
    if (ok) {
      const key = field === 'auditsKept' ? 'keep' : 'maxAgeDays';
      expect(result.settings?.audits?.[key]).toBe(Number(value));
    } else expect(Object.keys(result.errors)).toEqual([field]);
  });
});
