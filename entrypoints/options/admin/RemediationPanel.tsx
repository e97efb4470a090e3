import { useEffect, useRef, useState } from 'preact/hooks';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ProgressBar } from '../../../components/ProgressBar';
import { UntrustedText } from '../../../components/UntrustedText';
import type { RemediationAction, RemediationJob, RemediationTarget } from '../../../utils/admin/remediation';
import type { AuditFilter } from '../../../utils/admin/report';
import { deviceLabel } from '../../../utils/devices/view';
import { sendMessage } from '../../../utils/messages';
import { useTask } from '../../../utils/use-task';

/** Select by the current rule, preview, then dry-run or run not-remember / forget under the write quota. */
export function RemediationPanel({
  runId,
  filter,
  connected,
  onFinished,
}: {
  runId: string;
  filter: AuditFilter;
  connected: boolean;
  onFinished: () => void;
}) {
  const [action, setAction] = useState<RemediationAction>('forget');
  const [dryRun, setDryRun] = useState(true);
  const [preview, setPreview] = useState<{ total: number; targets: RemediationTarget[] }>();
  const [job, setJob] = useState<RemediationJob | null>(null);
  const [confirm, setConfirm] = useState(false);
  const task = useTask();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const key = JSON.stringify(filter);
  useEffect(() => {
    setPreview(undefined);
    setJob(null);
  }, [key]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const poll = async () => {
    const current = await sendMessage({ type: 'admin.remediation.status' });
    setJob(current);
    clearTimeout(timer.current);
    if (current?.state === 'running') timer.current = setTimeout(() => void poll().catch(task.fail), 500);
    else if (current && !current.dryRun) onFinished();
  };
  const start = () =>
    task.run(async () => {
      setJob(await sendMessage({ type: 'admin.remediation.start', runId, filter, action, dryRun }));
      if (!dryRun) await poll();
    });
  const verb = action === 'forget' ? 'Forget' : 'Don’t remember';
  const counts = job
    ? {
        ok: job.items.filter((i) => i.outcome === 'ok').length,
        failed: job.items.filter((i) => i.outcome === 'failed').length,
        cancelled: job.items.filter((i) => i.outcome === 'cancelled').length,
      }
    : undefined;

  return (
    <section class="remediation" aria-labelledby="remediation-title">
      <h4 id="remediation-title">Bulk remediation</h4>
      <div class="form inline-form">
        <label>
          Action
          <select value={action} onChange={(e) => setAction(e.currentTarget.value as RemediationAction)}>
            <option value="forget">Forget</option>
            <option value="notRemember">Don’t remember</option>
          </select>
        </label>
        <label class="checkbox-label">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} />
          Dry run (call nothing, show what would happen)
        </label>
        <div class="actions">
          <button
            type="button"
            class="btn btn-sm"
            disabled={task.busy}
            onClick={() =>
              void task.run(async () =>
                setPreview(await sendMessage({ type: 'admin.remediation.preview', runId, filter })),
              )
            }
          >
            Preview selection
          </button>
          <button
            type="button"
            class={dryRun ? 'btn btn-sm' : 'btn btn-sm btn-danger'}
            disabled={
              task.busy || !preview || preview.total === 0 || (!dryRun && !connected) || job?.state === 'running'
            }
            onClick={() => (dryRun ? void start() : setConfirm(true))}
          >
            {dryRun
              ? `Dry run: ${verb.toLowerCase()} ${preview?.total ?? 0} devices`
              : `${verb} ${preview?.total ?? 0} devices`}
          </button>
        </div>
      </div>
      {task.error ? <ErrorNotice error={task.error} /> : null}
      {preview ? (
        <p role="status">
          {preview.total} devices match this rule.{' '}
          {preview.total > 20 ? 'The first 20 are listed; the export gives the whole list.' : ''}
        </p>
      ) : null}
      {preview && !job ? (
        <ul class="remediation-preview" aria-label="Selected devices">
          {preview.targets.slice(0, 20).map((t) => (
            <li key={t.deviceKey}>
              <span class="mono">
                <UntrustedText text={t.username} />
              </span>{' '}
              · <UntrustedText text={deviceLabel({ key: t.deviceKey, name: t.deviceName })} />{' '}
              <span class="mono muted">
                <UntrustedText text={t.deviceKey} />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {job ? (
        <div class="remediation-result">
          {job.dryRun ? (
            <p role="status">
              Dry run: would {job.action === 'forget' ? 'forget' : 'stop remembering'} {job.items.length} devices.
              Nothing was sent to Cognito.
            </p>
          ) : (
            <>
              <ProgressBar
                label={job.action === 'forget' ? 'Forgetting devices' : 'Marking devices not remembered'}
                value={job.progress.done}
                max={job.progress.total}
                detail={`${job.progress.rate.toFixed(1)} devices/s`}
              />
              {job.state === 'running' ? (
                <button
                  type="button"
                  class="btn btn-sm"
                  onClick={() =>
                    void task.run(async () => setJob(await sendMessage({ type: 'admin.remediation.cancel' })))
                  }
                >
                  Cancel remediation
                </button>
              ) : (
                <p role="status">
                  Summary: {counts?.ok} done, {counts?.failed} failed, {counts?.cancelled} cancelled of{' '}
                  {job.items.length}.
                </p>
              )}
            </>
          )}
          <table class="data-table">
            <caption>Result per device</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Device</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {job.items.slice(0, 200).map((i) => (
                <tr key={i.deviceKey}>
                  <td class="mono">
                    <UntrustedText text={i.username} />
                  </td>
                  <td>
                    <UntrustedText text={deviceLabel({ key: i.deviceKey, name: i.deviceName })} />
                  </td>
                  <td>
                    {i.outcome === 'wouldRun'
                      ? `Would ${job.action === 'forget' ? 'forget' : 'not remember'}`
                      : i.outcome === 'failed'
                        ? `Failed (${i.errorCode})`
                        : i.outcome === 'ok' && i.alreadyForgotten
                          ? 'Already forgotten'
                          : i.outcome}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirm}
        title={`${verb} ${preview?.total ?? 0} devices?`}
        confirmLabel={`${verb} devices`}
        danger
        onCancel={() => setConfirm(false)}
        onConfirm={() => {
          setConfirm(false);
          void start();
        }}
      >
        <p>
          This calls Cognito for each of the {preview?.total ?? 0} selected devices, under the write quota.{' '}
          {action === 'forget'
            ? 'Forgotten devices must sign in fully again, MFA included.'
            : 'The devices stay tracked, but users no longer see them in their own list.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}
