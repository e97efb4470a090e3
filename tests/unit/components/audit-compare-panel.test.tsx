/**
 * The Audits-compared panel and its reducer: the last two kept audits picked
 * by default, a pick kept while still kept, one page asked for at a time, the
 * counts on the kind tabs, device names drawn as untrusted text.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditComparePanel } from '../../../entrypoints/options/admin/AuditComparePanel';
import {
  auditLabels,
  compareReducer,
  compareRequest,
  INITIAL_COMPARE,
  pageIsCurrent,
  pickedInOrder,
} from '../../../entrypoints/options/admin/compare-store';
import type { ComparisonPage } from '../../../utils/admin/audit-compare';
import type { KeptAuditTotals } from '../../../utils/admin/messages';
import { answerMessages } from './fake-runtime';

const NOW = Date.UTC(2026, 11, 1);
const kept = (id: string, day: number): KeptAuditTotals => ({
  id,
  poolId: 'us-east-1_Demo1',
  startedAt: NOW - day * 86_400_000,
  users: 3,
  devices: 5,
  stale: 1,
});
const AUDITS = [kept('c', 1), kept('b', 2), kept('a', 3)];

describe('compareReducer', () => {
  it('labels audits of the same minute apart, and knows when the pick reads backwards', () => {
    const sameMinute = [
      { ...kept('late', 0), startedAt: NOW + 20_000 },
      { ...kept('early', 0), startedAt: NOW + 5_000 },
      kept('day-before', 1),
    ];
    const labels = auditLabels(sameMinute);
    expect(new Set(labels.values()).size).toBe(3);
    expect(labels.get('early')).toMatch(/\(1 of 2 that minute\) — 3 users, 5 devices$/);
    expect(labels.get('late')).toMatch(/\(2 of 2 that minute\)/);
    expect(labels.get('day-before')).not.toMatch(/that minute/);
    const s = compareReducer(INITIAL_COMPARE, { type: 'kept', audits: AUDITS });
    expect(pickedInOrder(s)).toBe(true);
    expect(pickedInOrder(compareReducer(s, { type: 'pick', from: 'c', to: 'b' }))).toBe(false);
    expect(pickedInOrder(compareReducer(s, { type: 'pick', from: 'c', to: 'c' }))).toBe(false);
  });

  it('picks the last two kept audits, keeps a pick still kept, and resets the page on a new pick', () => {
    let s = compareReducer(INITIAL_COMPARE, { type: 'kept', audits: AUDITS });
    expect([s.from, s.to]).toEqual(['b', 'c']);
    s = compareReducer({ ...s, offset: 50 }, { type: 'pick', from: 'a' });
    expect([s.from, s.to, s.offset]).toEqual(['a', 'c', 0]);
    s = compareReducer(s, { type: 'kept', audits: [kept('d', 0), ...AUDITS] });
    expect([s.from, s.to]).toEqual(['a', 'c']);
    s = compareReducer(s, { type: 'kept', audits: [kept('d', 0), kept('c', 1)] });
    expect([s.from, s.to]).toEqual(['c', 'c']);
  });

  it('follows the last two kept audits until the person picks: a first audit alone does not stay the newer one', () => {
    let s = compareReducer(INITIAL_COMPARE, { type: 'kept', audits: [kept('a', 3)] });
    expect([s.from, s.to]).toEqual([undefined, 'a']);
    s = compareReducer(s, { type: 'kept', audits: [kept('b', 2), kept('a', 3)] });
    expect([s.from, s.to]).toEqual(['a', 'b']);
    s = compareReducer(s, { type: 'kept', audits: [kept('c', 1), kept('b', 2), kept('a', 3)] });
    expect([s.from, s.to]).toEqual(['b', 'c']);
  });

  it('asks for nothing until two audits are picked, then for one page of the kind', () => {
    expect(compareRequest(INITIAL_COMPARE)).toBeUndefined();
    expect(compareRequest(compareReducer(INITIAL_COMPARE, { type: 'kept', audits: [kept('a', 1)] }))).toBeUndefined();
    let s = compareReducer(INITIAL_COMPARE, { type: 'kept', audits: AUDITS });
    s = compareReducer(compareReducer(s, { type: 'kind', kind: 'removed' }), { type: 'offset', offset: 50 });
    expect(compareRequest(s)).toMatchObject({ fromRunId: 'b', toRunId: 'c', kind: 'removed', offset: 50, limit: 50 });
    expect(compareReducer(s, { type: 'offset', offset: -50 }).offset).toBe(0);
  });

  it('keeps a page only for the request it answered: a slow answer overtaken by a click is dropped', () => {
    const answer = (kind: ComparisonPage['kind']): ComparisonPage => ({
      counts: { added: 1, removed: 1, remembered: 0, notRemembered: 0, ipChanged: 0 },
      growth: [],
      kind,
      offset: 0,
      rows: [],
    });
    let s = compareReducer(INITIAL_COMPARE, { type: 'kept', audits: AUDITS });
    const askedForAdded = compareRequest(s);
    if (!askedForAdded) throw new Error('two audits are picked');
    s = compareReducer(s, { type: 'kind', kind: 'removed' });
    const askedForRemoved = compareRequest(s);
    if (!askedForRemoved) throw new Error('two audits are picked');
    s = compareReducer(s, { type: 'page', page: answer('removed'), request: askedForRemoved });
    expect(pageIsCurrent(s)).toBe(true);
    const late = compareReducer(s, { type: 'page', page: answer('added'), request: askedForAdded });
    expect(late).toBe(s);
    // A kind just picked, its page not here yet: the state says the page shown is not current.
    expect(pageIsCurrent(compareReducer(s, { type: 'kind', kind: 'added' }))).toBe(false);
  });
});

describe('AuditComparePanel', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the counts per kind and the page of rows, names as untrusted text', async () => {
    const page = (kind: ComparisonPage['kind']): ComparisonPage => ({
      counts: { added: 1, removed: 2, remembered: 0, notRemembered: 0, ipChanged: 0 },
      growth: [{ username: 'bob', before: 2, after: 3 }],
      kind,
      offset: 0,
      rows:
        kind === 'added'
          ? [{ username: 'bob', key: 'us-east-1_new', name: '<img src=x onerror=alert(1)>', remembered: false }]
          : [
              { username: 'alice', key: 'us-east-1_r1', remembered: true, lastIp: '192.0.2.1' },
              { username: 'alice', key: 'us-east-1_r2', remembered: true, lastAuthenticatedAt: NOW },
            ],
    });
    const asked: unknown[] = [];
    answerMessages(async (type, message) => {
      asked.push(message);
      if (type === 'admin.audit.kept') return { ok: true, value: { audits: AUDITS } };
      const m = message as { kind: ComparisonPage['kind'] };
      return { ok: true, value: { ...page(m.kind), from: AUDITS[1], to: AUDITS[0] } };
    });
    const { container } = render(<AuditComparePanel connected />);
    await screen.findByRole('tab', { name: 'Devices added (1)' });
    expect(screen.getByRole('table', { name: 'Devices added: 1' }).textContent).toContain('us-east-1_new');
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Devices removed (2)' }));
    await waitFor(() => expect(screen.getByRole('table', { name: 'Devices removed: 2' })).toBeTruthy());
    expect(screen.getAllByRole('row').length).toBeGreaterThan(2);
    expect(asked.filter((m) => (m as { type: string }).type === 'admin.audit.compare')).toMatchObject([
      { fromRunId: 'b', toRunId: 'c', kind: 'added', offset: 0 },
      { fromRunId: 'b', toRunId: 'c', kind: 'removed', offset: 0 },
    ]);
  });
});
