import { describe, expect, it } from 'vitest';
import { barScale, lastDays } from '../../utils/activity';

describe('lastDays', () => {
  it('covers the last N local days, oldest first, back to back, ending tomorrow at midnight', () => {
    const now = new Date(2026, 10, 26, 15, 30).getTime();
    const days = lastDays(now, 14);
    expect(days).toHaveLength(14);
    expect(days.at(-1)?.start).toBe(new Date(2026, 10, 26).getTime());
    expect(days.at(-1)?.end).toBe(new Date(2026, 10, 27).getTime());
    expect(days[0]?.start).toBe(new Date(2026, 10, 13).getTime());
    for (let i = 1; i < days.length; i++) expect(days[i]?.start).toBe(days[i - 1]?.end);
    expect(days.at(-1)?.label).toBe('26 Nov');
  });
});

describe('barScale', () => {
  it.each([
    [
      [0, 0],
      [0, 0],
    ],
    [
      [1, 2, 4],
      [0.25, 0.5, 1],
    ],
    [[], []],
  ])('%j → %j', (values, expected) => {
    expect(barScale(values)).toEqual(expected);
  });
});
