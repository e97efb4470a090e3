import { useCallback, useEffect, useMemo, useRef } from 'preact/hooks';
import { DeviceList } from '../../components/DeviceList';
import { ErrorNotice } from '../../components/ErrorNotice';
import { KnownIntro } from '../../components/KnownFacts';
import { UntrustedText } from '../../components/UntrustedText';
import { useForgetConfirm } from '../../components/use-forget-confirm';
import type { DeviceAction } from '../../utils/devices/actions';
import { keepList } from '../../utils/devices/kept-list';
import { findRow, offersRefresh } from '../../utils/devices/page-state';
import type { DevicesPrefetch } from '../../utils/devices/prefetch';
import { useDevices } from '../../utils/devices/use-devices';
import { popupOrder } from '../../utils/devices/view';
import { formatExact } from '../../utils/format';
import type { KeptDeviceList } from '../../utils/storage';
import { mayPassByItself } from '../../utils/transient';

export interface PopupDevicesProps {
  sessionId: string;
  /** The device list of the active session requested while the popup opened (used once). */
  prefetch?: DevicesPrefetch;
  /** The last list the popup showed for this session, drawn until the fresh one lands. */
  kept?: KeptDeviceList;
  /** When the session's tokens last changed (imported or refreshed): a change lists the devices again. */
  stamp?: number;
  /** Offered when the token has expired. */
  onRefreshSession?: () => void;
}

/** The popup's device list: the session's devices, actions, and the forget confirmation. */
export function PopupDevices({ sessionId, prefetch, kept, stamp, onRefreshSession }: PopupDevicesProps) {
  const { state, act, reload } = useDevices(sessionId, prefetch, kept);
  // The first stamp seen is the session the list was loaded for; a later one (a refresh) lists again.
  const seenStamp = useRef(stamp);
  useEffect(() => {
    if (stamp === undefined) return;
    if (seenStamp.current !== undefined && stamp !== seenStamp.current) void reload();
    seenStamp.current = stamp;
  }, [stamp, reload]);
  // Every fresh list shown is kept (its device facts only) for the next time the popup opens.
  useEffect(() => {
    if (state.status !== 'ready' || state.keptAt !== undefined || state.fetchedAt === undefined) return;
    void keepList({ sessionId, listed: state.listed, knownOnly: state.knownOnly, fetchedAt: state.fetchedAt }).catch(
      () => undefined,
    );
  }, [sessionId, state.status, state.listed, state.knownOnly, state.fetchedAt, state.keptAt]);
  const forget = useForgetConfirm((row) => void act(row, 'forget'));
  const askForget = forget.ask;
  // Read through a ref so the handler stays the same object while the list is on screen.
  const current = useRef(state);
  current.current = state;
  const onAction = useCallback(
    (key: string, action: DeviceAction) => {
      const row = findRow(current.current, key);
      if (!row) return;
      if (action === 'forget') askForget(row);
      else void act(row, action);
    },
    [act, askForget],
  );
  // A user-timing mark when rows are in the document: how many of how many, and from where (npm run bench
  // reads it). The source is read when the rows land (a ref), so the list is not built again for it.
  const source = useRef('');
  source.current = state.keptAt !== undefined ? 'kept' : state.status;
  const total = useRef(0);
  total.current = state.listed.length;
  const onDrawn = useCallback((drawn: number) => {
    performance.mark('devices-drawn', { detail: { source: source.current, rows: drawn, of: total.current } });
  }, []);
  // The lists are built again only when the devices, their action states or the listing change: the
  // popup's other updates (the session list arriving, a busy flag) leave the device cards alone.
  // Sorted once per listing: the rows stay the same array while only action states change.
  const ordered = useMemo(() => popupOrder(state.listed), [state.listed]);
  const listed = useMemo(
    () => (
      <DeviceList
        rows={ordered}
        now={Date.now()}
        states={state.rows}
        onAction={onAction}
        label="Remembered devices"
        onDrawn={onDrawn}
      />
    ),
    [ordered, state.rows, onAction, onDrawn],
  );
  const knownOnly = useMemo(
    () => (
      <DeviceList
        rows={state.knownOnly}
        now={Date.now()}
        states={state.rows}
        onAction={onAction}
        label="Devices known from history"
      />
    ),
    [state.knownOnly, state.rows, onAction],
  );
  const rows = [...state.listed, ...state.knownOnly];
  return (
    <section class="popup-devices" aria-labelledby="popup-devices-title" aria-busy={state.status === 'loading'}>
      <h2 id="popup-devices-title">
        Devices{' '}
        <span class="muted">{state.status === 'ready' || state.listed.length ? `(${state.listed.length})` : ''}</span>
      </h2>
      {state.keptAt !== undefined ? (
        <p class="muted small">
          As of {formatExact(state.keptAt)}
          {state.status === 'loading' ? ' (updating…)' : ''}
        </p>
      ) : null}
      {state.error ? (
        <ErrorNotice
          error={state.error}
          onRetry={mayPassByItself(state.error) ? () => void reload() : undefined}
          action={
            offersRefresh(state.error) && onRefreshSession ? (
              <button type="button" class="btn btn-sm" onClick={onRefreshSession}>
                Refresh session
              </button>
            ) : undefined
          }
        />
      ) : null}
      {state.staleDeviceKey ? (
        <p class="stale-device" role="note" aria-label="This app’s device was forgotten">
          <span class="badge badge-warn">App’s device forgotten</span> This app’s device was forgotten; the app
          registers a new one at its next sign-in. Nothing is wrong with the extension or this session.{' '}
          <span class="muted mono">
            <UntrustedText text={state.staleDeviceKey} />
          </span>
        </p>
      ) : null}
      {state.status === 'loading' && rows.length === 0 ? (
        <p class="muted device-placeholder">Loading devices…</p>
      ) : null}
      {state.status === 'ready' && rows.length === 0 ? (
        <p class="muted device-placeholder">Cognito remembers no device for this account.</p>
      ) : null}
      {listed}
      {state.knownOnly.length > 0 ? (
        <>
          <h3 class="known-title">Known from history</h3>
          <KnownIntro class="muted small" />
          {knownOnly}
        </>
      ) : null}
      {forget.dialog}
    </section>
  );
}
