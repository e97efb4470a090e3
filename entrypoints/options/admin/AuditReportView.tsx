import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { NameKeySeparator } from '../../../components/NameKeySeparator';
import { RememberedBadge } from '../../../components/RememberedBadge';
import { TimeStamp } from '../../../components/TimeStamp';
import { UntrustedText } from '../../../components/UntrustedText';
import { gatherAuditExport } from '../../../utils/admin/audit-export';
import type { AuditCategory, AuditDeviceRow, AuditFilter, AuditReport } from '../../../utils/admin/report';
import { deviceLabel } from '../../../utils/devices/view';
import { download } from '../../../utils/download';
import { formatDate } from '../../../utils/format';
import { sendMessage } from '../../../utils/messages';
import { useTask } from '../../../utils/use-task';
import { AuditHeadline } from './AuditHeadline';
import { CATEGORY_LABEL, PAGE } from './labels';
import { RemediationPanel } from './RemediationPanel';

export function AuditReportView({
  runId,
  connected,
  refreshKey,
}: {
  runId: string;
  connected: boolean;
  refreshKey: number;
}) {
  const [staleDays, setStaleDays] = useState(90);
  const [category, setCategory] = useState<AuditCategory>('all');
  const [ip, setIp] = useState('');
  const [report, setReport] = useState<AuditReport>();
  const [rows, setRows] = useState<AuditDeviceRow[]>([]);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [next, setNext] = useState<string>();
  const [version, setVersion] = useState(0);
  // Bumped by the headline's buttons: the remediation then takes the focus, its rule picked.
  const [toRemediation, setToRemediation] = useState(0);
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
      // Chunk by chunk (each bounded), gathered into one file: the whole export never travels as one message.
      const { parts, last } = await gatherAuditExport((cursor) =>
        sendMessage({ type: 'admin.audit.export', runId, filter, format, ...cursor }),
      );
      download(last.filename, last.mimeType, parts);
    });
  const now = Date.now();

  return (
    <div class="audit-report">
      <h4>Report</h4>
      {report ? (
        <AuditHeadline
          report={report}
          onPick={(rule) => {
            setCategory(rule);
            setToRemediation((n) => n + 1);
          }}
        />
      ) : null}
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
            <dt>Idle for over {report.staleDays} days</dt>
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
      {task.error ? <ErrorNotice error={task.error} onRetry={task.retry} /> : null}
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
              <td class="mono cell-user">
                <UntrustedText text={r.username} />
              </td>
              <th scope="row" class="cell-device">
                <UntrustedText text={deviceLabel(r.device)} />
                <NameKeySeparator />
                <span class="mono muted device-key">
                  <UntrustedText text={r.device.key} />
                </span>
              </th>
              <td>
                <RememberedBadge remembered={r.device.remembered} />
              </td>
              <td>
                <TimeStamp time={r.device.lastAuthenticatedAt} now={now} />
              </td>
              <td class="mono cell-ip">{r.device.lastIp ? <UntrustedText text={r.device.lastIp} /> : '—'}</td>
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
      {report ? (
        <RemediationPanel
          runId={runId}
          filter={filter}
          connected={connected}
          focusKey={toRemediation}
          onPickRule={setCategory}
          onFinished={() => setVersion((v) => v + 1)}
        />
      ) : null}
    </div>
  );
}
