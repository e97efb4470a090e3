import { useState } from 'preact/hooks';
import { type ErrorCode, toAppError } from '../utils/errors';
import { sendMessage } from '../utils/messages';
import { requestNotifications } from '../utils/permissions';
import { visibleText } from '../utils/untrusted-text';
import { useErrorText } from '../utils/use-error-text';
import { ExactTime } from './TimeStamp';
import { useWatchState } from './watch-state';

/** Props of {@link WatchControl}. */
export interface WatchControlProps {
  sessionId: string;
  /** The account's username (untrusted text): the group's accessible name says whose account it watches. */
  username: string;
  /** The popup's one line: the switches and when it last checked (no explanation, no Check now). */
  compact?: boolean;
}

/**
 * Watch for one session: the switch, when it last checked and what it found, browser notifications,
 * "Check now", and why it stopped by itself (said aloud once by the popup's WatchNotices). The state is
 * the `local:watch` item; every change goes through the worker.
 */
export function WatchControl({ sessionId, username, compact = false }: WatchControlProps) {
  const state = useWatchState();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ErrorCode>();
  // What a check the person asked for found: announced once (the periodic line is not a live region, so a
  // check on the alarm every few minutes is not read out).
  const [said, setSaid] = useState('');
  const watch = state?.sessions[sessionId];
  const stopped = watch?.on ? undefined : watch?.stopped;
  const stopWords = useErrorText(stopped?.code);
  const errorWords = useErrorText(watch?.on ? watch.lastError : undefined);
  const problemWords = useErrorText(problem);
  if (!state) return null;

  const ask = async (task: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(undefined);
    setSaid('');
    try {
      await task();
    } catch (e) {
      setProblem(toAppError(e).code);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (on: boolean) =>
    ask(async () => {
      await sendMessage({ type: 'watch.set', sessionId, on });
      setSaid(on ? 'Watch is on. Its first check is done.' : 'Watch is off.');
    });
  const checkNow = () =>
    ask(async () => {
      const { found, stopped, failed } = await sendMessage({ type: 'watch.checkNow', sessionId });
      setSaid(
        stopped || failed ? 'The check did not finish.' : found ? `Checked: ${found} found.` : 'Checked: nothing new.',
      );
    });
  const toggleAlerts = (on: boolean) => {
    // Asked in the click itself (a user gesture); findings still reach History and the badge without it.
    const granted = on ? requestNotifications() : Promise.resolve(false);
    void ask(async () => sendMessage({ type: 'watch.alerts', on: on && (await granted) }));
  };
  const explain = 'Lists this account’s devices again every few minutes and says what changed.';
  const status = watch?.on ? (
    <span class="muted small">
      {watch.lastRunAt ? (
        <>
          {compact ? 'Checked ' : 'Last checked '}
          <ExactTime time={watch.lastRunAt} />
          {watch.lastFound ? ` · ${watch.lastFound} found` : ' · nothing new'}
        </>
      ) : (
        'Checking…'
      )}
      {errorWords ? ` · Last check failed: ${errorWords.title} Trying again at the next check.` : null}
    </span>
  ) : stopped && stopWords ? (
    <span class="muted small">
      Watch stopped <ExactTime time={stopped.at} />: {stopWords.title}
    </span>
  ) : compact ? null : (
    <span class="muted small">{explain}</span>
  );
  return (
    <fieldset class={compact ? 'watch watch-compact' : 'watch'} aria-label={`Watch ${visibleText(username)}’s account`}>
      <label class="watch-check" title={explain}>
        <input
          type="checkbox"
          checked={watch?.on === true}
          disabled={busy}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />{' '}
        Watch for new devices
      </label>
      {watch?.on ? (
        <label class="watch-check" title="One switch for every watched account in this browser">
          <input
            type="checkbox"
            checked={state.alerts}
            disabled={busy}
            onChange={(e) => toggleAlerts(e.currentTarget.checked)}
          />{' '}
          Browser notifications
        </label>
      ) : null}
      {watch?.on && !compact ? (
        <button type="button" class="btn btn-sm" disabled={busy} onClick={() => void checkNow()}>
          Check now
        </button>
      ) : null}
      {status}
      <span class="visually-hidden" aria-live="polite">
        {said}
      </span>
      {problemWords ? (
        <p class="notice notice-error compact" role="alert">
          {problemWords.title}
        </p>
      ) : null}
    </fieldset>
  );
}
