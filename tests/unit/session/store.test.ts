import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSession } from '../../../utils/session/create-session';
import { createKeptVault } from '../../../utils/session/kept-crypto';
import { createSessionStore } from '../../../utils/session/store';
import type { Session } from '../../../utils/session/types';
import {
  activeSessionIdItem,
  DEFAULT_SETTINGS,
  keptSealedSessionsItem,
  readSettings,
  type Settings,
  sessionsItem,
  settingsItem,
} from '../../../utils/storage';
import { accessClaims, NOW_MS, unsignedToken } from '../token/fixtures';

const session = (id: string, username = 'alice') =>
  createSession(
    { source: 'paste', accessToken: `${unsignedToken({ alg: 'RS256', kid: 'k' }, accessClaims({ username }))}sig` },
    { id, nowMs: NOW_MS },
  );

/** The sessions of the sealed copy in storage.local, opened with the extension's key ([] when none). */
async function keptSessions(): Promise<Session[]> {
  const sealed = await keptSealedSessionsItem.getValue();
  return sealed ? ((await createKeptVault().open(sealed))?.sessions ?? []) : [];
}

describe('session store', () => {
  it('keeps sessions in storage.session only, by default', async () => {
    const store = createSessionStore();
    await store.put(session('a'));
    expect((await store.list()).map((s) => s.id)).toEqual(['a']);
    expect(await store.activeId()).toBe('a');
    expect(await fakeBrowser.storage.session.get(null)).toHaveProperty('sessions');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('holds several sessions, one active, and switches', async () => {
    const store = createSessionStore({ keepSessions: async () => false });
    await store.put(session('a'));
    await store.put(session('b', 'bob'));
    expect(await store.activeId()).toBe('a');
    await store.setActive('b');
    expect((await store.get()).username).toBe('bob');
    await store.put(session('c'), { activate: true });
    expect(await store.activeId()).toBe('c');
    await store.remove('c');
    expect(await store.activeId()).toBe('a');
    await expect(store.setActive('zzz')).rejects.toMatchObject({ code: 'ERR_SESSION_NONE' });
    await expect(store.get('zzz')).rejects.toMatchObject({ code: 'ERR_SESSION_NONE' });
  });

  it('serializes concurrent writes (no lost update)', async () => {
    const store = createSessionStore({ keepSessions: async () => false });
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => store.put(session(id))));
    expect((await store.list()).map((s) => s.id).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('updates a session from its stored state, and never brings back one that is gone', async () => {
    const store = createSessionStore({ keepSessions: async () => false });
    await store.put(session('a'));
    await store.put(session('b', 'bob'));
    const updated = await store.update('a', (current) => ({ ...current, status: { state: 'expired' } }));
    expect(updated?.status.state).toBe('expired');
    expect((await store.get('a')).status.state).toBe('expired');
    expect(await store.activeId()).toBe('a');
    await store.remove('a');
    const fn = vi.fn((current: Session) => current);
    expect(await store.update('a', fn)).toBeUndefined();
    expect(fn).not.toHaveBeenCalled();
    expect((await store.list()).map((s) => s.id)).toEqual(['b']);
    expect(await store.activeId()).toBe('b');
  });

  it('runs an update in the write queue: it sees a removal queued before it', async () => {
    const store = createSessionStore({ keepSessions: async () => false });
    await store.put(session('a'));
    const [, updated] = await Promise.all([
      store.remove('a'),
      store.update('a', (current) => ({ ...current, refreshedAt: 1 })),
    ]);
    expect(updated).toBeUndefined();
    expect(await store.list()).toEqual([]);
  });

  it('mirrors an update to storage.local when opted in', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, keepSessions: true });
    const store = createSessionStore();
    await store.put(session('a'));
    await store.update('a', (current) => ({ ...current, refreshedAt: 7 }));
    expect((await keptSessions())[0]?.refreshedAt).toBe(7);
  });

  it('mirrors to storage.local only when the user opted in, and wipes it on opt-out', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, keepSessions: true });
    const store = createSessionStore();
    await store.put(session('a'));
    expect((await keptSessions()).map((s) => s.id)).toEqual(['a']);
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, keepSessions: false });
    await store.applyKeepSessions(false);
    expect(await keptSessions()).toEqual([]);
    const local = await fakeBrowser.storage.local.get(null);
    expect(JSON.stringify(local)).not.toContain('accessToken');
  });

  it('restores kept sessions after a browser restart when opted in', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, keepSessions: true });
    await createSessionStore().put(session('a'));
    await fakeBrowser.storage.session.clear(); // the browser restarted
    const store = createSessionStore();
    await store.restore();
    expect((await store.list()).map((s) => s.id)).toEqual(['a']);
    expect(await activeSessionIdItem.getValue()).toBe('a');
  });

  it('does not restore, and deletes the mirror, when not opted in', async () => {
    await keptSealedSessionsItem.setValue(
      await createKeptVault().seal({ sessions: [session('stale')], activeId: null }),
    );
    const store = createSessionStore();
    await store.restore();
    expect(await sessionsItem.getValue()).toEqual([]);
    expect(await keptSessions()).toEqual([]);
    expect(await keptSealedSessionsItem.getValue()).toBeNull();
  });

  it('turning the opt-in on copies the current sessions', async () => {
    const store = createSessionStore({ keepSessions: async () => false });
    await store.put(session('a'));
    await store.applyKeepSessions(true);
    expect((await keptSessions()).map((s) => s.id)).toEqual(['a']);
  });
});

describe('settings', () => {
  it('fills fields missing from an older stored value with defaults', async () => {
    await fakeBrowser.storage.local.set({ settings: { keepSessions: true, quotas: { UserResourceRead: 10 } } });
    expect(await readSettings()).toEqual({
      ...DEFAULT_SETTINGS,
      keepSessions: true,
      quotas: { ...DEFAULT_SETTINGS.quotas, UserResourceRead: 10 },
    });
  });

  it('reads a version-1 value (one read and one write rate) as the categories they stood for, never higher', async () => {
    await fakeBrowser.storage.local.set({ settings: { keepSessions: true, quotas: { read: 10, write: 30 } } });
    const settings = await readSettings();
    expect(settings.quotas).toEqual({
      ...DEFAULT_SETTINGS.quotas,
      UserResourceRead: 10,
      UserList: 10,
      UserPoolRead: 10,
      UserRead: 10,
    });
    expect(settings.provisioned).toEqual({});
    expect(settings.keepSessions).toBe(true);
  });

  it('migrates a stored version-1 item to version 2 (WXT storage migration)', async () => {
    await fakeBrowser.storage.local.set({
      settings: { ...DEFAULT_SETTINGS, quotas: { read: 20, write: 5 } },
      settings$: { v: 1 },
    });
    await settingsItem.migrate();
    const stored = (await fakeBrowser.storage.local.get('settings')).settings as Settings;
    expect(stored.quotas).toMatchObject({
      UserResourceRead: 20,
      UserPoolRead: 15,
      UserResourceUpdate: 5,
      UserUpdate: 5,
    });
    expect((await fakeBrowser.storage.local.get('settings$')).settings$).toMatchObject({ v: 2 });
  });
});
