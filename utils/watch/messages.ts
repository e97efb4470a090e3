/**
 * The watch area's slice of the message map (merged in utils/messages.ts).
 * The pages read the state itself from the `local:watch` item; every change
 * goes through the worker, its one writer.
 */
import type { WatchState } from '../storage';

/** What a "Check now" did, in facts a page words. */
export interface WatchCheckSummary {
  readonly found: number;
  /** Set when the check stopped the watch (the session cannot be used). */
  readonly stopped?: string;
  /** Set when it met a passing trouble (Watch tries again at the next period). */
  readonly failed?: string;
  readonly skipped?: 'locked' | 'notWatched';
}

export interface WatchMessageMap {
  /** Turn a session's watch on (its first check runs at once: the baseline) or off. */
  'watch.set': { request: { sessionId: string; on: boolean }; response: WatchState };
  /** Browser notifications for findings on or off (the page asked for the optional permission first). */
  'watch.alerts': { request: { on: boolean }; response: WatchState };
  /** Check a watched session now. */
  'watch.checkNow': { request: { sessionId: string }; response: WatchCheckSummary };
  /**
   * The popup opened and said how many findings there were: those are seen (a check's findings that came
   * after it stay unseen). Answers with what is left unseen.
   */
  'watch.seen': { request: { shown: number }; response: { unseen: number } };
  /** The popup said why a watch stopped: it is not said again. */
  'watch.stopShown': { request: { sessionId: string }; response: WatchState };
}
