/**
 * The audit comparison rules, table-driven: each case is two audits' device
 * sets and the one kind of change (with its rows) they must give. Times come
 * from a fixed fake clock; the comparison itself reads no clock.
 */
import { describe, expect, it } from 'vitest';
import {
  COMPARE_KINDS,
  type CompareKind,
  compareAudits,
  pageComparison,
  suggestedTargets,
} from '../../../utils/admin/audit-compare';
import type { AuditDevice, AuditUserResult } from '../../../utils/history/audit-types';

const NOW = Date.UTC(2026, 5, 1);
const DAY = 24 * 3600 * 1000;
const dev = (key: string, extra: Partial<AuditDevice> = {}): AuditDevice => ({
  key,
  name: `name-${key}`,
  remembered: true,
  lastIp: '198.51.100.1',
  createdAt: NOW - 30 * DAY,
  lastAuthenticatedAt: NOW - DAY,
  ...extra,
});
const user = (username: string, devices: AuditDevice[], runId = 'r'): AuditUserResult => ({ runId, username, devices });

type Case = [string, AuditUserResult[], AuditUserResult[], Partial<Record<CompareKind, string[]>>];
const cases: Case[] = [
  ['nothing changed', [user('a', [dev('k1'), dev('k2')])], [user('a', [dev('k1'), dev('k2')])], {}],
  ['a new key', [user('a', [dev('k1')])], [user('a', [dev('k1'), dev('k2')])], { added: ['a/k2'] }],
  ['a new user with a device', [], [user('b', [dev('k9')])], { added: ['b/k9'] }],
  ['a device gone', [user('a', [dev('k1'), dev('k2')])], [user('a', [dev('k1')])], { removed: ['a/k2'] }],
  [
    'a user gone with its devices',
    [user('a', [dev('k1')]), user('b', [dev('k2')])],
    [user('a', [dev('k1')])],
    { removed: ['b/k2'] },
  ],
  [
    'newly not remembered',
    [user('a', [dev('k1')])],
    [user('a', [dev('k1', { remembered: false })])],
    { notRemembered: ['a/k1'] },
  ],
  [
    'newly remembered',
    [user('a', [dev('k1', { remembered: false })])],
    [user('a', [dev('k1')])],
    { remembered: ['a/k1'] },
  ],
  [
    'changed last IP',
    [user('a', [dev('k1')])],
    [user('a', [dev('k1', { lastIp: '203.0.113.7' })])],
    { ipChanged: ['a/k1'] },
  ],
  ['renamed only: no change', [user('a', [dev('k1')])], [user('a', [dev('k1', { name: 'Renamed' })])], {}],
  [
    'newer sign-in only: no change',
    [user('a', [dev('k1')])],
    [user('a', [dev('k1', { lastAuthenticatedAt: NOW })])],
    {},
  ],
  [
    'IP lost from the listing: no change',
    [user('a', [dev('k1')])],
    [user('a', [dev('k1', { lastIp: undefined })])],
    {},
  ],
  [
    'a key moved between users counts as removed and added',
    [user('a', [dev('k1')]), user('b', [])],
    [user('a', []), user('b', [dev('k1')])],
    { added: ['b/k1'], removed: ['a/k1'] },
  ],
];

describe('compareAudits', () => {
  it.each(cases)('%s', (_name, before, after, expected) => {
    const comparison = compareAudits(before, after);
    for (const kind of COMPARE_KINDS) {
      expect(
        comparison.rows[kind].map((r) => `${r.username}/${r.key}`),
        kind,
      ).toEqual(expected[kind] ?? []);
    }
  });

  it('keeps the facts of the newer audit, the older IP beside the new one, and the older facts of a removed device', () => {
    const comparison = compareAudits(
      [user('a', [dev('k1'), dev('k2', { lastIp: '192.0.2.2' })])],
      [user('a', [dev('k1', { lastIp: '203.0.113.7', lastAuthenticatedAt: NOW })])],
    );
    expect(comparison.rows.ipChanged).toEqual([
      {
        username: 'a',
        key: 'k1',
        name: 'name-k1',
        remembered: true,
        lastIp: '203.0.113.7',
        previousIp: '198.51.100.1',
        createdAt: NOW - 30 * DAY,
        lastAuthenticatedAt: NOW,
      },
    ]);
    expect(comparison.rows.removed[0]).toMatchObject({ key: 'k2', lastIp: '192.0.2.2' });
  });

  it('ranks the users whose device count grew the most, ties by username; shrinking users are not listed', () => {
    const comparison = compareAudits(
      [user('a', [dev('a1')]), user('b', [dev('b1')]), user('c', [dev('c1'), dev('c2')])],
      [
        user('a', [dev('a1'), dev('a2'), dev('a3')]),
        user('b', [dev('b1'), dev('b2')]),
        user('c', [dev('c1')]),
        user('d', [dev('d1'), dev('d2')]),
      ],
    );
    expect(comparison.growth).toEqual([
      { username: 'a', before: 1, after: 3 },
      { username: 'd', before: 0, after: 2 },
      { username: 'b', before: 1, after: 2 },
    ]);
  });

  it('does not depend on the order results arrive in (rows sorted by user then key)', () => {
    const before = [user('b', [dev('b1')]), user('a', [dev('a1')])];
    const after = [user('b', [dev('b3'), dev('b2')]), user('a', [dev('a2')])];
    const one = compareAudits(before, after);
    const two = compareAudits([...before].reverse(), [...after].reverse());
    expect(two).toEqual(one);
    expect(one.rows.added.map((r) => r.key)).toEqual(['a2', 'b2', 'b3']);
  });
});

describe('pageComparison', () => {
  const many = compareAudits(
    [],
    [
      user(
        'a',
        Array.from({ length: 25 }, (_, i) => dev(`k${String(i).padStart(2, '0')}`)),
      ),
    ],
  );

  it('gives every count and one page of the kind asked for', () => {
    const page = pageComparison(many, { kind: 'added', offset: 20, limit: 10, top: 5 });
    expect(page.counts).toEqual({ added: 25, removed: 0, remembered: 0, notRemembered: 0, ipChanged: 0 });
    expect(page.rows.map((r) => r.key)).toEqual(['k20', 'k21', 'k22', 'k23', 'k24']);
    expect(page.growth).toEqual([{ username: 'a', before: 0, after: 25 }]);
  });

  it('refuses an unknown kind with ERR_INVALID_INPUT', () => {
    expect(() => pageComparison(many, { kind: 'renamed' as CompareKind, offset: 0, limit: 1, top: 1 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_INPUT' }),
    );
  });
});

describe('suggestedTargets', () => {
  it('narrows the added devices to those that never authenticated', () => {
    const comparison = compareAudits(
      [user('a', [])],
      [user('a', [dev('k1', { lastAuthenticatedAt: undefined }), dev('k2')])],
    );
    expect(suggestedTargets(comparison, 'added', { neverAuthenticated: true }).map((r) => r.key)).toEqual(['k1']);
    expect(suggestedTargets(comparison, 'added').map((r) => r.key)).toEqual(['k1', 'k2']);
  });
});
