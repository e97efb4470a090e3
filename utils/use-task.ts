/**
 * A page's "run this, show busy, keep the error" helper: one task at a time,
 * its AppError kept (serialized) for an ErrorNotice.
 */
import { useState } from 'preact/hooks';
import { type SerializedError, toAppError } from './errors';

export function useTask() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SerializedError>();
  /** Run `task`; busy while it runs; its failure becomes `error`. */
  const run = async (task: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await task();
    } catch (e) {
      setError(toAppError(e).toJSON());
    } finally {
      setBusy(false);
    }
  };
  /** Show a failure that happened outside `run`. */
  const fail = (e: unknown) => setError(toAppError(e).toJSON());
  return { busy, error, run, fail };
}
