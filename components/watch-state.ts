/**
 * The stored watch state (`local:watch`), kept current for a page through one storage watch however many
 * components read it (the popup's notices and its Watch switches share it). Read straight on
 * browser.storage (utils/storage-direct.ts): the popup's notices draw before the storage library loads.
 */
import { useEffect, useState } from 'preact/hooks';
import type { WatchState } from '../utils/storage';
import { DIRECT_KEYS, readDirect, watchDirect } from '../utils/storage-direct';
import { NO_WATCH } from '../utils/storage-watch';

type Listener = (state: WatchState) => void;

/** A stored value as the watch state: nothing stored is no watch (the item's fallback). */
const asState = (stored: unknown): WatchState => (stored as WatchState | null) ?? NO_WATCH;

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
    unwatch = watchDirect(DIRECT_KEYS.watch, (stored) => publish(asState(stored)));
    // A change that lands before the first read is newer than it: the read does not overwrite it.
    void readDirect([DIRECT_KEYS.watch]).then(([state]) => {
      if (latest === undefined && unwatch !== undefined) publish(asState(state));
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
