/**
 * The stored watch state (`local:watch`), kept current for a page through one storage watch however many
 * components read it (the popup's notices and its Watch switches share it).
 */
import { useEffect, useState } from 'preact/hooks';
import { type WatchState, watchItem } from '../utils/storage';

type Listener = (state: WatchState) => void;

const listeners = new Set<Listener>();
let latest: WatchState | undefined;
let unwatch: (() => void) | undefined;

function publish(state: WatchState): void {
  latest = state;
  for (const listener of listeners) listener(state);
}

/** Follow the watch state: the one storage watch opens with the first listener and closes with the last. */
export function subscribeWatchState(listener: Listener): () => void {
  listeners.add(listener);
  if (unwatch === undefined) {
    unwatch = watchItem.watch(publish);
    // A change that lands before the first read is newer than it: the read does not overwrite it.
    void watchItem.getValue().then((state) => {
      if (latest === undefined && unwatch !== undefined) publish(state);
    });
  } else if (latest !== undefined) {
    listener(latest);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    unwatch?.();
    unwatch = undefined;
    latest = undefined;
  };
}

/** The stored watch state, kept current (undefined until first read). */
export function useWatchState(): WatchState | undefined {
  const [state, setState] = useState<WatchState | undefined>(latest);
  useEffect(() => subscribeWatchState(setState), []);
  return state;
}
