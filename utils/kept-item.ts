/**
 * A storage item's value as this context last read or wrote it, for the item's one writer when it reads
 * the item on a hot path (each device list, each Watch check): storage is read once, not at each step.
 * Any stored change (its own writes too) drops the kept value, and a read or write that a change overtook
 * is not kept: a value written elsewhere is never hidden. The kept value is shared by every reader, so it
 * is frozen, deeply: a reader that changed it would throw rather than change it for the others.
 */
import type { WxtStorageItem } from 'wxt/utils/storage';

export interface KeptItem<T> {
  get(): Promise<T>;
  set(value: T): Promise<void>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

// biome-ignore lint/suspicious/noExplicitAny: an item's metadata type plays no part here.
export function keptItem<T>(item: WxtStorageItem<T, any>): KeptItem<T> {
  let kept: { readonly value: T } | undefined;
  let changes = 0;
  item.watch(() => {
    changes++;
    kept = undefined;
  });
  return {
    async get() {
      if (kept) return kept.value;
      const before = changes;
      const value = deepFreeze(await item.getValue());
      if (changes === before) kept = { value };
      return value;
    },
    async set(value) {
      kept = undefined;
      const before = changes;
      await item.setValue(value);
      // Its own change may be told before or after this; another context's must not be hidden.
      if (changes <= before + 1) kept = { value: deepFreeze(value) };
    },
  };
}
