import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AppHeader } from '../../components/AppHeader';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { lazyComponent } from '../../components/lazy-component';
import { SessionCard } from '../../components/SessionCard';
import { WatchNotices } from '../../components/WatchNotices';
import { readKeptList } from '../../utils/devices/kept-list';
import { createDevicesPrefetch } from '../../utils/devices/prefetch';
import { type ResponseOf, sendMessage } from '../../utils/messages';
import { findImportTabId } from '../../utils/session/page-client';
import type { SkippedEntry } from '../../utils/session/page-scan';
import type { PageCandidate } from '../../utils/session/page-storage';
import { needsRotationChoice } from '../../utils/session/rotation';
import type { PublicSession } from '../../utils/session/types';
import type { KeptDeviceList } from '../../utils/storage';
import { useTask } from '../../utils/use-task';
import { PopupDevices } from './PopupDevices';

type Choice = { tabId: number; origin: string; candidates: PageCandidate[]; skipped: SkippedEntry[] };
type Chooser = typeof import('../../components/SessionImportChooser').SessionImportChooser;
type AccessFor = typeof import('../../utils/session/issuer-access').requestAccessForIssuer;

// Drawn after the devices (the Watch switch, under them) or seldom (the rotation notice): loaded after the
// popup's first frame, not before it.
const RotationNotice = lazyComponent(() => import('../../components/RotationNotice').then((m) => m.RotationNotice));
const WatchControl = lazyComponent(() => import('../../components/WatchControl').then((m) => m.WatchControl));

/** How long the popup waits for the device list before it draws and asks for the session list on its own. */
const SESSION_LIST_AFTER_MS = 250;

