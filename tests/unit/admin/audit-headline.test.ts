import { describe, expect, it } from 'vitest';
import { auditHeadline, isRemediationRule } from '../../../utils/admin/audit-headline';
import type { AuditReport } from '../../../utils/admin/report';

type Counts = Pick<AuditReport, 'users' | 'devices' | 'stale' | 'staleDays' | 'neverAuthenticated' | 'notRemembered'>;
const report = (counts: Partial<Counts>): Counts => ({
  users: 5,
  devices: 15,
  stale: 0,
  staleDays: 90,
  neverAuthenticated: 0,
  notRemembered: 0,
  ...counts,
});

describe('auditHeadline', () => {
  it.each([
    [{ stale: 15 }, '15 devices idle for over 90 days — review and forget', 'stale', []],
    [{ stale: 1, staleDays: 30 }, '1 device idle for over 30 days — review and forget', 'stale', []],
    [
      { stale: 4, neverAuthenticated: 2, notRemembered: 1 },
      '4 devices idle for over 90 days — review and forget',
      'stale',
      ['neverAuthenticated', 'notRemembered'],
    ],
    [{ neverAuthenticated: 3 }, '3 devices never used to sign in — review and forget', 'neverAuthenticated', []],
    [
      { notRemembered: 2 },
      '2 devices not remembered but still tracked by Cognito — review and forget',
      'notRemembered',
      [],
    ],
  ] as const)('%j leads with "%s"', (counts, text, rule, also) => {
    const headline = auditHeadline(report(counts));
    expect(headline.lead?.text).toBe(text);
    expect(headline.lead?.rule).toBe(rule);
    expect(headline.also.map((f) => f.rule)).toEqual(also);
    expect(headline.nothing).toBeUndefined();
  });

  it.each([
    [
      {},
      'Nothing needs action: no device is idle for over 90 days, never used to sign in, or not remembered (15 devices, 5 users).',
    ],
    [
      { devices: 1, users: 1 },
      'Nothing needs action: no device is idle for over 90 days, never used to sign in, or not remembered (1 device, 1 user).',
    ],
    [{ devices: 0, users: 3 }, 'Nothing needs action: the audit found no devices (3 users).'],
    [{ devices: 0, users: 1 }, 'Nothing needs action: the audit found no devices (1 user).'],
  ])('%j says "%s"', (counts, nothing) => {
    const headline = auditHeadline(report(counts));
    expect(headline.lead).toBeUndefined();
    expect(headline.also).toEqual([]);
    expect(headline.nothing).toBe(nothing);
  });

  it.each([
    ['stale', true],
    ['neverAuthenticated', true],
    ['notRemembered', true],
    ['ip', true],
    ['all', false],
    ['remembered', false],
  ] as const)('%s is a remediation rule: %s', (category, rule) => {
    expect(isRemediationRule(category)).toBe(rule);
  });
});
