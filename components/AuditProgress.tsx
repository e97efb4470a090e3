import type { AuditStatus } from '../utils/admin/messages';
import { formatCountdown } from '../utils/format';
import { ProgressBar } from './ProgressBar';

/** Props of {@link AuditProgress}. */
export interface AuditProgressProps {
  status: AuditStatus;
  busy: boolean;
  onPause: () => void;
  onResume: () => void;
  onCancel: () => void;
}

const STATE_TEXT: Record<AuditStatus['run']['state'], string> = {
  running: 'Running',
  paused: 'Paused',
  cancelled: 'Cancelled',
  done: 'Done',
  failed: 'Stopped on an error',
};

/** The audit's progress: users done / total, devices found, rate against the quota, time left, and controls. */
export function AuditProgress({ status, busy, onPause, onResume, onCancel }: AuditProgressProps) {
  const { run } = status;
  const total = status.totalUsers;
  const detail = [
    `${run.devicesFound} devices found`,
    run.state === 'running' ? `${status.usersPerSec.toFixed(1)} users/s` : undefined,
    run.state === 'running'
      ? `${status.readsPerSec.toFixed(1)} reads/s of ${status.readQuota} allowed`
      : `${run.reads} reads`,
    status.etaMs !== undefined && run.state === 'running' ? `about ${formatCountdown(status.etaMs)} left` : undefined,
    status.totalExact ? undefined : 'total estimated',
  ]
    .filter(Boolean)
    .join(' · ');
  const finished = run.state === 'done' || run.state === 'cancelled';
  return (
    <section class="audit-progress" aria-label="Audit progress">
      <p>
        <strong>{STATE_TEXT[run.state]}</strong>{' '}
        <span class="muted" aria-live="polite">
          {run.usersDone} of {status.totalExact ? '' : '~'}
          {total} users
        </span>
      </p>
      <ProgressBar label="Users audited" value={run.usersDone} max={total} detail={detail} />
      {status.throttledRetries > 0 ? (
        <p class="muted small">
          Cognito throttled {status.throttledRetries} requests; each was retried after a pause and none was lost.
        </p>
      ) : null}
      {run.listingRestarts > 0 ? (
        <p class="muted small">
          The user listing restarted {run.listingRestarts} time(s): its page token had expired. Users already audited
          were skipped.
        </p>
      ) : null}
      {finished ? null : (
        <div class="actions">
          {run.state === 'running' ? (
            <button type="button" class="btn" disabled={busy} onClick={onPause}>
              Pause audit
            </button>
          ) : (
            <button type="button" class="btn" disabled={busy} onClick={onResume}>
              Resume audit
            </button>
          )}
          <button type="button" class="btn btn-danger" disabled={busy} onClick={onCancel}>
            Cancel audit
          </button>
        </div>
      )}
    </section>
  );
}
