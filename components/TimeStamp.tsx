import { formatExact, formatIso, formatRelative, formatStamp } from '../utils/format';

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
      <time dateTime={formatIso(time)} title={formatExact(time)}>
        {formatStamp(time)}
      </time>
      <span class="muted time-relative">{formatRelative(time, now)}</span>
    </span>
  );
}
