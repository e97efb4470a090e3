/**
 * The background worker's one connection to the history, opened on first use.
 * Opening also does the start-up duties: entries left pending by a worker that
 * died are marked interrupted, and retention is applied (in small batches,
 * after start-up work, so nothing waits on it). When IndexedDB is unavailable
 * (private mode, disk full) actions still run, unlogged, the failure is
 * reported by its code, and the next use tries to open it again.
 */
import { AppError } from '../errors';
import { lazily } from '../lazy';
import type { HistoryStore } from './store';
import { openHistory } from './store';
import type { RetentionPolicy } from './types';

export interface LazyHistoryOptions {
  open?: () => Promise<HistoryStore>;
  /** Retention limits from Settings. */
  retention?: () => Promise<RetentionPolicy>;
  onUnavailable?: (error: AppError) => void;
}

/** A getter for the shared history store (undefined when it cannot be opened). */
export function createLazyHistory(options: LazyHistoryOptions = {}): () => Promise<HistoryStore | undefined> {
  const open = options.open ?? (() => openHistory());
  const onUnavailable =
    options.onUnavailable ?? ((error: AppError) => console.warn(`History unavailable: ${error.code}`));
  // Only a successful open is kept (utils/lazy.ts): a one-off failure is retried at the next use.
  const opened = lazily(() =>
    open().then(async (store) => {
      await store.markInterrupted().catch((error: unknown) => {
        console.warn(`History: marking interrupted entries failed: ${codeOf(error)}`);
      });
      if (options.retention) {
        const retention = options.retention;
        setTimeout(() => {
          retention()
            .then((policy) => store.enforceRetention(policy))
            .catch((error: unknown) => console.warn(`History retention failed: ${codeOf(error)}`));
        }, 0);
      }
      return store;
    }),
  );
  return async () => {
    try {
      return await opened();
    } catch (error) {
      onUnavailable(
        error instanceof AppError ? error : new AppError('ERR_HISTORY_UNAVAILABLE', undefined, { cause: error }),
      );
      return undefined;
    }
  };
}

function codeOf(error: unknown): string {
  return error instanceof AppError ? error.code : 'ERR_INTERNAL';
}
