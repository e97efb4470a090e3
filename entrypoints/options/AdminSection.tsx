import { useEffect, useRef, useState } from 'preact/hooks';
import { AdminCredentialsForm, type AdminCredentialsValues } from '../../components/AdminCredentialsForm';
import { AuditProgress } from '../../components/AuditProgress';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DeviceTable } from '../../components/DeviceTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ForgetConfirm } from '../../components/ForgetConfirm';
import { ProgressBar } from '../../components/ProgressBar';
import { RememberedBadge } from '../../components/RememberedBadge';
import { UntrustedText } from '../../components/UntrustedText';
import { explainDeviceConfiguration } from '../../utils/admin/credentials';
import type { RemediationAction, RemediationJob, RemediationTarget } from '../../utils/admin/remediation';
import type { AuditCategory, AuditDeviceRow, AuditFilter, AuditReport } from '../../utils/admin/report';
import type { AdminConnectionStatus, AdminPoolInfo, AdminUserDto, AuditStatus } from '../../utils/admin/types';
import { regionOfPoolId } from '../../utils/cognito/pool-id';
import { cognitoHost, isCognitoRegion } from '../../utils/cognito/regions';
import { actionDoneMessage, type DeviceAction, type RowActionState } from '../../utils/devices/actions';
import { type DeviceRow, type DeviceSort, deviceLabel, sortDeviceRows } from '../../utils/devices/view';
import { toAppError } from '../../utils/errors';
import { formatDate, formatRelative } from '../../utils/format';
import { sendMessage } from '../../utils/messages';
import { requestHostAccess } from '../../utils/session/permissions';
import { settingsItem } from '../../utils/session/storage-items';
import { visibleText } from '../../utils/untrusted-text';
import { useTask } from '../../utils/use-task';

const CATEGORY_LABEL: Record<AuditCategory, string> = {
  all: 'All devices',
  stale: 'Stale devices',
  neverAuthenticated: 'Never authenticated',
  notRemembered: 'Not remembered',
  remembered: 'Remembered',
  ip: 'By IP address',
};
const PAGE = 50;

