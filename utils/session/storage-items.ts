/**
 * THE one module that defines every storage item of the extension.
 * Sessions hold tokens: they live in `session:` (memory, gone when the browser
 * closes). The `local:` copy is written only when the user opted in
 * (Settings → keep sessions), and only sealed. Settings are in `local:settings`.
 */
import { storage } from 'wxt/utils/storage';
import type { AdminConnection } from '../admin/credentials';
import type { BulkJobSnapshot } from '../devices/bulk-job';
import type { SealedSessions } from './kept-crypto';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import type { Session } from './types';

export { DEFAULT_SETTINGS, type Settings, type ThemeSetting } from './settings';

/** The settings item; `fallback` is the defaults. */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** Sessions in memory (storage.session): the default place of tokens. */
export const sessionsItem = storage.defineItem<Session[]>('session:sessions', { fallback: [], version: 1 });

/** Id of the active session, in memory. */
export const activeSessionIdItem = storage.defineItem<string | null>('session:activeSessionId', { fallback: null });

/**
 * Opt-in copy of the sessions and the active id in storage.local, sealed
 * (AES-GCM, utils/session/kept-crypto.ts); null unless Settings.keepSessions.
 */
export const keptSealedSessionsItem = storage.defineItem<SealedSessions | null>('local:keptSealedSessions', {
  fallback: null,
});

/** Before #13 the opt-in copy was clear text: read once to move it into the sealed copy, then removed. */
export const legacyKeptSessionsItem = storage.defineItem<Session[]>('local:keptSessions', { fallback: [], version: 1 });

/** Before #13: the clear-text copy of the active session id (removed at start). */
export const legacyKeptActiveSessionIdItem = storage.defineItem<string | null>('local:keptActiveSessionId', {
  fallback: null,
});

/** Read settings, filling any field missing from an older stored value with its default. */
export async function readSettings(): Promise<Settings> {
  const stored = await settingsItem.getValue();
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    quotas: { ...DEFAULT_SETTINGS.quotas, ...stored.quotas },
    history: { ...DEFAULT_SETTINGS.history, ...stored.history },
  };
}

/** Progress of the running or last bulk device action (no secrets), in memory. */
export const bulkJobItem = storage.defineItem<BulkJobSnapshot | null>('session:bulkJob', { fallback: null });

/** Admin mode's pool and IAM credentials: storage.session only (memory), never persisted or exported. */
export const adminConnectionItem = storage.defineItem<AdminConnection | null>('session:adminConnection', {
  fallback: null,
});
