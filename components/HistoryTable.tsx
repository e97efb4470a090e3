import type { DeviceStatus, HistoryEntry } from '../utils/history/types';
import { describeAction, describeOutcome, describeStatusChange, FOUND_WORDS } from '../utils/history-labels';
import { useErrorText } from '../utils/use-error-text';
import { TimeStamp } from './TimeStamp';
import { UntrustedText } from './UntrustedText';

/** A failed entry's message: its own, or the code's words when the store kept none (it keeps codes, not words). */
function ErrorMessage({ error }: { error: NonNullable<HistoryEntry['error']> }) {
  const words = useErrorText(error.message ? undefined : error.code);
  return <UntrustedText text={error.message || (words?.title ?? '')} />;
}

/** Props of {@link HistoryTable}. */
export interface HistoryTableProps {
  entries: readonly HistoryEntry[];
  now: number;
  caption: string;
}

/** The history log as a table, newest first. Device names are rendered as text. */
export function HistoryTable({ entries, now, caption }: HistoryTableProps) {
  return (
    <table class="data-table history-table">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Action</th>
          <th scope="col">Device</th>
          <th scope="col">Account</th>
          <th scope="col">Outcome</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const outcome = describeOutcome(e.outcome);
          return (
            <tr key={e.id}>
              <td>
                <TimeStamp time={e.time} now={now} />
              </td>
              <td>
                {describeAction(e.action)}
                {e.mode === 'admin' ? <span class="badge badge-neutral">admin</span> : null}
              </td>
              <td>
                {e.target?.deviceName !== undefined ? (
                  <UntrustedText text={e.target.deviceName} />
                ) : e.target?.deviceKey ? (
                  ''
                ) : (
                  '—'
                )}
                {e.target?.deviceKey ? (
                  <div class="mono muted device-key">
                    <UntrustedText text={e.target.deviceKey} />
                  </div>
                ) : null}
              </td>
              <td>
                {e.actor.username !== undefined ? <UntrustedText text={e.actor.username} /> : '—'}
                <div class="mono muted device-key">
                  <UntrustedText text={e.actor.pool} />
                </div>
              </td>
              <td>
                <span class={`badge ${outcome.badge}`}>{outcome.label}</span>
              </td>
              <td>
                <div class="history-details">
                  {e.error ? (
                    <span>
                      <span class="mono">{e.error.code}</span> <ErrorMessage error={e.error} />
                    </span>
                  ) : null}
                  {e.counts ? (
                    <span>
                      {e.counts.ok} of {e.counts.total} succeeded{e.counts.failed ? `, ${e.counts.failed} failed` : ''}
                    </span>
                  ) : null}
                  {e.statusBefore || e.statusAfter ? (
                    <StatusChange before={e.statusBefore} after={e.statusAfter} />
                  ) : null}
                  {e.reconciled ? (
                    <span>Checked after the extension stopped during the call: {FOUND_WORDS[e.reconciled.found]}</span>
                  ) : null}
                  {e.durationMs !== undefined ? (
                    <span class="muted">
                      {e.durationMs} ms{e.attempts && e.attempts > 1 ? `, ${e.attempts} attempts` : ''}
                    </span>
                  ) : null}
                  {e.requestId ? (
                    <span class="mono muted">
                      req <UntrustedText text={e.requestId} />
                    </span>
                  ) : null}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A status change in words; the stored values (as in exports) in the tooltip. */
function StatusChange({ before, after }: { before?: DeviceStatus; after?: DeviceStatus }) {
  const change = describeStatusChange(before, after);
  return (
    <span class="muted" title={`Stored as ${change.raw}`}>
      {change.words}
    </span>
  );
}
