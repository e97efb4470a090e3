import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AppHeader } from '../../components/AppHeader';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SessionCard } from '../../components/SessionCard';
import { SessionImportChooser } from '../../components/SessionImportChooser';
import type { DeviceListResult } from '../../utils/devices/service';
import { type ResponseOf, sendMessage } from '../../utils/messages';
import { findImportTabId, requestAccessForIssuer } from '../../utils/session/page-client';
import type { PageCandidate } from '../../utils/session/page-storage';
import type { PublicSession } from '../../utils/session/types';
import { useTask } from '../../utils/use-task';
import { PopupDevices } from './PopupDevices';

type Choice = { tabId: number; origin: string; candidates: PageCandidate[] };

/** The popup: the active session at a glance, import from the current tab, refresh, open the dashboard. */
export function App() {
  const [list, setList] = useState<ResponseOf<'session.list'>>();
  const [choice, setChoice] = useState<Choice>();
  const { busy, error, run } = useTask();
  // Ask for the active session's devices at once, alongside the session list: the popup opens faster.
  // Used once, by the first device list shown; a failed prefetch is not used (that list loads again and
  // reports its own error).
  // Its answer carries the active session, so the popup can show both before the session list arrives.
  const [early, setEarly] = useState<PublicSession>();
  const [prefetch] = useState(() => {
    let pending: Promise<DeviceListResult | undefined> | undefined = sendMessage({ type: 'devices.list' }).then(
      (result) => {
        setEarly(result.session);
        return result;
      },
      () => undefined,
    );
    return () => {
      const taken = pending;
      pending = undefined;
      return taken;
    };
  });

  const load = async () => setList(await sendMessage({ type: 'session.list' }));
  useEffect(() => {
    void run(load);
  }, []);

  const importFromTab = () =>
    run(async () => {
      const tabId = await findImportTabId();
      const result = await sendMessage({ type: 'session.importFromTab', tabId });
      if (result.kind === 'choose') setChoice({ tabId, origin: result.origin, candidates: result.candidates });
      else await load();
    });
  const importChosen = (tabId: number, origin: string, c: PageCandidate) => {
    // First, synchronously: the click's user gesture is needed to ask for the region's host access.
    const access = requestAccessForIssuer(c.issuer);
    void run(async () => {
      await access;
      await sendMessage({
        type: 'session.importFromTab',
        tabId,
        choice: { clientId: c.clientId, username: c.username, origin },
      });
      setChoice(undefined);
      await load();
    });
  };
  const refresh = (id: string) =>
    run(async () => {
      await sendMessage({ type: 'session.refresh', id });
      await load();
    });
  const openDashboard = () => {
    void browser.runtime.openOptionsPage();
    window.close();
  };

  const active = list ? list.sessions.find((s) => s.id === list.activeId) : early;
  const importButton = (
    <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void importFromTab()}>
      Import session from this tab
    </button>
  );
  return (
    <>
      <AppHeader>
        <button type="button" class="btn" onClick={openDashboard}>
          Open dashboard
        </button>
      </AppHeader>
      <main class="popup-main">
        {error ? <ErrorNotice error={error} compact /> : null}
        {choice ? (
          <SessionImportChooser
            origin={choice.origin}
            candidates={choice.candidates}
            busy={busy}
            onImport={(c) => importChosen(choice.tabId, choice.origin, c)}
            onCancel={() => setChoice(undefined)}
          />
        ) : active ? (
          <>
            <SessionCard session={active} />
            <div class="actions">
              {active.has.refreshToken ? (
                <button type="button" class="btn" disabled={busy} onClick={() => void refresh(active.id)}>
                  Refresh session
                </button>
              ) : null}
              {importButton}
            </div>
            <PopupDevices
              key={`${active.id}:${active.refreshedAt ?? active.importedAt}`}
              sessionId={active.id}
              takePrefetched={prefetch}
              onRefreshSession={active.has.refreshToken ? () => void refresh(active.id) : undefined}
            />
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
