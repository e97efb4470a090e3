import { useEffect, useState } from 'preact/hooks';
import { AuditProgress } from '../../../components/AuditProgress';
import { ErrorNotice } from '../../../components/ErrorNotice';
import type { AuditStatus } from '../../../utils/admin/messages';
import { sendMessage } from '../../../utils/messages';
import { auditProgressItem } from '../../../utils/storage';
import { useTask } from '../../../utils/use-task';
import { AuditReportView } from './AuditReportView';

/** The audit: start / progress / pause, the report, paged devices, exports and bulk remediation. */
export function AuditPanel({ connected }: { connected: boolean }) {
  const [status, setStatus] = useState<AuditStatus | null>(null);
  const task = useTask();

  // The latest run once, then its progress as the worker publishes it (no timer).
  const latest = async () => setStatus(await sendMessage({ type: 'admin.audit.status' }));
  useEffect(() => {
    void task.run(latest);
  }, [connected]);
  useEffect(
    () =>
      auditProgressItem.watch((next) => {
        if (next) setStatus(next);
      }),
    [],
  );

  const control = (type: 'admin.audit.pause' | 'admin.audit.resume' | 'admin.audit.cancel') =>
    task.run(async () => {
      if (!status) return;
      setStatus(await sendMessage({ type, runId: status.run.id }));
    });
  const start = () =>
    task.run(async () => {
      setStatus(await sendMessage({ type: 'admin.audit.start' }));
    });

  return (
    <section class="panel" aria-labelledby="admin-audit-title">
      <h3 id="admin-audit-title">Pool audit</h3>
      <p class="muted" title="Cognito calls: ListUsers, then AdminListDevices for each user.">
        Reads every user of the pool and every device of each user, no faster than the read quota of Settings. It runs
        in the background: close this page and it goes on; it resumes by itself after a browser restart once credentials
        are entered again.
      </p>
      {connected && status?.run.state !== 'running' && status?.run.state !== 'paused' ? (
        <button type="button" class="btn btn-primary" disabled={task.busy} onClick={() => void start()}>
          Start audit
        </button>
      ) : null}
      {task.error ? <ErrorNotice error={task.error} onRetry={task.retry} /> : null}
      {status?.run.error ? <ErrorNotice error={{ ...status.run.error, details: {} }} /> : null}
      {status ? (
        <AuditProgress
          status={status}
          busy={task.busy}
          onPause={() => void control('admin.audit.pause')}
          onResume={() => void control('admin.audit.resume')}
          onCancel={() => void control('admin.audit.cancel')}
        />
      ) : null}
      {status && status.run.state !== 'running' ? (
        <AuditReportView runId={status.run.id} connected={connected} refreshKey={status.run.updatedAt} />
      ) : null}
    </section>
  );
}
