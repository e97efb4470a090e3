import { useEffect, useReducer } from 'preact/hooks';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { UntrustedText } from '../../../components/UntrustedText';
import { COMPARE_KINDS, type CompareKind } from '../../../utils/admin/audit-compare';
import { gatherAuditExport } from '../../../utils/admin/audit-export';
import type { KeptAuditTotals } from '../../../utils/admin/messages';
import { download } from '../../../utils/download';
import { formatDate } from '../../../utils/format';
import { sendMessage } from '../../../utils/messages';
import { auditProgressItem } from '../../../utils/storage';
import { useTask } from '../../../utils/use-task';
import { AuditTrendChart } from './AuditTrendChart';
import { CompareSuggestion } from './CompareSuggestion';
import {
  auditLabels,
  COMPARE_PAGE_SIZE,
  compareReducer,
  compareRequest,
  INITIAL_COMPARE,
  pageIsCurrent,
  pickedInOrder,
} from './compare-store';

/** Props of {@link AuditComparePanel}. */
export interface AuditComparePanelProps {
  readonly connected: boolean;
}

const KIND_LABELS: Record<CompareKind, string> = {
  added: 'Devices added',
  removed: 'Devices removed',
  remembered: 'Newly remembered',
  notRemembered: 'Newly not remembered',
  ipChanged: 'Last IP changed',
};

/** Two kept audits compared: pick them, see each kind of change as a paged table with its count. */
export function AuditComparePanel({ connected }: AuditComparePanelProps) {
  const [state, dispatch] = useReducer(compareReducer, INITIAL_COMPARE);
  const task = useTask();
  const readKept = () =>
    task.run(async () => dispatch({ type: 'kept', ...(await sendMessage({ type: 'admin.audit.kept' })) }));
  useEffect(() => {
    void readKept();
  }, [connected]);
  // An audit that finishes joins the kept list (its progress is published; no timer).
  useEffect(
    () =>
      auditProgressItem.watch((next) => {
        if (next?.run.state === 'done') void readKept();
      }),
    [],
  );
  const request = compareRequest(state);
  useEffect(() => {
    if (request) void task.run(async () => dispatch({ type: 'page', page: await sendMessage(request), request }));
  }, [state.from, state.to, state.kind, state.offset]);

  const exportAs = (format: 'csv' | 'json') =>
    task.run(async () => {
      if (!request) return;
      const { fromRunId, toRunId, kind } = request;
      // In chunks (the worker answers one bounded chunk per message), gathered as Blob parts.
      const { parts, last } = await gatherAuditExport((cursor) =>
        sendMessage({
          type: 'admin.audit.compareExport',
          fromRunId,
          toRunId,
          kind,
          format,
          ...(cursor ? { asOf: cursor.asOf, count: cursor.count } : {}),
        }),
      );
      download(last.filename, last.mimeType, parts);
    });
  const page = state.page;
  const total = page ? page.counts[state.kind] : 0;
  // Until the page of the kind (or offset) just picked arrives, its table says so and shows no other kind's rows.
  const current = pageIsCurrent(state);
  return (
    <section class="panel" aria-labelledby="admin-compare-title">
      <h3 id="admin-compare-title">Audits compared</h3>
      {state.audits.length < 2 ? (
        <p class="muted">Two finished audits are needed to compare (Settings say how many are kept).</p>
      ) : (
        <div class="toolbar">
          <AuditPick
            label="Older audit"
            audits={state.audits}
            value={state.from}
            onPick={(from) => dispatch({ type: 'pick', from })}
          />
          <AuditPick
            label="Newer audit"
            audits={state.audits}
            value={state.to}
            onPick={(to) => dispatch({ type: 'pick', to })}
          />
        </div>
      )}
      {state.from && state.to && !pickedInOrder(state) ? (
        <p class="notice notice-warn compact">
          The “older” audit picked did not start before the “newer” one: the changes read backwards, and no remediation
          is suggested.
        </p>
      ) : null}
      {state.audits.length ? <AuditTrendChart audits={state.audits} /> : null}
      {task.error ? <ErrorNotice error={task.error} onRetry={task.retry} /> : null}
      {page ? (
        <>
          <div role="tablist" aria-label="Kind of change">
            {COMPARE_KINDS.map((kind) => (
              <button
                key={kind}
                type="button"
                role="tab"
                aria-selected={kind === state.kind}
                class="btn"
                onClick={() => dispatch({ type: 'kind', kind })}
              >
                {`${KIND_LABELS[kind]} (${page.counts[kind]})`}
              </button>
            ))}
          </div>
          <table class="table" aria-busy={current ? undefined : 'true'}>
            <caption>{`${KIND_LABELS[state.kind]}: ${current ? total : 'loading…'}`}</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Device key</th>
                <th scope="col">Name</th>
                <th scope="col">Remembered</th>
                <th scope="col">Last IP</th>
                <th scope="col">Last authenticated</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {(current ? page.rows : []).map((r) => (
                <tr key={`${r.username}/${r.key}`}>
                  <td>
                    <UntrustedText text={r.username} />
                  </td>
                  <td>
                    <code>{r.key}</code>
                  </td>
                  <td>{r.name === undefined ? '—' : <UntrustedText text={r.name} />}</td>
                  <td>{r.remembered === undefined ? '—' : r.remembered ? 'yes' : 'no'}</td>
                  <td>{r.previousIp ? `${r.previousIp} → ${r.lastIp ?? '—'}` : (r.lastIp ?? '—')}</td>
                  <td>{r.lastAuthenticatedAt === undefined ? 'never' : formatDate(r.lastAuthenticatedAt)}</td>
                  <td>{formatDate(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="toolbar">
            <button
              type="button"
              class="btn"
              disabled={state.offset === 0 || task.busy}
              onClick={() => dispatch({ type: 'offset', offset: state.offset - COMPARE_PAGE_SIZE })}
            >
              Previous
            </button>
            <button
              type="button"
              class="btn"
              disabled={state.offset + COMPARE_PAGE_SIZE >= total || task.busy}
              onClick={() => dispatch({ type: 'offset', offset: state.offset + COMPARE_PAGE_SIZE })}
            >
              Next
            </button>
            <button type="button" class="btn" disabled={task.busy || !current} onClick={() => void exportAs('csv')}>
              Export CSV
            </button>
            <button type="button" class="btn" disabled={task.busy || !current} onClick={() => void exportAs('json')}>
              Export JSON
            </button>
          </div>
          {page.growth.length ? (
            <table class="table">
              <caption>Users whose device count grew the most</caption>
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {page.growth.map((g) => (
                  <tr key={g.username}>
                    <td>
                      <UntrustedText text={g.username} />
                    </td>
                    <td>{g.before}</td>
                    <td>{g.after}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {state.from && state.to && pickedInOrder(state) ? (
            <CompareSuggestion from={state.from} to={state.to} added={page.counts.added} connected={connected} />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** One of the two audit pickers. */
function AuditPick(props: {
  label: string;
  audits: readonly KeptAuditTotals[];
  value: string | undefined;
  onPick: (id: string) => void;
}) {
  const labels = auditLabels(props.audits);
  return (
    <label>
      {props.label}{' '}
      <select value={props.value} onChange={(e) => props.onPick(e.currentTarget.value)}>
        {props.audits.map((a) => (
          <option key={a.id} value={a.id}>
            {labels.get(a.id)}
          </option>
        ))}
      </select>
    </label>
  );
}
