/**
 * Watch's storage shape (issue 18): which sessions are watched, why one
 * stopped, and how many findings the person has not seen. Identifiers, codes
 * and counts only: never a token. Types only; the item is in storage.ts and
 * the rules in utils/watch/state.ts.
 */
import type { ErrorCode } from './errors';

/** Why Watch stopped for a session, and whether the popup has said so yet (it says it once). */
export interface WatchStop {
  readonly code: ErrorCode;
  readonly at: number;
  readonly shown: boolean;
}

/** One session's watch. */
export interface WatchSession {
  readonly on: boolean;
  /** When it was turned on (epoch ms). */
  readonly since: number;
  /** When its devices were last checked (epoch ms). */
  readonly lastRunAt?: number;
  /** How many findings that check made. */
  readonly lastFound?: number;
  /** A check that failed with a passing trouble (network, throttling): Watch keeps trying. */
  readonly lastError?: ErrorCode;
  /** Set when Watch turned itself off: the session cannot be used (expired, signed out, refused). */
  readonly stopped?: WatchStop;
}

export interface WatchState {
  /** By session id. */
  readonly sessions: Readonly<Record<string, WatchSession>>;
  /** Findings since the popup was last opened (the toolbar badge). */
  readonly unseen: number;
  /** Browser notifications wanted (the optional `notifications` permission was asked for then). */
  readonly alerts: boolean;
}

export const NO_WATCH: WatchState = { sessions: {}, unseen: 0, alerts: false };
