/**
 * The background worker's one connection to the history, opened on first use.
 * Opening also does the start-up duties: entries left pending by a worker that
 * died are marked interrupted, and retention is applied (in small batches,
 * after start-up work, so nothing waits on it). When IndexedDB is unavailable
 * (private mode, disk full) actions still run, unlogged, and the failure is
 * reported once by its code.
 */
import { AppError } from '../errors';
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
  let opened: Promise<HistoryStore | undefined> | undefined;
  return () => {
    opened ??= (async () => {
      try {
        const store = await open();
        await store.markInterrupted();
        if (options.retention) {
          const policy = await options.retention();
          setTimeout(() => {
            store.enforceRetention(policy).catch((error: unknown) => {
              console.warn(`History retention failed: ${error instanceof AppError ? error.code : 'ERR_INTERNAL'}`);
            });
          }, 0);
        }
        return store;
      } catch (error) {
        onUnavailable(
          error instanceof AppError ? error : new AppError('ERR_HISTORY_UNAVAILABLE', undefined, { cause: error }),
        );
        return undefined;
      }
    })();
    return opened;
  };
}
