/**
 * One value held a short while: dropped `ms` after it was last set or read, so the worker does not hold
 * it for nothing (an audit's device keys for an export's chunks, a comparison's rows for its file's).
 */
export interface KeptFor<T> {
  /** The value, if still held (reading it keeps it `ms` longer). */
  get(): T | undefined;
  set(value: T): void;
  clear(): void;
}

export function keptFor<T>(ms: number): KeptFor<T> {
  let held: T | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const keep = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      held = undefined;
    }, ms);
  };
  return {
    get() {
      if (held !== undefined) keep();
      return held;
    },
    set(value) {
      held = value;
      keep();
    },
    clear() {
      clearTimeout(timer);
      held = undefined;
    },
  };
}
