import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DeviceTable } from '../../components/DeviceTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useForgetConfirm } from '../../components/ForgetConfirm';
import { OutOfDateList } from '../../components/OutOfDateList';
import { UntrustedText } from '../../components/UntrustedText';
import { DEVICE_ACTION_LABEL, type DeviceAction } from '../../utils/devices/actions';
import type { BulkJobSnapshot } from '../../utils/devices/bulk-job';
import { findRow, offersRefresh } from '../../utils/devices/page-state';
import { useDevices } from '../../utils/devices/use-devices';
import { type DeviceRow, type DeviceSort, type DeviceSortKey, deviceLabel, nextSort } from '../../utils/devices/view';
import {
  type DeviceFilter,
  hiddenSelectionNote,
  isFiltering,
  NO_FILTER,
  selectionText,
  visibleDevices,
} from '../../utils/devices/visible';
import { type SerializedError, toAppError } from '../../utils/errors';
import { type ResponseOf, sendMessage } from '../../utils/messages';
import { bulkJobItem } from '../../utils/storage';
import { mayPassByItself } from '../../utils/transient';
import { BulkStatus } from './BulkStatus';
import { DeviceFilterBar, NoMatch } from './DeviceFilterBar';

type BulkPlan = { action: DeviceAction; rows: DeviceRow[]; title: string; note?: string };

/** The Devices section: the active session's devices, sortable and filterable, with bulk actions. */
export function DevicesSection({ onOpenSessions }: { onOpenSessions: () => void }) {
  const [sessions, setSessions] = useState<ResponseOf<'session.list'>>();
  const [sessionError, setSessionError] = useState<SerializedError>();
  useEffect(() => {
    sendMessage({ type: 'session.list' }).then(setSessions, (e: unknown) => setSessionError(toAppError(e).toJSON()));
  }, []);
  const active = sessions?.sessions.find((s) => s.id === sessions.activeId);

  if (sessionError) return <ErrorNotice error={sessionError} />;
  if (!sessions) return <p class="muted section-placeholder">Loading…</p>;
  if (!active) {
    return (
      <div class="panel">
        <EmptyState
          title="No Cognito session yet"
          level={3}
          actions={
            <button type="button" class="btn btn-primary" onClick={onOpenSessions}>
              Go to Sessions
            </button>
          }
        >
          Import a session from your web app’s tab (popup), paste an access token, or sign in on the Sessions page.
        </EmptyState>
      </div>
    );
  }
  return <SessionDevices key={active.id} sessionId={active.id} username={active.username} poolId={active.poolId} />;
}