/** The popup: the active session at a glance, import from the current tab, refresh, open the dashboard. */
export function App() {
  const [list, setList] = useState<ResponseOf<'session.list'>>();
  const [choice, setChoice] = useState<Choice>();
  // The chooser is loaded when a tab holds several sessions: not before the popup draws.
  const [Chooser, setChooser] = useState<Chooser>();
  // Loaded with it: the host access a chosen session needs, asked for synchronously in the click.
  const accessFor = useRef<AccessFor | undefined>(undefined);
  const { busy, error, run, retry } = useTask();
  // The active session's devices are asked for at once: the answer carries the session too, so one
  // message fills the popup, drawn once when it comes (no half-drawn popup, nothing shifting). The
  // session list is asked for only when that answer cannot show the session (none, expired, an
  // error) or is slow to come; then the popup is drawn without waiting longer.
  const [early, setEarly] = useState<PublicSession>();
  const [prefetch] = useState(() =>
    createDevicesPrefetch(sendMessage({ type: 'devices.list' }), (result) => setEarly(result.session)),
  );

  // The last list the popup showed for the active session is drawn at once (as of when it was
  // listed), before any answer; the fresh list then replaces it.
  // It is read during the first render (an effect would run a frame later).
  const [kept, setKept] = useState<KeptDeviceList>();
  const [shown, setShown] = useState(false);
  useState(() =>
    readKeptList().then(
      (found) => {
        if (!found) return;
        setKept(found);
        setShown(true);
      },
      () => undefined,
    ),
  );

  const load = async () => setList(await sendMessage({ type: 'session.list' }));
  useEffect(() => {
    let asked = false;
    const askForSessions = () => {
      setShown(true);
      if (asked) return;
      asked = true;
      void run(load);
    };
    const slow = setTimeout(askForSessions, SESSION_LIST_AFTER_MS);
    void prefetch.answered.then((answered) => {
      clearTimeout(slow);
      if (answered) setShown(true);
      else askForSessions();
    });
    return () => clearTimeout(slow);
  }, []);

  const importFromTab = () =>
    run(async () => {
      const tabId = await findImportTabId();
      const result = await sendMessage({ type: 'session.importFromTab', tabId });
      if (result.kind === 'choose') {
        const [{ SessionImportChooser }, { requestAccessForIssuer }] = await Promise.all([
          import('../../components/SessionImportChooser'),
          import('../../utils/session/issuer-access'),
        ]);
        accessFor.current = requestAccessForIssuer;
        setChooser(() => SessionImportChooser);
        setChoice({ tabId, origin: result.origin, candidates: result.candidates, skipped: result.skipped });
      } else await load();
    });
  const importChosen = (tabId: number, origin: string, c: PageCandidate) => {
    // First, synchronously: the click's user gesture is needed to ask for the region's host access.
    const access = accessFor.current?.(c.issuer);
    void run(async () => {
      await access;
      await sendMessage({
        type: 'session.importFromTab',
        tabId,
        choice: { clientId: c.clientId, username: c.username, origin, where: c.where, format: c.format },
      });
      setChoice(undefined);
      await load();
    });
  };
  /** Refresh; `allowRotation` only after the rotation notice's warning. The list is read again either way. */
  const refresh = (id: string, allowRotation?: boolean) =>
    run(async () => {
      try {
        await sendMessage({ type: 'session.refresh', id, ...(allowRotation ? { allowRotation } : {}) });
      } finally {
        await load();
      }
    });
  const openSettings = () => {
    void browser.tabs.create({ url: browser.runtime.getURL('/options.html#settings') });
    window.close();
  };
  const openDashboard = () => {
    void browser.runtime.openOptionsPage();
    window.close();
  };

  const active = list ? list.sessions.find((s) => s.id === list.activeId) : early;
  // A borrowed session of a rotating client is refreshed only through the notice's choice.
  const canRefresh = active?.has.refreshToken === true && !needsRotationChoice(active);
  // Until the session is known, the kept list stands for it (its card's place held, nothing shifting).
  const devicesOf = active?.id ?? (list ? undefined : kept?.sessionId);
  const importButton = (
    <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void importFromTab()}>
      Import session from this tab
    </button>
  );
  if (!shown) return null;
  return (
    <>
      <AppHeader>
        <button
          type="button"
          class="btn btn-sm"
          aria-label="Open dashboard"
          title="Open the dashboard in a tab"
          onClick={openDashboard}
        >
          Dashboard
        </button>
      </AppHeader>
      <main class="popup-main">
        <WatchNotices />
        {error ? <ErrorNotice error={error} compact onRetry={retry} /> : null}
        {choice && Chooser ? (
          <Chooser
            origin={choice.origin}
            candidates={choice.candidates}
            skipped={choice.skipped}
            busy={busy}
            onImport={(c) => importChosen(choice.tabId, choice.origin, c)}
            onCancel={() => setChoice(undefined)}
          />
        ) : devicesOf ? (
          <>
            {active ? (
              <>
                <SessionCard session={active} onOpenSettings={openSettings} />
                {needsRotationChoice(active) ? (
                  <RotationNotice
                    session={active}
                    busy={busy}
                    onReimport={() => void importFromTab()}
                    onRotate={() => void refresh(active.id, true)}
                  />
                ) : null}
                <div class="actions">
                  {canRefresh ? (
                    <button type="button" class="btn" disabled={busy} onClick={() => void refresh(active.id)}>
                      Refresh session
                    </button>
                  ) : null}
                  {importButton}
                </div>
              </>
            ) : (
              <div class="session-pending" aria-hidden="true" />
            )}
            <PopupDevices
              key={devicesOf}
              sessionId={devicesOf}
              stamp={active ? (active.refreshedAt ?? active.importedAt) : undefined}
              prefetch={prefetch}
              kept={kept}
              onRefreshSession={active && canRefresh ? () => void refresh(active.id) : undefined}
            />
            {active ? <WatchControl sessionId={active.id} username={active.username} compact /> : null}
          </>
        ) : list ? (
          <EmptyState title="No Cognito session yet" actions={importButton}>
            Sign in to your web app in this tab and import its session, or open the dashboard to paste a token or sign
            in.
          </EmptyState>
        ) : null}
      </main>
    </>
  );
}
