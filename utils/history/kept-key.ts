/**
 * The key that seals kept sessions (Settings → keep sessions), in its own
 * small IndexedDB database: an AES-GCM 256 CryptoKey made non-extractable, so
 * no script (this extension's included) can read its bytes through WebCrypto;
 * IndexedDB is the one storage that holds a CryptoKey as such. This module is
 * utils/history/ because that is the only code that opens IndexedDB.
 *
 * What it does not do: the browser writes the key's bytes into the profile's
 * IndexedDB files, unencrypted. Someone who can read the whole profile can
 * find the key and open the sealed copy; sealing keeps tokens out of the
 * storage files as text, not away from such a person (README, Security).
 */
import { type IDBPDatabase, wrap } from 'idb';
import { AppError } from '../errors';

export const KEPT_KEY_DB_NAME = 'cognito-device-dashboard-kept-key';
const STORE = 'keys';
const KEY_ID = 'sessions';

/** The one key of kept sessions. */
export interface KeptKeyStore {
  /** The key, if one was made (and not destroyed since). */
  get(): Promise<CryptoKey | undefined>;
  /** The key, made now (non-extractable) when there is none. */
  getOrCreate(): Promise<CryptoKey>;
  /** Delete the key and its database: whatever it sealed can no longer be opened here. */
  destroy(): Promise<void>;
}

/** The key store over `indexedDB` (the global by default) and WebCrypto. */
export function createKeptKeyStore(
  options: { indexedDB?: IDBFactory; subtle?: SubtleCrypto; name?: string } = {},
): KeptKeyStore {
  const name = options.name ?? KEPT_KEY_DB_NAME;
  const factory = () => {
    const f = options.indexedDB ?? globalThis.indexedDB;
    if (!f) throw new AppError('ERR_SESSION_KEPT_UNAVAILABLE', 'IndexedDB is not available here.');
    return f;
  };
  const subtle = () => options.subtle ?? globalThis.crypto.subtle;
  const open = (): Promise<IDBPDatabase> => {
    const request = factory().open(name, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(STORE);
    };
    return wrap(request) as Promise<IDBPDatabase>;
  };
  const guard = async <T>(task: () => Promise<T>): Promise<T> => {
    try {
      return await task();
    } catch (cause) {
      if (cause instanceof AppError) throw cause;
      throw new AppError('ERR_SESSION_KEPT_UNAVAILABLE', undefined, { cause });
    }
  };
  let creating: Promise<CryptoKey> | undefined;

  const store: KeptKeyStore = {
    get: () =>
      guard(async () => {
        const db = await open();
        try {
          return (await db.get(STORE, KEY_ID)) as CryptoKey | undefined;
        } finally {
          db.close();
        }
      }),
    getOrCreate() {
      creating ??= guard(async () => {
        const existing = await store.get();
        if (existing) return existing;
        const key = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
        const db = await open();
        try {
          await db.put(STORE, key, KEY_ID);
        } finally {
          db.close();
        }
        return key;
      }).finally(() => {
        creating = undefined;
      });
      return creating;
    },
    destroy: () =>
      guard(async () => {
        await wrap(factory().deleteDatabase(name));
      }),
  };
  return store;
}