function SessionDevices({ sessionId, username, poolId }: { sessionId: string; username: string; poolId?: string }) {
  const { state, act, reload } = useDevices(sessionId);
  const [sort, setSort] = useState<DeviceSort>({ key: 'lastAuthenticatedAt', direction: 'desc' });
  const [filter, setFilter] = useState<DeviceFilter>(NO_FILTER);
  const filterInput = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const forget = useForgetConfirm((row) => void act(row, 'forget'));
  const [plan, setPlan] = useState<BulkPlan>();
  const [job, setJob] = useState<BulkJobSnapshot | null>(null);
  const [bulkError, setBulkError] = useState<SerializedError>();
  const [refreshing, setRefreshing] = useState(false);

  useEffect(() => {
    void bulkJobItem.getValue().then(setJob);
    return bulkJobItem.watch((next) => setJob(next));
  }, []);
  const jobRunning = job?.state === 'running';
  useEffect(() => {
    if (job && job.state !== 'running') void reload();
  }, [job?.state, reload]);

  const visible = useMemo(
    () => visibleDevices(state, filter, sort, selected),
    [state.listed, state.knownOnly, filter, sort, selected],
  );
  const { listed: rows, known, selectedShown: selectedRows } = visible;
  const all = [...state.listed, ...state.knownOnly];
  const clearFilter = () => {
    setFilter(NO_FILTER);
    filterInput.current?.focus();
  };
  const noMatch = isFiltering(filter) ? <NoMatch filter={filter} onClear={clearFilter} /> : undefined;
  const now = Date.now();
  const outOfDate = state.status === 'failed' && state.fetchedAt !== undefined && all.length > 0;

  const onSort = (key: DeviceSortKey) => setSort((s) => nextSort(s, key));
  const toggle = (key: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const toggleAll = (keys: string[]) => (select: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const k of keys) {
        if (select) next.add(k);
        else next.delete(k);
      }
      return next;
    });
  const onAction = (key: string, action: DeviceAction) => {
    const row = findRow(state, key);
    if (!row) return;
    if (action === 'forget') forget.ask(row);
    else void act(row, action);
  };
  const startBulk = async (p: BulkPlan) => {
    setPlan(undefined);
    setBulkError(undefined);
    try {
      await sendMessage({
        type: 'devices.bulkStart',
        sessionId,
        action: p.action,
        devices: p.rows.map((r) => ({ key: r.key, name: r.name, remembered: r.remembered })),
      });
      setSelected(new Set());
    } catch (e) {
      setBulkError(toAppError(e).toJSON());
    }
  };
  const refreshSession = async () => {
    setRefreshing(true);
    try {
      await sendMessage({ type: 'session.refresh', id: sessionId });
      await reload();
    } catch (e) {
      setBulkError(toAppError(e).toJSON());
    } finally {
      setRefreshing(false);
    }
  };
  const others = state.listed.filter((r) => !r.isCurrent);

  return (
    <div class="devices-section">
      <p class="muted">
        Devices of{' '}
        <strong>
          <UntrustedText text={username} />
        </strong>{' '}
        in pool{' '}
        <span class="mono">
          <UntrustedText text={poolId ?? 'unknown'} />
        </span>
        . {state.fetchedAt ? `Listed ${new Date(state.fetchedAt).toLocaleTimeString()}.` : ''}
      </p>
      {state.error ? (
        <ErrorNotice
          error={state.error}
          onRetry={mayPassByItself(state.error) ? () => void reload() : undefined}
          action={
            offersRefresh(state.error) ? (
              <button type="button" class="btn btn-sm" disabled={refreshing} onClick={() => void refreshSession()}>
                Refresh session
              </button>
            ) : undefined
          }
        />
      ) : null}
      {bulkError ? <ErrorNotice error={bulkError} /> : null}

      <div class="toolbar" role="toolbar" aria-label="Device list tools">
        <DeviceFilterBar filter={filter} onFilter={setFilter} inputRef={filterInput} />
        <button type="button" class="btn" disabled={state.status === 'loading'} onClick={() => void reload()}>
          {state.status === 'loading' ? 'Reloading…' : 'Reload'}
        </button>
        <span class="spacer" />
        <button
          type="button"
          class="btn btn-danger"
          disabled={others.length === 0 || jobRunning}
          onClick={() => setPlan({ action: 'forget', rows: others, title: 'Forget all other devices?' })}
        >
          Forget all other devices
        </button>
      </div>

      <div class="bulk-bar" aria-live="polite">
        <span>{selectionText(visible)}</span>
        {(['remember', 'notRemember', 'forget'] as const).map((action) => (
          <button
            key={action}
            type="button"
            class={action === 'forget' ? 'btn btn-sm btn-danger' : 'btn btn-sm'}
            disabled={selectedRows.length === 0 || jobRunning}
            onClick={() =>
              setPlan({
                action,
                rows: selectedRows,
                title: `${DEVICE_ACTION_LABEL[action]} ${selectedRows.length} device${selectedRows.length === 1 ? '' : 's'}?`,
                note: hiddenSelectionNote(visible),
              })
            }
          >
            {DEVICE_ACTION_LABEL[action]} selected
          </button>
        ))}
      </div>

      {job ? <BulkStatus job={job} /> : null}

      <OutOfDateList asOf={outOfDate ? state.fetchedAt : undefined}>
        {state.status === 'ready' && state.listed.length === 0 ? (
          <p class="muted">Cognito lists no remembered device for this account.</p>
        ) : state.status === 'failed' && state.listed.length === 0 ? null : (
          <DeviceTable
            caption="Devices listed by Cognito"
            rows={rows}
            now={now}
            sort={sort}
            onSort={onSort}
            selected={selected}
            onToggle={toggle}
            onToggleAll={toggleAll(rows.map((r) => r.key))}
            states={state.rows}
            onAction={onAction}
            empty={noMatch}
          />
        )}

        {state.knownOnly.length > 0 ? (
          <section aria-labelledby="known-title" class="known-section">
            <h3 id="known-title">Known from history</h3>
            <p class="muted" title="The user’s own token can call ListDevices, which returns remembered devices only.">
              Cognito lists only remembered devices to the user’s own token, so these no longer appear, but the history
              knows them. Remember one again to bring it back.
            </p>
            <DeviceTable
              caption="Devices known from history"
              rows={known}
              now={now}
              sort={sort}
              onSort={onSort}
              selected={selected}
              onToggle={toggle}
              onToggleAll={toggleAll(known.map((r) => r.key))}
              states={state.rows}
              onAction={onAction}
              empty={noMatch}
            />
          </section>
        ) : null}
      </OutOfDateList>

      {forget.dialog}
      <ConfirmDialog
        open={plan !== undefined}
        title={plan?.title ?? ''}
        confirmLabel={plan ? `${DEVICE_ACTION_LABEL[plan.action]} ${plan.rows.length}` : ''}
        danger={plan?.action === 'forget'}
        onCancel={() => setPlan(undefined)}
        onConfirm={() => plan && void startBulk(plan)}
      >
        {plan?.note ? <p class="strong-note">{plan.note}</p> : null}
        <p>These devices, exactly:</p>
        <ul class="preview-list">
          {plan?.rows.map((r) => (
            <li key={r.key}>
              <UntrustedText text={deviceLabel(r)} />{' '}
              <span class="mono muted">
                <UntrustedText text={r.key} />
              </span>
              {r.isCurrent ? <strong> (this browser’s device)</strong> : null}
            </li>
          ))}
        </ul>
        {plan?.action === 'forget' ? (
          <p class="muted">Forgotten devices need the full sign-in again, MFA included.</p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

/** Progress and results of the current or last bulk run. */
