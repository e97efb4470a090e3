import { ProgressBar } from '../../components/ProgressBar';
import { UntrustedText } from '../../components/UntrustedText';
import { describeProgress } from '../../utils/bulk';
import { DEVICE_ACTION_LABEL } from '../../utils/devices/actions';
import type { BulkJobSnapshot } from '../../utils/devices/bulk-job';
import { describeError } from '../../utils/error-text';
import { formatExact } from '../../utils/format';
import { sendMessage } from '../../utils/messages';

const BULK_STATE_WORDS: Record<BulkJobSnapshot['state'], string> = {
  running: 'working',
  done: 'finished',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
};

/** The running or last bulk device action of the Devices section: progress, cancel, outcome, failures. */
export function BulkStatus({ job }: { job: BulkJobSnapshot }) {
  const failed = job.items.filter((i) => i.outcome === 'failed');
  const title = `${DEVICE_ACTION_LABEL[job.action]}: ${BULK_STATE_WORDS[job.state]}`;
  const count = (outcome: BulkJobSnapshot['items'][number]['outcome']) =>
    job.items.filter((i) => i.outcome === outcome).length;
  const checked = count('reconciled');
  const notStarted = count('cancelled');
  return (
    <section class="panel bulk-status" aria-label="Bulk action">
      <ProgressBar
        label={title}
        value={job.progress.done}
        max={job.progress.total}
        detail={describeProgress(job.progress)}
      />
      {job.state === 'running' ? (
        <button
          type="button"
          class="btn btn-sm"
          onClick={() => void sendMessage({ type: 'devices.bulkCancel', jobId: job.id })}
        >
          Cancel
        </button>
      ) : (
        <p role="status">
          {job.progress.ok} of {job.progress.total} done
          {failed.length ? `, ${failed.length} failed` : ''}
          {notStarted ? `, ${notStarted} not started` : ''}
          {checked ? `, ${checked} found already done when checked after the extension stopped` : ''}
          {job.state === 'interrupted' ? ': the session this run used has ended, so it could not go on' : ''}.
        </p>
      )}
      {job.resumedAt !== undefined ? (
        <p class="muted small">
          The extension stopped during this run; it went on by itself at {formatExact(job.resumedAt)}. Every device has
          its entry in History.
        </p>
      ) : null}
      {failed.length ? (
        <ul class="bulk-failures">
          {failed.map((i) => (
            <li key={i.key}>
              <UntrustedText text={i.name ?? i.key} />: {i.errorCode ? describeError(i.errorCode).title : 'failed'}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
