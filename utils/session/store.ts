/**
 * The session store of the background worker: the list of sessions and the
 * active one, in storage.session, mirrored to storage.local only while the
 * user opts in to keep sessions. The one writer of the session items: the
 * worker makes one store and every part of it uses that one.
 */
import { AppError } from '../errors';
import { activeSessionIdItem, keptActiveSessionIdItem, keptSessionsItem, readSettings, sessionsItem } from '../storage';
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
  /** Apply the keep-sessions choice: write the mirror, or wipe it. */
  applyKeepSessions(keep: boolean): Promise<void>;
  /** At startup: bring kept sessions back into memory when opted in (and memory is empty). */
  restore(): Promise<void>;
}

/** Create the store. `keepSessions` is read from Settings unless injected. */
export function createSessionStore(deps: { keepSessions?: () => Promise<boolean> } = {}): SessionStore {
  const keep = deps.keepSessions ?? (async () => (await readSettings()).keepSessions);
  // Serialize writes: messages and alarms may interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch((error: unknown) => error);
    return next;
  };

  async function write(sessions: Session[], activeId: string | null): Promise<void> {
    await sessionsItem.setValue(sessions);
    await activeSessionIdItem.setValue(activeId);
    if (await keep()) {
      await keptSessionsItem.setValue(sessions);
      await keptActiveSessionIdItem.setValue(activeId);
    }
  }

  const store: SessionStore = {
    list: () => sessionsItem.getValue(),
    activeId: () => activeSessionIdItem.getValue(),
    async get(id) {
      // Both reads at once: this is on the path of every device list and action.
      const [wanted, sessions] = await Promise.all([id ?? activeSessionIdItem.getValue(), sessionsItem.getValue()]);
      const found = sessions.find((s) => s.id === wanted);
      if (!found) throw new AppError('ERR_SESSION_NONE');
      return found;
    },
    put: (session, options = {}) =>
      serial(async () => {
        const sessions = await sessionsItem.getValue();
        const index = sessions.findIndex((s) => s.id === session.id);
        const next = index === -1 ? [...sessions, session] : sessions.map((s, i) => (i === index ? session : s));
        let activeId = await activeSessionIdItem.getValue();
        if (options.activate || activeId === null || !next.some((s) => s.id === activeId)) activeId = session.id;
        await write(next, activeId);
      }),
    update: (id, fn) =>
      serial(async () => {
        const sessions = await sessionsItem.getValue();
        const current = sessions.find((s) => s.id === id);
        if (!current) return undefined;
        const next = { ...fn(current), id };
        await write(
          sessions.map((s) => (s.id === id ? next : s)),
          await activeSessionIdItem.getValue(),
        );
        return next;
      }),
    remove: (id) =>
      serial(async () => {
        const next = (await sessionsItem.getValue()).filter((s) => s.id !== id);
        let activeId = await activeSessionIdItem.getValue();
        if (activeId === id || !next.some((s) => s.id === activeId)) activeId = next[0]?.id ?? null;
        await write(next, activeId);
      }),
    setActive: (id) =>
      serial(async () => {
        const sessions = await sessionsItem.getValue();
        if (!sessions.some((s) => s.id === id)) throw new AppError('ERR_SESSION_NONE');
        await write(sessions, id);
      }),
    applyKeepSessions: (on) =>
      serial(async () => {
        if (on) {
          await keptSessionsItem.setValue(await sessionsItem.getValue());
          await keptActiveSessionIdItem.setValue(await activeSessionIdItem.getValue());
        } else {
          await keptSessionsItem.removeValue();
          await keptActiveSessionIdItem.removeValue();
        }
      }),
    restore: () =>
      serial(async () => {
        if (!(await keep())) {
          // Opted out: make sure no token lingers on disk.
          await keptSessionsItem.removeValue();
          await keptActiveSessionIdItem.removeValue();
          return;
        }
        if ((await sessionsItem.getValue()).length > 0) return;
        await sessionsItem.setValue(await keptSessionsItem.getValue());
        await activeSessionIdItem.setValue(await keptActiveSessionIdItem.getValue());
      }),
  };
  return store;
}
