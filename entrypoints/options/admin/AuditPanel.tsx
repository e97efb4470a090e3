import { useEffect, useRef, useState } from 'preact/hooks';
import { AuditProgress } from '../../../components/AuditProgress';
import { ErrorNotice } from '../../../components/ErrorNotice';
import type { AuditStatus } from '../../../utils/admin/messages';
import { sendMessage } from '../../../utils/messages';
import { useTask } from '../../../utils/use-task';
import { AuditReportView } from './AuditReportView';

/** The audit: start / progress / pause, the report, paged devices, exports and bulk remediation. */
export function AuditPanel({ connected }: { connected: boolean }) {
  const [status, setStatus] = useState<AuditStatus | null>(null);
  const task = useTask();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const poll = async () => {
    const next = await sendMessage({ type: 'admin.audit.status' });
    setStatus(next);
    clearTimeout(timer.current);
    if (next?.run.state === 'running') timer.current = setTimeout(() => void poll().catch(task.fail), 1000);
  };
  useEffect(() => {
    void task.run(poll);
    return () => clearTimeout(timer.current);
  }, [connected]);

  const control = (type: 'admin.audit.pause' | 'admin.audit.resume' | 'admin.audit.cancel') =>
    task.run(async () => {
      if (!status) return;
      setStatus(await sendMessage({ type, runId: status.run.id }));
      await poll();
    });
  const start = () =>
    task.run(async () => {
      setStatus(await sendMessage({ type: 'admin.audit.start' }));
      await poll();
    });

  return (
    <section class="panel" aria-labelledby="admin-audit-title">
      <h3 id="admin-audit-title">Pool audit</h3>
      <p class="muted">
        Reads every user (ListUsers) and every device (AdminListDevices) under the read quota of Settings. It runs in
        the background: close this page and it goes on; it resumes by itself after a browser restart once credentials
        are entered again.
      </p>
      {connected && status?.run.state !== 'running' && status?.run.state !== 'paused' ? (
        <button type="button" class="btn btn-primary" disabled={task.busy} onClick={() => void start()}>
          Start audit
        </button>
      ) : null}
      {task.error ? <ErrorNotice error={task.error} /> : null}
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
