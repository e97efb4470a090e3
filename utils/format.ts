/**
 * Pure formatting of times for people: the exact date and time with its time
 * zone first ("Mar 12, 2026, 8:21 PM UTC"), relative ("3 days ago") as a
 * second reading. `now` is passed in so tests and countdowns agree.
 */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

// Formatters are built once: building one per call costs more than the formatting itself.
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const exact = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });
const short = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric' });
const stamp = new Intl.DateTimeFormat('en', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** The largest epoch ms a Date can hold (±100,000,000 days); Intl throws "Invalid time value" beyond it. */
const MAX_DATE_MS = 8.64e15;
/** What a time no date can show is rendered as: formatting never throws. */
export const INVALID_TIME = 'not a valid time';

function showable(timeMs: number): boolean {
  return Number.isFinite(timeMs) && Math.abs(timeMs) <= MAX_DATE_MS;
}

/** "3 days ago", "in 5 minutes", "now". Undefined time → "never". */
export function formatRelative(timeMs: number | undefined, nowMs: number): string {
  if (timeMs === undefined || Number.isNaN(timeMs)) return 'never';
  if (!showable(timeMs) || !showable(nowMs)) return INVALID_TIME;
  const diff = timeMs - nowMs;
  const abs = Math.abs(diff);
  if (abs < 10_000) return 'just now';
  for (const [unit, size] of UNITS) {
    // Whole units passed, never rounded up: a sign-in 18 months ago is "last year", not "2 years ago".
    if (abs >= size || unit === 'second') return relative.format(Math.trunc(diff / size), unit);
  }
  return 'just now';
}

/** The exact local date and time, e.g. for a title tooltip. */
export function formatExact(timeMs: number | undefined): string {
  if (timeMs === undefined || Number.isNaN(timeMs)) return 'Never';
  return showable(timeMs) ? exact.format(timeMs) : INVALID_TIME;
}

/** The exact local date and time with its time zone, to the minute: "Mar 12, 2026, 8:21 PM UTC". */
export function formatStamp(timeMs: number | undefined): string {
  if (timeMs === undefined || Number.isNaN(timeMs)) return 'Never';
  return showable(timeMs) ? stamp.format(timeMs) : INVALID_TIME;
}

/** The ISO 8601 form of a time (for `<time dateTime>`); undefined for a time no date can hold. */
export function formatIso(timeMs: number): string | undefined {
  return showable(timeMs) ? new Date(timeMs).toISOString() : undefined;
}

/** A short date: "12 Mar 2026". */
export function formatDate(timeMs: number | undefined): string {
  if (timeMs === undefined || Number.isNaN(timeMs)) return '—';
  return showable(timeMs) ? short.format(timeMs) : INVALID_TIME;
}

/** A countdown such as "54:03" or "1 h 02 min"; "expired" at or below zero. */
export function formatCountdown(msLeft: number): string {
  if (Number.isNaN(msLeft)) return INVALID_TIME;
  if (msLeft <= 0) return 'expired';
  if (!showable(msLeft)) return INVALID_TIME;
  const total = Math.floor(msLeft / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m}:${String(s).padStart(2, '0')}`;
}
