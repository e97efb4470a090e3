/**
 * The popup's reads before it has drawn, straight on `browser.storage`: the kept device list, the active
 * session id, the theme, the watch state. Through the storage library (@wxt-dev/storage, with its lock
 * and migration code) they would cost the popup about 3.5 KB gzip more before its first frame (npm run
 * bench -- popup). Each key here is the key of an item of utils/storage.ts, which takes it from here
 * (one spelling); the library keeps an item's value under the key's name in its area, its metadata
 * apart (`name$`), so a value read here is the item's value (tests/unit/storage-direct.test.ts proves
 * it both ways). Only items without migrations are written here; settings are only read (their theme).
 */
import { browser } from 'wxt/browser';

/** The keys read here, as utils/storage.ts defines its items with them. */
export const DIRECT_KEYS = {
  keptDeviceList: 'session:keptDeviceList',
  activeSessionId: 'session:activeSessionId',
  settings: 'local:settings',
  watch: 'local:watch',
} as const;

export type DirectKey = (typeof DIRECT_KEYS)[keyof typeof DIRECT_KEYS];

function split(key: DirectKey): [area: 'local' | 'session', name: string] {
  const at = key.indexOf(':');
  return [key.slice(0, at) as 'local' | 'session', key.slice(at + 1)];
}

/** The stored values of keys of one area, in one read; null where nothing is stored. */
export async function readDirect(keys: readonly DirectKey[]): Promise<unknown[]> {
  const parts = keys.map(split);
  const area = parts[0]?.[0];
  if (!area || parts.some(([a]) => a !== area)) throw new Error('readDirect: keys of one area');
  const names = parts.map(([, name]) => name);
  const found = await browser.storage[area].get(names);
  return names.map((name) => found[name] ?? null);
}

/** Store a value under a key (an item without migrations: its value is all there is). */
export async function writeDirect(key: DirectKey, value: unknown): Promise<void> {
  const [area, name] = split(key);
  await browser.storage[area].set({ [name]: value });
}

/**
 * Call `onChange` with a key's new value (null when removed) each time it changes; returns the unwatch.
 * Like the library's watch, a write of an equal value is not a change (compared as JSON: stored values
 * are JSON-shaped; an equal value with its keys in another order may call, harmlessly).
 */
export function watchDirect(key: DirectKey, onChange: (value: unknown) => void): () => void {
  const [area, name] = split(key);
  const listener = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>, changed: string) => {
    const change = changes[name];
    if (changed !== area || !change) return;
    if (JSON.stringify(change.newValue) === JSON.stringify(change.oldValue)) return;
    onChange(change.newValue ?? null);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
