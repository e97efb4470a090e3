import { ProgressBar } from '../../components/ProgressBar';
import { UntrustedText } from '../../components/UntrustedText';
import { describeProgress } from '../../utils/bulk';
import { DEVICE_ACTION_LABEL } from '../../utils/devices/actions';
import type { BulkJobSnapshot } from '../../utils/devices/bulk-job';
import { describeError } from '../../utils/error-text';
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
  const unconfirmed = job.items.filter((i) => i.outcome === 'pending').length;
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
          {job.items.some((i) => i.outcome === 'cancelled')
            ? `, ${job.items.filter((i) => i.outcome === 'cancelled').length} not started`
            : ''}
          {job.state === 'interrupted' && unconfirmed
            ? `, ${unconfirmed} unconfirmed: the extension stopped during the run — reload the list and check History`
            : ''}
          .
        </p>
      )}
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
