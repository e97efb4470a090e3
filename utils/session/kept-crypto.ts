/**
 * Sealing the kept copy of the sessions (Settings → keep sessions): the
 * sessions and the active id, as JSON, encrypted with AES-GCM 256 under the
 * non-extractable key of utils/history/kept-key.ts, with a fresh 96-bit IV
 * per write. What storage.local holds is `SealedSessions` only: no token,
 * refresh token or client secret in clear text. Opting out deletes the copy
 * and destroys the key, so a stale copy the browser's storage files still
 * hold (LevelDB keeps deleted values until it compacts) can no longer be
 * opened by the extension. What this does and does not protect against:
 * README, Security.
 */
import { AppError } from '../errors';
import type { KeptKeyStore } from '../history/kept-key';
import { createKeptKeyStore } from '../history/kept-key';
import type { SealedSessions, Session } from '../storage';

/** What storage.local keeps (defined with the storage items). */
export type { SealedSessions } from '../storage';

/** What is sealed. */
export interface KeptPayload {
  readonly sessions: Session[];
  readonly activeId: string | null;
}

/** Binds a ciphertext to its purpose. */
const AAD = new TextEncoder().encode('cognito-device-dashboard/kept-sessions/v1');

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Seal and open kept sessions; forget destroys the key. */
export interface KeptVault {
  seal(payload: KeptPayload): Promise<SealedSessions>;
  /** The payload, or undefined when the key is gone; @throws AppError ERR_SESSION_KEPT_UNREADABLE when it does not open. */
  open(sealed: SealedSessions): Promise<KeptPayload | undefined>;
  destroy(): Promise<void>;
}

/** The vault over a key store (the IndexedDB one by default). */
export function createKeptVault(
  options: { keys?: KeptKeyStore; subtle?: SubtleCrypto; random?: (bytes: Uint8Array<ArrayBuffer>) => void } = {},
): KeptVault {
  const keys = options.keys ?? createKeptKeyStore();
  const subtle = () => options.subtle ?? globalThis.crypto.subtle;
  const random = options.random ?? ((bytes: Uint8Array<ArrayBuffer>) => void globalThis.crypto.getRandomValues(bytes));
  return {
    async seal(payload) {
      const key = await keys.getOrCreate();
      const iv = new Uint8Array(12);
      random(iv);
      const plain = new TextEncoder().encode(JSON.stringify(payload));
      const data = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, plain));
      return { v: 1, iv: toBase64(iv), data: toBase64(data) };
    },
    async open(sealed) {
      const key = await keys.get();
      if (!key) return undefined;
      try {
        if (sealed?.v !== 1) throw new Error('Unknown version.');
        const iv = fromBase64(sealed.iv);
        const data = fromBase64(sealed.data);
        const plain = await subtle().decrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, data);
        const payload = JSON.parse(new TextDecoder().decode(plain)) as KeptPayload;
        if (!Array.isArray(payload.sessions)) throw new Error('No sessions.');
        return { sessions: payload.sessions, activeId: typeof payload.activeId === 'string' ? payload.activeId : null };
      } catch (cause) {
        throw new AppError('ERR_SESSION_KEPT_UNREADABLE', undefined, { cause });
      }
    },
    destroy: () => keys.destroy(),
  };
}
