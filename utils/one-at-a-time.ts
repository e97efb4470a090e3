/**
 * A queue of tasks run one after another: each starts once the one before has settled (done or failed),
 * and each caller gets its own task's result or error. For the worker's read-modify-write steps (the
 * session store's writes, Watch's state and checks, the refresh alarm), which messages and alarms may
 * otherwise interleave.
 */
export function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
}
