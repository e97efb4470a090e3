import { useEffect, useRef, useState } from 'preact/hooks';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ProgressBar } from '../../../components/ProgressBar';
import { UntrustedText } from '../../../components/UntrustedText';
import { isRemediationRule, REMEDIATION_RULES, type RemediationRule } from '../../../utils/admin/audit-headline';
import {
  type RemediationAction,
  type RemediationItem,
  type RemediationJob,
  type RemediationTarget,
  remediationCounts,
} from '../../../utils/admin/remediation';
import { describeRemediationOutcome } from '../../../utils/admin/remediation-words';
import type { AuditFilter } from '../../../utils/admin/report';
import { deviceLabel } from '../../../utils/devices/view';
import { sendMessage } from '../../../utils/messages';
import { remediationJobItem } from '../../../utils/storage';
import { useTask } from '../../../utils/use-task';
import { CATEGORY_LABEL } from './labels';

/**
 * Select by the current rule, preview, then dry-run or run not-remember / forget under the write quota.
 * Shown with every report: with no rule picked yet (all devices, or the remembered ones) it asks for one.
 */
export function RemediationPanel({
  runId,
  filter,
  connected,
  focusKey = 0,
  onPickRule,
  onFinished,
}: {
  runId: string;
  filter: AuditFilter;
  connected: boolean;
  /** A new value moves the focus to the panel (the report's headline picked its rule). */
  focusKey?: number;
  onPickRule: (rule: RemediationRule) => void;
  onFinished: () => void;
}) {
  const [action, setAction] = useState<RemediationAction>('forget');
  const [dryRun, setDryRun] = useState(true);
  const [preview, setPreview] = useState<{ total: number; targets: RemediationTarget[] }>();
  const [job, setJob] = useState<RemediationJob | null>(null);
  const [confirm, setConfirm] = useState(false);
  const task = useTask();
  const key = JSON.stringify(filter);
  useEffect(() => {
    setPreview(undefined);
    setJob(null);
  }, [key]);

  // The job's progress as the worker publishes it (no timer); a real run that ended refreshes the report once.
  const started = useRef<string | undefined>(undefined);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const follow = (current: RemediationJob | null) => {
    if (!current || current.id !== started.current) return;
    setJob(current);
    if (current.state !== 'running' && !current.dryRun) {
      started.current = undefined;
      finished.current();
    }
  };
  useEffect(() => remediationJobItem.watch(follow), []);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusKey > 0) heading.current?.focus();
  }, [focusKey]);
  const rule = isRemediationRule(filter.category) ? filter.category : undefined;
  const start = () =>
    task.run(async () => {
      const first = await sendMessage({ type: 'admin.remediation.start', runId, filter, action, dryRun });
      setJob(first);
      if (dryRun) return;
      started.current = first.id;
      // It may have ended before this answer came: its last snapshot is published already.
      follow(await remediationJobItem.getValue());
    });
  const verb = action === 'forget' ? 'Forget' : 'Don’t remember';
  const counts = job ? remediationCounts(job.items) : undefined;

  return (
    <section class="remediation" aria-labelledby="remediation-title">
      <h4 id="remediation-title" ref={heading} tabIndex={-1}>
        Bulk remediation
      </h4>
      <label class="inline-label">
        Rule
        <select value={rule ?? ''} onChange={(e) => onPickRule(e.currentTarget.value as RemediationRule)}>
          {rule ? null : <option value="">Pick a rule…</option>}
          {REMEDIATION_RULES.map((r) => (
            <option key={r} value={r}>
              {CATEGORY_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      {rule ? null : (
        <p class="muted">
          Pick a rule to choose the devices to act on: stale (idle for over {filter.staleDays ?? 90} days), never
          authenticated, not remembered, or by IP address. The table above then lists them; preview before anything is
          sent to Cognito.
        </p>
      )}
      {rule ? (
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
      ) : null}
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
                  Summary: {counts?.ok} done
                  {counts?.reconciled ? ` (${counts.reconciled} checked after the extension restarted)` : ''},{' '}
                  {counts?.failed} failed, {counts?.cancelled} cancelled of {job.items.length}.
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
                    <OutcomeWords item={i} action={job.action} />
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

/** One device's result in words, its error code beside them. */
function OutcomeWords({ item, action }: { item: RemediationItem; action: RemediationAction }) {
  const { words, code } = describeRemediationOutcome(item, action);
  return (
    <>
      {words}
      {code ? <span class="mono muted"> ({code})</span> : null}
    </>
  );
}
