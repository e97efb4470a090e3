import { barScale } from '../utils/activity';

/** One bar of the chart. */
export interface ActivityBar {
  label: string;
  ok: number;
  failed: number;
}

/** Props of {@link ActivityChart}. */
export interface ActivityChartProps {
  bars: readonly ActivityBar[];
  title: string;
}

const HEIGHT = 80;

/**
 * A small stacked bar chart of actions per day (successes and failures), as
 * SVG with a text alternative: a screen reader gets the same numbers as a list.
 */
export function ActivityChart({ bars, title }: ActivityChartProps) {
  const scale = barScale(bars.map((b) => b.ok + b.failed));
  const width = bars.length * 22;
  const total = bars.reduce((sum, b) => sum + b.ok + b.failed, 0);
  return (
    <figure class="activity-chart">
      <figcaption>
        {title} <span class="muted">({total} in all)</span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${HEIGHT + 16}`} width={width} height={HEIGHT + 16} aria-hidden="true">
        {bars.map((b, i) => {
          const h = Math.round((scale[i] ?? 0) * HEIGHT);
          const failedH = b.ok + b.failed === 0 ? 0 : Math.round((h * b.failed) / (b.ok + b.failed));
          const x = i * 22 + 3;
          return (
            <g key={b.label}>
              <rect x={x} y={HEIGHT - h} width={16} height={h - failedH} class="bar-ok" rx={2} />
              <rect x={x} y={HEIGHT - failedH} width={16} height={failedH} class="bar-failed" rx={2} />
              {i % 2 === (bars.length - 1) % 2 ? (
                <text x={x + 8} y={HEIGHT + 12} text-anchor="middle" class="bar-label">
                  {b.label.split(' ')[0]}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <ul class="visually-hidden">
        {bars.map((b) => (
          <li key={b.label}>
            {b.label}: {b.ok} succeeded, {b.failed} failed
          </li>
        ))}
      </ul>
    </figure>
  );
}
