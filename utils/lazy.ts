/**
 * The one lazy-open of the extension: open on first use, share the promise,
 * and forget a failure so the next use tries again. Pure; no I/O of its own.
 */

/** A getter that opens once, on first use; a failed open is retried at the next use. */
export function lazily<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () => {
    opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
}
