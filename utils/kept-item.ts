/**
 * A storage item's value as this context last read or wrote it, for the item's one writer when it reads
 * the item on a hot path (each device list, each Watch check): storage is read once, not at each step.
 * Any stored change (its own writes too) drops the kept value, and a read or write that a change overtook
 * is not kept: a value written elsewhere is never hidden. The kept value is shared by every reader, so it
 * is a frozen copy, deeply: a reader that changed it would throw rather than change it for the others.
 */
import type { WxtStorageItem } from 'wxt/utils/storage';

export interface KeptItem<T> {
  get(): Promise<T>;
  set(value: T): Promise<void>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A frozen copy: neither the library's fallback value nor a caller's argument is frozen in place. */
const frozenCopy = <T>(value: T): T => deepFreeze(structuredClone(value));

// biome-ignore lint/suspicious/noExplicitAny: an item's metadata type plays no part here.
export function keptItem<T>(item: WxtStorageItem<T, any>): KeptItem<T> {
  let kept: { readonly value: T } | undefined;
  // Stored changes told (its own writes too), and its own writes begun: a read that either overtook is
  // not kept (a read begun before a write of its own may answer after it, with the older value).
  let changes = 0;
  let sets = 0;
  item.watch(() => {
    changes++;
    kept = undefined;
  });
  return {
    async get() {
      if (kept) return kept.value;
      const [changesBefore, setsBefore] = [changes, sets];
      const value = frozenCopy(await item.getValue());
      if (changes === changesBefore && sets === setsBefore) kept = { value };
      return value;
    },
    async set(value) {
      kept = undefined;
      sets++;
      const [changesBefore, setsBefore] = [changes, sets];
      await item.setValue(value);
      // Its own change may be told before or after this; another context's, or a later write of its own,
      // must not be hidden.
      if (changes <= changesBefore + 1 && sets === setsBefore) kept = { value: frozenCopy(value) };
    },
  };
}
