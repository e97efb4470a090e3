import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ActivityBar } from '../../components/ActivityChart';
import { ActivityChart } from '../../components/ActivityChart';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { HistoryTable } from '../../components/HistoryTable';
import { lastDays } from '../../utils/activity';
import { download } from '../../utils/download';
import { type SerializedError, toAppError } from '../../utils/errors';
import { toCsv, toJson, withErrorWords } from '../../utils/history/export';
import { type HistoryStore, openHistory } from '../../utils/history/store';
import type { HistoryAction, HistoryEntry, HistoryFilters, HistoryOutcome } from '../../utils/history/types';
import { ACTION_OPTIONS, describeOutcome } from '../../utils/history-labels';
import { loadErrorText } from '../../utils/use-error-text';

const PAGE_SIZE = 25;
const OUTCOMES: HistoryOutcome[] = ['ok', 'failed', 'pending', 'interrupted'];
const EXPORT_MAX = 100_000;

/** The History section: the log with filters, search, paging, a chart, export and clear. */
export function HistorySection() {
  const [store, setStore] = useState<HistoryStore>();
  const [error, setError] = useState<SerializedError>();
  const [filters, setFilters] = useState<HistoryFilters>({});
  const [text, setText] = useState('');
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  // Cursors of the pages before the current one, and of the next page.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [next, setNext] = useState<string>();
  const [total, setTotal] = useState<number>();
  const [bars, setBars] = useState<ActivityBar[]>([]);
  const [confirmClear, setConfirmClear] = useState(false);
  const [loading, setLoading] = useState(true);
  // Only the latest query may land: typing fires one per key, and an older, broader one can finish last.
  const latest = useRef(0);

  useEffect(() => {
    let opened: HistoryStore | undefined;
    let live = true;
    openHistory().then(
      (s) => {
        // Left the section before the database opened: close it at once.
        if (!live) return s.close();
        opened = s;
        setStore(s);
      },
      (e: unknown) => {
        if (!live) return;
        setError(toAppError(e).toJSON());
        setLoading(false);
      },
    );
    return () => {
      live = false;
      opened?.close();
    };
  }, []);

  const effective: HistoryFilters = { ...filters, ...(text.trim() ? { text: text.trim() } : {}) };
  const key = JSON.stringify(effective);

  const loadPage = useCallback(
    async (cursor: string | undefined) => {
      if (!store) return;
      const ticket = ++latest.current;
      setLoading(true);
      try {
        const filters = JSON.parse(key) as HistoryFilters;
        const [page, count] = await Promise.all([
          store.query({ ...filters, limit: PAGE_SIZE, cursor }),
          store.count(filters),
        ]);
        if (ticket !== latest.current) return;
        setEntries(page.entries);
        setNext(page.nextCursor);
        setTotal(count);
        setError(undefined);
      } catch (e) {
        if (ticket === latest.current) setError(toAppError(e).toJSON());
      } finally {
        if (ticket === latest.current) setLoading(false);
      }
    },
    [store, key],
  );

  const loadChart = useCallback(async () => {
    if (!store) return;
    const days = lastDays(Date.now(), 14);
    const counts = await Promise.all(
      days.map(async (d) => {
        const all = await store.count({ since: d.start, until: d.end - 1 });
        const failed = await store.count({ since: d.start, until: d.end - 1, outcome: 'failed' });
        return { label: d.label, ok: all - failed, failed };
      }),
    );
    setBars(counts);
  }, [store]);

  useEffect(() => {
    setCursors([undefined]);
    void loadPage(undefined);
  }, [loadPage]);
  useEffect(() => {
    void loadChart();
  }, [loadChart]);

  const reload = () => {
    setCursors([undefined]);
    void loadPage(undefined);
    void loadChart();
  };
  const exportAs = async (format: 'csv' | 'json') => {
    if (!store) return;
    try {
      const [listed, words] = await Promise.all([store.list(effective, EXPORT_MAX), loadErrorText()]);
      const all = withErrorWords(listed, (code) => words.describeError(code).title);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      if (format === 'csv') download(`cognito-device-history-${stamp}.csv`, 'text/csv', toCsv(all));
      else {
        download(
          `cognito-device-history-${stamp}.json`,
          'application/json',
          toJson(all, { exportedAt: Date.now(), filter: effective }),
        );
      }
    } catch (e) {
      setError(toAppError(e).toJSON());
    }
  };
  const clearAll = async () => {
    setConfirmClear(false);
    if (!store) return;
    try {
      await store.clear();
    } catch (e) {
      setError(toAppError(e).toJSON());
    }
    reload();
  };
  const set = <K extends keyof HistoryFilters>(name: K, value: HistoryFilters[K] | '') =>
    setFilters((f) => {
      const copy = { ...f };
      if (value === '' || value === undefined) delete copy[name];
      else copy[name] = value as HistoryFilters[K];
      return copy;
    });
  const page = cursors.length;

  return (
    <div class="history-section">
      {error ? <ErrorNotice error={error} /> : null}
      <div class="panel chart-panel">
        <ActivityChart title="Actions, last 14 days" bars={bars} />
      </div>
      <div class="toolbar" role="toolbar" aria-label="History filters">
        <label class="field">
          Search device names
          <input class="input" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <label class="field">
          Action
          <select
            class="input"
            value={filters.action ?? ''}
            onChange={(e) => set('action', e.currentTarget.value as HistoryAction | '')}
          >
            <option value="">All actions</option>
            {ACTION_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label} ({o.value})
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          Outcome
          <select
            class="input"
            value={filters.outcome ?? ''}
            onChange={(e) => set('outcome', e.currentTarget.value as HistoryOutcome | '')}
          >
            <option value="">All outcomes</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {describeOutcome(o).label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          Mode
          <select
            class="input"
            value={filters.mode ?? ''}
            onChange={(e) => set('mode', e.currentTarget.value as 'user' | 'admin' | '')}
          >
            <option value="">User and admin</option>
            <option value="user">User</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <label class="field">
          Device key
          <input
            class="input"
            type="text"
            placeholder="us-east-1_…"
            value={filters.deviceKey ?? ''}
            onChange={(e) => set('deviceKey', e.currentTarget.value.trim())}
          />
        </label>
        <button type="button" class="btn" onClick={reload}>
          Reload
        </button>
        <span class="spacer" />
        <button type="button" class="btn" disabled={!total} onClick={() => void exportAs('csv')}>
          Export CSV
        </button>
        <button type="button" class="btn" disabled={!total} onClick={() => void exportAs('json')}>
          Export JSON
        </button>
        <button type="button" class="btn btn-danger" disabled={!total} onClick={() => setConfirmClear(true)}>
          Clear history
        </button>
      </div>
      <p class="muted" aria-live="polite">
        {loading ? 'Loading…' : total === undefined ? '' : `${total} entr${total === 1 ? 'y' : 'ies'} match.`}
      </p>
      {entries.length ? (
        <HistoryTable entries={entries} now={Date.now()} caption="History entries" />
      ) : loading ? null : (
        <p class="muted">No entries yet. Actions on devices and sessions will appear here.</p>
      )}
      <nav class="pager" aria-label="History pages">
        <button
          type="button"
          class="btn"
          disabled={page <= 1}
          onClick={() => {
            const previous = cursors.slice(0, -1);
            setCursors(previous);
            void loadPage(previous.at(-1));
          }}
        >
          Newer
        </button>
        <span>Page {page}</span>
        <button
          type="button"
          class="btn"
          disabled={!next}
          onClick={() => {
            setCursors((c) => [...c, next]);
            void loadPage(next);
          }}
        >
          Older
        </button>
      </nav>
      <ConfirmDialog
        open={confirmClear}
        title="Clear the whole history?"
        confirmLabel="Clear history"
        danger
        onCancel={() => setConfirmClear(false)}
        onConfirm={() => void clearAll()}
      >
        <p>
          Every entry and the dashboard’s memory of devices no longer listed will be deleted. This cannot be undone;
          export first if you need a record.
        </p>
      </ConfirmDialog>
    </div>
  );
}
