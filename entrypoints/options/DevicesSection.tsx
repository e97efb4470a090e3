import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DeviceTable } from '../../components/DeviceTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { KnownIntro } from '../../components/KnownFacts';
import { OutOfDateList } from '../../components/OutOfDateList';
import { UntrustedText } from '../../components/UntrustedText';
import { useForgetConfirm } from '../../components/use-forget-confirm';
import { WatchControl } from '../../components/WatchControl';
import { DEVICE_ACTION_LABEL, type DeviceAction } from '../../utils/devices/actions';
import type { BulkJobSnapshot } from '../../utils/devices/bulk-job';
import { forgetOthersPlan } from '../../utils/devices/forget-others';
import { findRow, offersRefresh } from '../../utils/devices/page-state';
import { useDevices } from '../../utils/devices/use-devices';
import { type DeviceRow, type DeviceSort, type DeviceSortKey, nextSort } from '../../utils/devices/view';
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
import { BulkConfirm, type BulkPlan } from './BulkConfirm';
import { BulkStatus } from './BulkStatus';
import { DeviceFilterBar, NoMatch } from './DeviceFilterBar';

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
  // The shared IP's devices exactly (not every IP it is the start of), whatever their status.
  const filterIp = (ip: string) => setFilter({ text: ip, remembered: 'all', ip });
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
  const startBulk = async (p: BulkPlan, targets: DeviceRow[]) => {
    setPlan(undefined);
    setBulkError(undefined);
    try {
      await sendMessage({
        type: 'devices.bulkStart',
        sessionId,
        action: p.action,
        devices: targets.map((r) => ({ key: r.key, name: r.name, remembered: r.remembered })),
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
  const others = forgetOthersPlan(state);

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
      <WatchControl sessionId={sessionId} username={username} />

      <div class="toolbar" role="toolbar" aria-label="Device list tools">
        <DeviceFilterBar filter={filter} onFilter={setFilter} inputRef={filterInput} />
        <button type="button" class="btn" disabled={state.status === 'loading'} onClick={() => void reload()}>
          {state.status === 'loading' ? 'Reloading…' : 'Reload'}
        </button>
        <span class="spacer" />
        <button
          type="button"
          class="btn btn-danger"
          disabled={others.listed.length + others.leftOut.length === 0 || jobRunning}
          onClick={() =>
            setPlan({
              action: 'forget',
              rows: others.listed,
              leftOut: others.leftOut,
              title: 'Forget all other devices?',
            })
          }
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
            onFilterIp={filterIp}
          />
        )}

        {state.knownOnly.length > 0 ? (
          <section aria-labelledby="known-title" class="known-section">
            <h3 id="known-title">Known from history</h3>
            <KnownIntro />
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
              onFilterIp={filterIp}
            />
          </section>
        ) : null}
      </OutOfDateList>

      {forget.dialog}
      <BulkConfirm
        plan={plan}
        onCancel={() => setPlan(undefined)}
        onConfirm={(p, targets) => void startBulk(p, targets)}
      />
    </div>
  );
}

/** Progress and results of the current or last bulk run. */
