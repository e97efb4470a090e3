import type { ComponentChildren } from 'preact';
import { formatExact, formatIso, formatRelative, formatStamp } from '../utils/format';

/** Props of {@link ExactTime}. */
export interface ExactTimeProps {
  /** Epoch ms. */
  time: number;
  /** The tooltip; the time to the second by default. */
  title?: string;
  /** The text; the exact stamp (date, time, time zone) by default. */
  children?: ComponentChildren;
}

/** One exact time as a `<time>` element: the stamp in the text, the ISO time for machines, seconds in the title. */
export function ExactTime({ time, title, children }: ExactTimeProps) {
  return (
    <time dateTime={formatIso(time)} title={title ?? formatExact(time)}>
      {children ?? formatStamp(time)}
    </time>
  );
}

/** Props of {@link TimeStamp}. */
export interface TimeStampProps {
  /** Epoch ms; undefined reads `missing`. */
  time: number | undefined;
  now: number;
  /** What an unknown time reads (e.g. "never", "not listed"). */
  missing?: string;
}

/**
 * A time an auditor can trust at a glance: the exact date and time with its
 * time zone first, in the text (keyboard and touch read it too), and how long
 * ago as a muted second line. Seconds are in the `<time>` element's title.
 */
export function TimeStamp({ time, now, missing = 'never' }: TimeStampProps) {
  if (time === undefined || Number.isNaN(time)) return <span class="muted">{missing}</span>;
  return (
    <span class="timestamp">
      <ExactTime time={time} />
      <span class="muted time-relative">{formatRelative(time, now)}</span>
    </span>
  );
}
