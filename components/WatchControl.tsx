import { useEffect, useState } from 'preact/hooks';
import { type ErrorCode, toAppError } from '../utils/errors';
import { sendMessage } from '../utils/messages';
import { requestNotifications } from '../utils/permissions';
import { type WatchState, watchItem } from '../utils/storage';
import { useErrorText } from '../utils/use-error-text';
import { ExactTime } from './TimeStamp';

/** Props of {@link WatchControl}. */
export interface WatchControlProps {
  sessionId: string;
}

/**
 * Watch for one session: the switch, when it last checked and what it found, browser notifications,
 * "Check now", and — once — why it stopped by itself. The state is the `local:watch` item; every change
 * goes through the worker.
 */
export function WatchControl({ sessionId }: WatchControlProps) {
  const [state, setState] = useState<WatchState>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ErrorCode>();
  useEffect(() => {
    void watchItem.getValue().then(setState);
    return watchItem.watch(setState);
  }, []);
  const watch = state?.sessions[sessionId];
  const stopped = watch?.on ? undefined : watch?.stopped;
  const stopWords = useErrorText(stopped?.code);
  const errorWords = useErrorText(watch?.on ? watch.lastError : undefined);
  const problemWords = useErrorText(problem);
  // Said once: the popup marks the reason shown as soon as it has been drawn.
  const [loud] = useState(() => ({ ids: new Set<string>() }));
  useEffect(() => {
    if (stopped && !stopped.shown && stopWords && !loud.ids.has(sessionId)) {
      loud.ids.add(sessionId);
      void sendMessage({ type: 'watch.stopShown', sessionId }).catch(() => undefined);
    }
  }, [stopped, stopWords]);
  if (!state) return null;

  const ask = async (task: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await task();
    } catch (e) {
      setProblem(toAppError(e).code);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (on: boolean) => ask(() => sendMessage({ type: 'watch.set', sessionId, on }));
  const toggleAlerts = (on: boolean) => {
    // Asked in the click itself (a user gesture); findings still reach History and the badge without it.
    const granted = on ? requestNotifications() : Promise.resolve(false);
    void ask(async () => sendMessage({ type: 'watch.alerts', on: on && (await granted) }));
  };
  const loudStop = stopped && (!stopped.shown || loud.ids.has(sessionId));
  return (
    <fieldset class="watch" aria-label="Watch this account">
      <label class="watch-check">
        <input
          type="checkbox"
          checked={watch?.on === true}
          disabled={busy}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />{' '}
        Watch for new devices
      </label>
      {watch?.on ? (
        <p class="muted small" role="status">
          {watch.lastRunAt ? (
            <>
              Last checked <ExactTime time={watch.lastRunAt} />
              {watch.lastFound ? ` · ${watch.lastFound} found` : ' · nothing new'}
            </>
          ) : (
            'Checking…'
          )}
          {errorWords ? ` · Last check failed: ${errorWords.title} Trying again at the next check.` : null}
        </p>
      ) : stopped && stopWords ? (
        <p class={loudStop ? 'notice notice-warn compact' : 'muted small'} role={loudStop ? 'alert' : undefined}>
          Watch stopped <ExactTime time={stopped.at} />: {stopWords.title} {loudStop ? stopWords.remediation : null}
        </p>
      ) : (
        <p class="muted small">Lists this account’s devices again every few minutes and says what changed.</p>
      )}
      {watch?.on ? (
        <div class="actions">
          <label class="watch-check">
            <input
              type="checkbox"
              checked={state.alerts}
              disabled={busy}
              onChange={(e) => toggleAlerts(e.currentTarget.checked)}
            />{' '}
            Browser notifications
          </label>
          <button
            type="button"
            class="btn btn-sm"
            disabled={busy}
            onClick={() => void ask(() => sendMessage({ type: 'watch.checkNow', sessionId }))}
          >
            Check now
          </button>
        </div>
      ) : null}
      {problemWords ? (
        <p class="notice notice-error compact" role="alert">
          {problemWords.title}
        </p>
      ) : null}
    </fieldset>
  );
}
