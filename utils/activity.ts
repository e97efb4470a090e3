/**
 * Day buckets for the History page's "actions over time" chart. Pure: the
 * counts come from the history store (one indexed count per bucket).
 */

/** One day of the chart. */
export interface DayBucket {
  /** Start of the local day, epoch ms. */
  start: number;
  /** Start of the next day, epoch ms (exclusive). */
  end: number;
  /** Short label, e.g. "26 Nov" (day first, so the chart can show the day alone). */
  label: string;
}

/** The last `days` local days up to and including today, oldest first. */
export function lastDays(now: number, days: number): DayBucket[] {
  const today = new Date(now);
  today.setHours(0, 0, 0, 0);
  const buckets: DayBucket[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const start = new Date(today);
    start.setDate(today.getDate() - i);
    const end = new Date(start);
    end.setDate(start.getDate() + 1);
    buckets.push({
      start: start.getTime(),
      end: end.getTime(),
      label: start.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' }),
    });
  }
  return buckets;
}

/** The height of each bar as a fraction of the tallest (0 when all are 0). */
export function barScale(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 ? 0 : v / max));
}