/** Save text as a file from the page. */
function download(filename: string, mimeType: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The Admin section: credentials, one user's devices, the pool audit and its bulk remediation. */
export function AdminSection() {
  const [status, setStatus] = useState<AdminConnectionStatus>();
  const [pool, setPool] = useState<AdminPoolInfo>();
  const [override, setOverride] = useState('');
  const task = useTask();

  useEffect(() => {
    void task.run(async () => {
      const s = await sendMessage({ type: 'admin.status' });
      setStatus(s);
      if (s.connected) setPool((await sendMessage({ type: 'admin.describePool' })).pool);
    });
    void settingsItem.getValue().then((s) => setOverride(s.endpointOverride));
  }, []);

  const connect = (values: AdminCredentialsValues) => {
    // Synchronously first: a real region's host access needs this click's user gesture.
    const region = regionOfPoolId(values.poolId.trim());
    const access =
      !override && region && isCognitoRegion(region)
        ? requestHostAccess(`https://${cognitoHost(region)}`)
        : Promise.resolve(true);
    void task.run(async () => {
      await access;
      const result = await sendMessage({ type: 'admin.connect', ...values });
      setStatus(result.status);
      setPool(result.pool);
    });
  };
  const forget = () =>
    task.run(async () => {
      setStatus(await sendMessage({ type: 'admin.forget' }));
      setPool(undefined);
    });

  return (
    <div class="admin-section">
      <section class="panel" aria-labelledby="admin-credentials-title">
        <h3 id="admin-credentials-title">Credentials</h3>
        {status?.connected ? (
          <div>
            <p>
              Connected to <strong class="mono">{status.poolId}</strong> with access key{' '}
              <span class="mono">{status.accessKeyIdMasked}</span>
              {status.temporary ? ' (temporary)' : ''}. The secret is not shown.
            </p>
            <button type="button" class="btn" onClick={() => void forget()} disabled={task.busy}>
              Forget credentials
            </button>
          </div>
        ) : (
          <AdminCredentialsForm busy={task.busy} onSubmit={connect} />
        )}
        {task.error ? <ErrorNotice error={task.error} /> : null}
        {pool ? <PoolFacts pool={pool} /> : null}
      </section>
      {status?.connected ? <UserPanel /> : null}
      <AuditPanel connected={status?.connected === true} />
    </div>
  );
}

function PoolFacts({ pool }: { pool: AdminPoolInfo }) {
  return (
    <div class="pool-facts">
      <p>
        Pool{' '}
        <strong>
          <UntrustedText text={pool.name ?? pool.poolId} />
        </strong>
        {pool.estimatedUsers !== undefined ? ` · about ${pool.estimatedUsers} users` : ''}
      </p>
      <table class="data-table">
        <caption>Device settings of this pool</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Value</th>
            <th scope="col">What it means for users’ devices</th>
          </tr>
        </thead>
        <tbody>
          {explainDeviceConfiguration(pool.deviceConfiguration).map((row) => (
            <tr key={row.setting}>
              <th scope="row" class="mono">
                {row.setting}
              </th>
              <td>{row.value}</td>
              <td>{row.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Find a user and act on all their devices (AdminListDevices sees not-remembered ones too). */
function UserPanel() {
  const [attribute, setAttribute] = useState<'username' | 'email'>('username');
  const [prefix, setPrefix] = useState('');
  const [users, setUsers] = useState<AdminUserDto[]>([]);
  const [nextToken, setNextToken] = useState<string>();
  const [user, setUser] = useState<string>();
  const [devices, setDevices] = useState<DeviceRow[]>([]);
  const [sort, setSort] = useState<DeviceSort>({ key: 'lastAuthenticatedAt', direction: 'desc' });
  const [states, setStates] = useState<Record<string, RowActionState>>({});
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirm, setConfirm] = useState<DeviceRow>();
  const [learned, setLearned] = useState<string>();
  const task = useTask();

  const search = (more: boolean) =>
    task.run(async () => {
      const page = await sendMessage({
        type: 'admin.users.search',
        attribute,
        prefix: prefix.trim(),
        ...(more && nextToken ? { paginationToken: nextToken } : {}),
      });
      setUsers(more ? [...users, ...page.users] : page.users);
      setNextToken(page.paginationToken);
    });
  const inspect = (username: string) =>
    task.run(async () => {
      setUser(username);
      setStates({});
      setLearned(undefined);
      const { devices: list } = await sendMessage({ type: 'admin.devices.list', username });
      setDevices(list.map((d) => ({ ...d, source: 'listed', isCurrent: false })));
    });
  const perform = async (row: DeviceRow, action: DeviceAction) => {
    if (!user) return;
    setStates((s) => ({ ...s, [row.key]: { phase: 'pending', action } }));
    try {
      const base = { username: user, deviceKey: row.key, deviceName: row.name, wasRemembered: row.remembered };
      if (action === 'forget') {
        const { alreadyForgotten } = await sendMessage({ type: 'admin.device.forget', ...base });
        setDevices((list) => list.filter((d) => d.key !== row.key));
        setStates((s) => ({
          ...s,
          [row.key]: { phase: 'done', action, message: actionDoneMessage(action, alreadyForgotten) },
        }));
        setLearned(undefined);
        return;
      }
      const { device } = await sendMessage({
        type: 'admin.device.setRemembered',
        ...base,
        remembered: action === 'remember',
      });
      setDevices((list) =>
        list.map((d) => (d.key === row.key ? { ...device, source: 'listed', isCurrent: false } : d)),
      );
      setStates((s) => ({ ...s, [row.key]: { phase: 'done', action, message: actionDoneMessage(action) } }));
      setLearned(action === 'notRemember' ? deviceLabel(row) : undefined);
    } catch (e) {
      setStates((s) => ({ ...s, [row.key]: { phase: 'failed', action, error: toAppError(e).toJSON() } }));
    }
  };

  return (
    <section class="panel" aria-labelledby="admin-user-title">
      <h3 id="admin-user-title">One user</h3>
      <form
        class="form inline-form"
        aria-label="Find a user"
        onSubmit={(e) => {
          e.preventDefault();
          void search(false);
        }}
      >
        <label>
          Search by
          <select value={attribute} onChange={(e) => setAttribute(e.currentTarget.value as 'username' | 'email')}>
            <option value="username">Username prefix</option>
            <option value="email">Email prefix</option>
          </select>
        </label>
        <label>
          Starts with
          <input value={prefix} maxLength={200} onInput={(e) => setPrefix(e.currentTarget.value)} />
        </label>
        <div>
          <button type="submit" class="btn btn-primary" disabled={task.busy}>
            Search users
          </button>
        </div>
      </form>
      {task.error ? <ErrorNotice error={task.error} /> : null}
      {users.length > 0 ? (
        <ul class="admin-users" aria-label="Users found">
          {users.map((u) => (
            <li key={u.username}>
              <button type="button" class="btn btn-sm" onClick={() => void inspect(u.username)}>
                Inspect <UntrustedText text={u.username} />
              </button>{' '}
              <span class="muted">
                {[u.email, u.status, u.enabled === false ? 'disabled' : undefined].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {nextToken ? (
        <button type="button" class="btn btn-sm" disabled={task.busy} onClick={() => void search(true)}>
          More users
        </button>
      ) : null}
      {user ? (
        <div class="admin-user-devices">
          <h4>
            Devices of{' '}
            <span class="mono">
              <UntrustedText text={user} />
            </span>{' '}
            ({devices.length})
          </h4>
          <p class="muted">
            Admin view (AdminListDevices): every device, remembered or not. The user’s own view (ListDevices) shows
            remembered devices only.
          </p>
          {learned ? (
            <p class="notice notice-ok" role="status">
              <strong>What this shows:</strong> “<UntrustedText text={learned} />” is now not remembered. The user’s own
              device list (ListDevices) no longer lists it, but it stays here in the admin view (AdminListDevices) with
              “Not remembered”, and its sign-ins are no longer trusted to skip MFA.
            </p>
          ) : null}
          <DeviceTable
            rows={sortDeviceRows(devices, sort)}
            now={Date.now()}
            sort={sort}
            onSort={(key) =>
              setSort((s) => ({ key, direction: s.key === key && s.direction === 'asc' ? 'desc' : 'asc' }))
            }
            selected={selected}
            onToggle={(key) =>
              setSelected((s) => {
                const next = new Set(s);
                if (!next.delete(key)) next.add(key);
                return next;
              })
            }
            onToggleAll={(all) => setSelected(all ? new Set(devices.map((d) => d.key)) : new Set())}
            states={states}
            onAction={(key, action) => {
              const row = devices.find((d) => d.key === key);
              if (!row) return;
              if (action === 'forget') setConfirm(row);
              else void perform(row, action);
            }}
            caption={`Devices of ${visibleText(user)}`}
          />
        </div>
      ) : null}
      <ForgetConfirm
        row={confirm}
        onCancel={() => setConfirm(undefined)}
        onConfirm={(row) => {
          setConfirm(undefined);
          void perform(row, 'forget');
        }}
      />
    </section>
  );
}

/** The audit: start / progress / pause, the report, paged devices, exports and bulk remediation. */
function AuditPanel({ connected }: { connected: boolean }) {
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

function AuditReportView({ runId, connected, refreshKey }: { runId: string; connected: boolean; refreshKey: number }) {
  const [staleDays, setStaleDays] = useState(90);
  const [category, setCategory] = useState<AuditCategory>('all');
  const [ip, setIp] = useState('');
  const [report, setReport] = useState<AuditReport>();
  const [rows, setRows] = useState<AuditDeviceRow[]>([]);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [next, setNext] = useState<string>();
  const [version, setVersion] = useState(0);
  const task = useTask();
  const filter: AuditFilter = { category, staleDays, ...(category === 'ip' ? { ip } : {}) };

  const load = (after: string | undefined) =>
    task.run(async () => {
      const page = await sendMessage({ type: 'admin.audit.devices', runId, filter, limit: PAGE, after });
      setRows(page.rows);
      setNext(page.after);
    });
  useEffect(() => {
    void task.run(async () => setReport(await sendMessage({ type: 'admin.audit.report', runId, staleDays })));
  }, [runId, staleDays, refreshKey, version]);
  useEffect(() => {
    if (category === 'ip' && !ip.trim()) return;
    setCursors([undefined]);
    void load(undefined);
  }, [runId, category, staleDays, ip, refreshKey, version]);

  const exportAs = (format: 'csv' | 'json') =>
    task.run(async () => {
      const file = await sendMessage({ type: 'admin.audit.export', runId, filter, format });
      download(file.filename, file.mimeType, file.content);
    });
  const now = Date.now();

  return (
    <div class="audit-report">
      <h4>Report</h4>
      <label class="inline-label">
        Stale after (days)
        <input
          type="number"
          min={1}
          max={3650}
          value={staleDays}
          onChange={(e) => {
            const n = Number(e.currentTarget.value);
            if (Number.isInteger(n) && n >= 1 && n <= 3650) setStaleDays(n);
          }}
        />
      </label>
      {report ? (
        <dl class="audit-counts" aria-label="Audit counts">
          <div>
            <dt>Users</dt>
            <dd>{report.users}</dd>
          </div>
          <div>
            <dt>Devices</dt>
            <dd>{report.devices}</dd>
          </div>
          <div>
            <dt>Stale (&gt; {report.staleDays} days)</dt>
            <dd>{report.stale}</dd>
          </div>
          <div>
            <dt>Never authenticated</dt>
            <dd>{report.neverAuthenticated}</dd>
          </div>
          <div>
            <dt>Not remembered</dt>
            <dd>{report.notRemembered}</dd>
          </div>
          <div>
            <dt>Users without devices</dt>
            <dd>{report.usersWithoutDevices}</dd>
          </div>
          <div>
            <dt>Distinct IPs</dt>
            <dd>{report.distinctIps}</dd>
          </div>
        </dl>
      ) : null}
      {report ? (
        <div class="audit-tables">
          <table class="data-table">
            <caption>Devices per user</caption>
            <thead>
              <tr>
                <th scope="col">Devices</th>
                <th scope="col">Users</th>
              </tr>
            </thead>
            <tbody>
              {report.devicesPerUser.map((b) => (
                <tr key={b.devices}>
                  <td>{b.devices}</td>
                  <td>{b.users}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="data-table">
            <caption>Devices per IP (top {report.topIps.length})</caption>
            <thead>
              <tr>
                <th scope="col">IP</th>
                <th scope="col">Devices</th>
                <th scope="col">Users</th>
              </tr>
            </thead>
            <tbody>
              {report.topIps.map((r) => (
                <tr key={r.ip}>
                  <td class="mono">
                    <UntrustedText text={r.ip} />
                  </td>
                  <td>{r.devices}</td>
                  <td>{r.users}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <div class="form inline-form">
        <label>
          Show
          <select value={category} onChange={(e) => setCategory(e.currentTarget.value as AuditCategory)}>
            {(Object.keys(CATEGORY_LABEL) as AuditCategory[]).map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABEL[c]}
              </option>
            ))}
          </select>
        </label>
        {category === 'ip' ? (
          <label>
            IP address
            <input value={ip} maxLength={64} onChange={(e) => setIp(e.currentTarget.value.trim())} />
          </label>
        ) : null}
        <div class="actions">
          <button type="button" class="btn btn-sm" onClick={() => void exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" class="btn btn-sm" onClick={() => void exportAs('json')}>
            Export JSON
          </button>
        </div>
      </div>
      {task.error ? <ErrorNotice error={task.error} /> : null}
      <table class="data-table">
        <caption>{CATEGORY_LABEL[category]} found by the audit</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Device</th>
            <th scope="col">Status</th>
            <th scope="col">Last signed in</th>
            <th scope="col">Last IP</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.device.key}>
              <td class="mono">
                <UntrustedText text={r.username} />
              </td>
              <th scope="row">
                <UntrustedText text={deviceLabel(r.device)} />
                <span class="mono muted device-key">
                  <UntrustedText text={r.device.key} />
                </span>
              </th>
              <td>
                <RememberedBadge remembered={r.device.remembered} />
              </td>
              <td>{formatRelative(r.device.lastAuthenticatedAt, now)}</td>
              <td class="mono">{r.device.lastIp ? <UntrustedText text={r.device.lastIp} /> : '—'}</td>
              <td>{formatDate(r.device.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="actions" aria-label="Audit device pages">
        <button
          type="button"
          class="btn btn-sm"
          disabled={cursors.length <= 1 || task.busy}
          onClick={() => {
            const previous = cursors.slice(0, -1);
            setCursors(previous);
            void load(previous.at(-1));
          }}
        >
          Previous page
        </button>
        <span class="muted">Page {cursors.length}</span>
        <button
          type="button"
          class="btn btn-sm"
          disabled={!next || task.busy}
          onClick={() => {
            setCursors([...cursors, next]);
            void load(next);
          }}
        >
          Next page
        </button>
      </nav>
      {category !== 'all' && category !== 'remembered' ? (
        <RemediationPanel
          runId={runId}
          filter={filter}
          connected={connected}
          onFinished={() => setVersion((v) => v + 1)}
        />
      ) : null}
    </div>
  );
}

/** Select by the current rule, preview, then dry-run or run not-remember / forget under the write quota. */
function RemediationPanel({
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
