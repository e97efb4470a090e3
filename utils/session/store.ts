/**
 * The session store of the background worker: the list of sessions and the
 * active one, in storage.session, mirrored to storage.local only while the
 * user opts in to keep sessions, and then only sealed (kept-crypto.ts): no
 * token or client secret is ever written to disk in clear text. The one
 * writer of the session items: the worker makes one store and every part of
 * it uses that one.
 */
import { AppError, toAppError } from '../errors';
import { keptItem } from '../kept-item';
import { oneAtATime } from '../one-at-a-time';
import {
  activeSessionIdItem,
  keptSealedSessionsItem,
  legacyKeptActiveSessionIdItem,
  legacyKeptSessionsItem,
  readSettings,
  sessionsItem,
} from '../storage';
import { createKeptVault, type KeptVault } from './kept-crypto';
import type { Session } from './types';

export interface SessionStore {
  list(): Promise<Session[]>;
  activeId(): Promise<string | null>;
  /** The session with this id, or the active one. @throws AppError ERR_SESSION_NONE */
  get(id?: string): Promise<Session>;
  /** Insert or replace (by id); a new session becomes active when none is. */
  put(session: Session, options?: { activate?: boolean }): Promise<void>;
  /**
   * Read-modify-write one session inside the write queue: re-reads the stored
   * session and writes `fn(current)`. Does nothing and resolves undefined when the
   * session is gone (signed out or replaced meanwhile): a late write never brings it back.
   */
  update(id: string, fn: (current: Session) => Session): Promise<Session | undefined>;
  remove(id: string): Promise<void>;
  setActive(id: string): Promise<void>;
  /** Apply the keep-sessions choice: write the sealed copy, or delete it and destroy its key. */
  applyKeepSessions(keep: boolean): Promise<void>;
  /** At startup: bring kept sessions back into memory when opted in (and memory is empty). */
  restore(): Promise<void>;
}

/** Create the store. `keepSessions` is read from Settings unless injected. */
export function createSessionStore(
  deps: { keepSessions?: () => Promise<boolean>; vault?: KeptVault } = {},
): SessionStore {
  const keep = deps.keepSessions ?? (async () => (await readSettings()).keepSessions);
  const vault = deps.vault ?? createKeptVault();
  // Serialize writes: messages and alarms may interleave.
  const serial = oneAtATime();

  // Read on the path of every device list and action, and written only here: kept (kept-item.ts).
  const sessionsKept = keptItem(sessionsItem);
  const activeKept = keptItem(activeSessionIdItem);

  async function write(sessions: Session[], activeId: string | null): Promise<void> {
    await sessionsKept.set(sessions);
    await activeKept.set(activeId);
    if (await keep()) await writeKept(sessions, activeId);
  }

  /** The sealed copy; when it cannot be sealed (no IndexedDB), none at all: a stale one would bring back old sessions. */
  async function writeKept(sessions: Session[], activeId: string | null): Promise<void> {
    try {
      await keptSealedSessionsItem.setValue(await vault.seal({ sessions, activeId }));
    } catch (error) {
      console.warn('Kept sessions:', toAppError(error, 'ERR_SESSION_KEPT_UNAVAILABLE').code);
      await keptSealedSessionsItem.removeValue();
    }
  }

  /** Delete the sealed copy and destroy its key: a stale copy left in the storage files cannot be opened. */
  async function forgetKept(): Promise<void> {
    await keptSealedSessionsItem.removeValue();
    await vault.destroy();
  }

  const store: SessionStore = {
    list: () => sessionsKept.get(),
    activeId: () => activeKept.get(),
    async get(id) {
      // Both reads at once: this is on the path of every device list and action.
      const [wanted, sessions] = await Promise.all([id ?? activeKept.get(), sessionsKept.get()]);
      const found = sessions.find((s) => s.id === wanted);
      if (!found) throw new AppError('ERR_SESSION_NONE');
      return found;
    },
    put: (session, options = {}) =>
      serial(async () => {
        const sessions = await sessionsKept.get();
        const index = sessions.findIndex((s) => s.id === session.id);
        const next = index === -1 ? [...sessions, session] : sessions.map((s, i) => (i === index ? session : s));
        let activeId = await activeKept.get();
        if (options.activate || activeId === null || !next.some((s) => s.id === activeId)) activeId = session.id;
        await write(next, activeId);
      }),
    update: (id, fn) =>
      serial(async () => {
        const sessions = await sessionsKept.get();
        const current = sessions.find((s) => s.id === id);
        if (!current) return undefined;
        const next = { ...fn(current), id };
        await write(
          sessions.map((s) => (s.id === id ? next : s)),
          await activeKept.get(),
        );
        return next;
      }),
    remove: (id) =>
      serial(async () => {
        const next = (await sessionsKept.get()).filter((s) => s.id !== id);
        let activeId = await activeKept.get();
        if (activeId === id || !next.some((s) => s.id === activeId)) activeId = next[0]?.id ?? null;
        await write(next, activeId);
      }),
    setActive: (id) =>
      serial(async () => {
        const sessions = await sessionsKept.get();
        if (!sessions.some((s) => s.id === id)) throw new AppError('ERR_SESSION_NONE');
        await write(sessions, id);
      }),
    applyKeepSessions: (on) =>
      serial(async () => {
        if (on) {
          const [sessions, activeId] = await Promise.all([sessionsKept.get(), activeKept.get()]);
          await writeKept(sessions, activeId);
        } else await forgetKept();
      }),
    restore: () =>
      serial(async () => {
        // The clear-text copy of earlier versions: moved into memory (and sealed below when still kept), then removed.
        const legacy = await legacyKeptSessionsItem.getValue();
        const legacyActive = await legacyKeptActiveSessionIdItem.getValue();
        await legacyKeptSessionsItem.removeValue();
        await legacyKeptActiveSessionIdItem.removeValue();
        if (!(await keep())) {
          await forgetKept();
          return;
        }
        if ((await sessionsKept.get()).length > 0) return;
        let kept: { sessions: Session[]; activeId: string | null } | undefined;
        try {
          const sealed = await keptSealedSessionsItem.getValue();
          kept = sealed ? await vault.open(sealed) : undefined;
        } catch (error) {
          // A copy that does not open is useless: removed (the person imports or signs in again).
          console.warn('Kept sessions:', error instanceof AppError ? error.code : 'ERR_SESSION_KEPT_UNREADABLE');
          await forgetKept();
        }
        if (!kept && legacy.length > 0) kept = { sessions: legacy, activeId: legacyActive };
        if (!kept) return;
        await write(kept.sessions, kept.activeId);
      }),
  };
  return store;
}
