/** Watch's pure rules: its state, the badge, notification words, and the Review view's grouping. */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../utils/history/types';
import { NO_WATCH } from '../../../utils/storage-watch';
import { findingsVersion, findingWords, groupFindings, reviewTarget } from '../../../utils/watch/review';
import {
  afterCheck,
  agoWords,
  badgeText,
  findingNotification,
  markSeen,
  markStopShown,
  plainName,
  setWatching,
  stopWatching,
  watchedSessions,
} from '../../../utils/watch/state';

const NOW = Date.UTC(2026, 11, 3, 12);

describe('watch state', () => {
  it('turns on, stops with a reason said once, and counts unseen findings', () => {
    let s = setWatching(NO_WATCH, 'a', true, NOW);
    s = setWatching(s, 'b', true, NOW);
    expect(watchedSessions(s)).toEqual(['a', 'b']);
    s = afterCheck(s, 'a', NOW + 1, { found: 3 });
    expect(s.unseen).toBe(3);
    s = afterCheck(s, 'a', NOW + 2, { error: 'ERR_NETWORK' });
    expect(s.sessions.a).toMatchObject({ on: true, lastRunAt: NOW + 1, lastError: 'ERR_NETWORK' });
    s = stopWatching(s, 'b', 'ERR_SESSION_EXPIRED', NOW + 3);
    expect(watchedSessions(s)).toEqual(['a']);
    expect(s.sessions.b?.stopped).toEqual({ code: 'ERR_SESSION_EXPIRED', at: NOW + 3, shown: false });
    expect(markStopShown(s, 'b').sessions.b?.stopped?.shown).toBe(true);
    // A check of a stopped session changes nothing; turning it on again clears the stop.
    expect(afterCheck(s, 'b', NOW + 4, { found: 9 })).toBe(s);
    expect(setWatching(s, 'b', true, NOW + 5).sessions.b).toEqual({ on: true, since: NOW + 5 });
    expect(setWatching(s, 'a', false, NOW).sessions.a).toBeUndefined();
  });

  it('counts only what it is told to; seen findings are subtracted, never below zero', () => {
    let s = setWatching(NO_WATCH, 'a', true, NOW);
    // The first check: three findings recorded, none counted.
    s = afterCheck(s, 'a', NOW + 1, { found: 3, counted: 0 });
    expect([s.unseen, s.sessions.a?.lastFound]).toEqual([0, 3]);
    s = afterCheck(s, 'a', NOW + 2, { found: 2 });
    expect(s.unseen).toBe(2);
    expect(markSeen(s, 1).unseen).toBe(1);
    expect(markSeen(s, 9).unseen).toBe(0);
    expect(markSeen(s, 0)).toBe(s);
  });

  it('gives the Review view a new version only when a check found something or the watched set changed', () => {
    let s = setWatching(NO_WATCH, 'a', true, NOW);
    const v0 = findingsVersion(s);
    s = afterCheck(s, 'a', NOW + 1, { found: 0 });
    expect(findingsVersion(s)).toBe(v0);
    s = afterCheck(s, 'a', NOW + 2, { error: 'ERR_NETWORK' });
    expect(findingsVersion(s)).toBe(v0);
    const found = afterCheck(s, 'a', NOW + 3, { found: 1, counted: 0 });
    expect(findingsVersion(found)).not.toBe(v0);
    expect(findingsVersion(setWatching(s, 'b', true, NOW))).not.toBe(v0);
  });

  it.each([
    [0, ''],
    [1, '1'],
    [99, '99'],
    [100, '99+'],
  ])('badge for %i unseen reads %j', (n, text) => expect(badgeText(n)).toBe(text));

  it.each([
    [0, 'just now'],
    [60_000, '1 minute ago'],
    [120_000, '2 minutes ago'],
    [3 * 3_600_000, '3 hours ago'],
    [4 * 86_400_000, '4 days ago'],
  ])('%i ms ago reads %j', (ago, words) => expect(agoWords(NOW - ago, NOW)).toBe(words));

  it('words a notification in plain text; an untrusted name shows its controls as markers and is cut', () => {
    const finding = { kind: 'newDevice' as const, deviceKey: 'us-east-1_abcdef12', at: NOW - 120_000 };
    expect(findingNotification({ ...finding, deviceName: 'Pixel 9', ip: '203.0.113.7' }, 'carol', NOW)).toEqual({
      title: 'New device signed in to carol’s account',
      message: 'Pixel 9 — 203.0.113.7, 2 minutes ago',
    });
    expect(findingNotification({ ...finding, kind: 'gone' }, 'carol', NOW)).toEqual({
      title: 'Device removed elsewhere from carol’s account',
      message: 'device …abcdef12',
    });
    expect(plainName('evil\u202Egnp.exe', 'k')).toBe('evil⟨U+202E⟩gnp.exe');
    expect(plainName('x'.repeat(80), 'k')).toBe(`${'x'.repeat(60)}…`);
  });
});

const entry = (id: number, username: string, action: HistoryEntry['action'], time: number): HistoryEntry =>
  ({
    id,
    time,
    action,
    mode: 'user',
    outcome: 'ok',
    actor: { pool: 'us-east-1_Demo1', username },
    actorKey: `us-east-1_Demo1|${username}`,
    target: { deviceKey: `us-east-1_d${id}` },
    watch: { at: time, ip: '203.0.113.7' },
  }) as HistoryEntry;

describe('Review devices', () => {
  const session = (id: string, username: string, state: 'active' | 'expired' = 'active') => ({
    id,
    username,
    poolId: 'us-east-1_Demo1',
    status: { state },
    claims: { poolId: 'us-east-1_Demo1' },
  });

  it('groups findings by account, newest first, each with an active session of that account', () => {
    const groups = groupFindings(
      [
        entry(1, 'alice', 'watch.newDevice', 10),
        entry(2, 'bob', 'watch.newIp', 30),
        entry(3, 'alice', 'watch.gone', 20),
        entry(4, 'alice', 'device.forget', 40),
      ],
      [session('s-old', 'alice', 'expired'), session('s-bob', 'bob'), session('s-alice', 'alice')],
    );
    expect(groups.map((g) => [g.username, g.sessionId, g.findings.map((f) => f.id)])).toEqual([
      ['bob', 's-bob', [2]],
      ['alice', 's-alice', [3, 1]],
    ]);
    expect(groupFindings([entry(1, 'carol', 'watch.newDevice', 1)], [])[0]?.sessionId).toBeUndefined();
  });

  it('reads a notification’s target from the hash', () => {
    expect(reviewTarget('#review?session=s1&device=us-east-1_x')).toEqual({
      sessionId: 's1',
      deviceKey: 'us-east-1_x',
    });
    expect(reviewTarget('#review')).toBeUndefined();
    expect(reviewTarget('#history?device=x')).toBeUndefined();
  });

  it('says what each finding means', () => {
    expect(findingWords(entry(1, 'a', 'watch.newDevice', 1))).toBe(
      'A device this extension had never seen signed in, from 203.0.113.7.',
    );
    expect(findingWords(entry(1, 'a', 'watch.newIp', 1))).toBe('Signed in from 203.0.113.7, new for this account.');
  });
});
