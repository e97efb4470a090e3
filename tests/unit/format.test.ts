import { describe, expect, it } from 'vitest';
import { formatCountdown, formatDate, formatIso, formatRelative, formatStamp } from '../../utils/format';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('formatRelative', () => {
  it.each([
    [undefined, 'never'],
    [NOW - 2_000, 'just now'],
    [NOW - 5 * 60_000, '5 minutes ago'],
    [NOW - 3 * 3600_000, '3 hours ago'],
    [NOW - 24 * 3600_000, 'yesterday'],
    [NOW - 3 * 24 * 3600_000, '3 days ago'],
    [NOW - 400 * 24 * 3600_000, 'last year'],
    // 18 months: whole years passed, never rounded up to "2 years ago".
    [NOW - 548 * 24 * 3600_000, 'last year'],
    [NOW - 800 * 24 * 3600_000, '2 years ago'],
    [NOW + 10 * 60_000, 'in 10 minutes'],
  ])('%s → %s', (time, expected) => {
    expect(formatRelative(time, NOW)).toBe(expected);
  });
});

describe('formatCountdown', () => {
  it.each([
    [0, 'expired'],
    [-5, 'expired'],
    [59_000, '0:59'],
    [54 * 60_000 + 3_000, '54:03'],
    [3600_000 + 2 * 60_000, '1 h 02 min'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatCountdown(ms)).toBe(expected);
  });
});

describe('formatDate', () => {
  it('shows a dash for a missing date', () => {
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate(NOW)).toMatch(/2026/);
  });
});

describe('formatStamp', () => {
  it('gives the exact date and time to the minute with the time zone, in UTC and elsewhere', () => {
    const t = Date.UTC(2026, 2, 12, 20, 21, 30);
    const utc = new Intl.DateTimeFormat('en', { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' }).format(t);
    expect(formatStamp(t)).toContain('Mar 1');
    expect(formatStamp(t)).toMatch(/2026, \d{1,2}:\d{2} [AP]M \S+$/);
    expect(utc).toBe('8:21 PM');
  });
  it.each([
    [undefined, 'Never'],
    [Number.NaN, 'Never'],
    [9e15, 'not a valid time'],
  ])('%s → %s', (t, text) => {
    expect(formatStamp(t)).toBe(text);
  });
});

describe('formatIso', () => {
  it.each([
    [Date.UTC(2026, 2, 12, 20, 21, 30), '2026-03-12T20:21:30.000Z'],
    [9e15, undefined],
    [Number.POSITIVE_INFINITY, undefined],
  ])('%s → %s', (t, iso) => {
    expect(formatIso(t)).toBe(iso);
  });
});
