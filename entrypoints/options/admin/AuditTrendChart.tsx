import { barScale } from '../../../utils/activity';
import type { KeptAuditTotals } from '../../../utils/admin/messages';
import { KEPT_STALE_DAYS } from '../../../utils/admin/report';
import { formatDate, formatStamp } from '../../../utils/format';

/** Props of {@link AuditTrendChart}. */
export interface AuditTrendChartProps {
  /** The kept audits, newest first (as `admin.audit.kept` answers). */
  readonly audits: readonly KeptAuditTotals[];
}

const HEIGHT = 80;
const STEP = 30;

/**
 * Devices and idle devices per kept audit over time, oldest on the left: one
 * bar per audit (its idle part drawn apart), as SVG hidden from assistive
 * technology, with the same numbers in a visually hidden table.
 */
export function AuditTrendChart({ audits }: AuditTrendChartProps) {
  const bars = [...audits].reverse();
  const scale = barScale(bars.map((a) => a.devices));
  const width = bars.length * STEP;
  const idle = `Idle over ${KEPT_STALE_DAYS} days`;
  return (
    <figure class="activity-chart">
      <figcaption>
        Devices per audit <span class="muted">(red: idle for over {KEPT_STALE_DAYS} days when it ran)</span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${HEIGHT + 16}`} width={width} height={HEIGHT + 16} aria-hidden="true">
        {bars.map((a, i) => {
          const h = Math.round((scale[i] ?? 0) * HEIGHT);
          const staleH = a.devices === 0 ? 0 : Math.round((h * Math.min(a.stale, a.devices)) / a.devices);
          const x = i * STEP + 5;
          return (
            <g key={a.id} class="trend-bar" data-devices={a.devices} data-stale={a.stale}>
              <rect x={x} y={HEIGHT - h} width={20} height={h - staleH} class="bar-ok" rx={2} />
              <rect x={x} y={HEIGHT - staleH} width={20} height={staleH} class="bar-failed" rx={2} />
              <text x={x + 10} y={HEIGHT + 12} text-anchor="middle" class="bar-label">
                {formatDate(a.startedAt).split(',')[0]}
              </text>
            </g>
          );
        })}
      </svg>
      <table class="visually-hidden">
        <caption>Devices per kept audit, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Audit</th>
            <th scope="col">Devices</th>
            <th scope="col">{idle}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((a) => (
            <tr key={a.id}>
              <th scope="row">{formatStamp(a.startedAt)}</th>
              <td>{a.devices}</td>
              <td>{a.stale}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
