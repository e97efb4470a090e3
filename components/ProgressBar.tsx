/** Props of {@link ProgressBar}. */
export interface ProgressBarProps {
  /** Accessible name, e.g. "Forgetting devices". */
  label: string;
  value: number;
  max: number;
  /** A line under the bar: counts, rate, time left. */
  detail?: string;
}

/** A labelled progress bar (native <progress>, so assistive tech reads value and max). */
export function ProgressBar({ label, value, max, detail }: ProgressBarProps) {
  return (
    <div class="progress">
      <div class="progress-head">
        <span id={`progress-${label.replace(/\W+/g, '-')}`}>{label}</span>
        <span class="muted">
          {value} / {max}
        </span>
      </div>
      <progress aria-labelledby={`progress-${label.replace(/\W+/g, '-')}`} value={value} max={Math.max(max, 1)} />
      {detail ? <div class="muted small">{detail}</div> : null}
    </div>
  );
}
