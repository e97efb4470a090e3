/**
 * A page's "run this, show busy, keep the error" helper: one task at a time,
 * its AppError kept (serialized) for an ErrorNotice.
 */
import { useRef, useState } from 'preact/hooks';
import { type SerializedError, toAppError } from './errors';
import { mayPassByItself } from './transient';

export function useTask() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SerializedError>();
  const last = useRef<(() => Promise<unknown>) | undefined>(undefined);
  /** Run `task`; busy while it runs; its failure becomes `error`. */
  const run = async (task: () => Promise<unknown>) => {
    last.current = task;
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
  /** Run the last task again: offered (an ErrorNotice's Retry) only when its failure may pass by itself. */
  const retry =
    mayPassByItself(error) && last.current ? () => void run(last.current as () => Promise<unknown>) : undefined;
  return { busy, error, run, fail, retry };
}
