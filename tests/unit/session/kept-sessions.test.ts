/**
 * Security review #13, break 2: with "keep sessions" on, storage.local holds
 * only a sealed copy (AES-GCM under a non-extractable key in IndexedDB);
 * opting out deletes it and destroys the key, so an older copy (as LevelDB
 * keeps deleted values in its logs) no longer opens; the clear-text copy of
 * earlier versions is removed; and the sessions the extension signed in
 * itself are revoked, the borrowed ones left alone. The real browser files
 * are checked by tests/e2e/kept-sessions.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AppError } from '../../../utils/errors';
import { createSession } from '../../../utils/session/create-session';
import { createKeptVault } from '../../../utils/session/kept-crypto';
import { endOwnSessions } from '../../../utils/session/opt-out';
import { createSessionStore } from '../../../utils/session/store';
import type { Session, SessionSource } from '../../../utils/session/types';
import {
  DEFAULT_SETTINGS,
  keptSealedSessionsItem,
  legacyKeptSessionsItem,
  sessionsItem,
  settingsItem,
} from '../../../utils/storage';
import { accessClaims, NOW_MS, unsignedToken } from '../token/fixtures';

const REFRESH = `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.${'r'.repeat(300)}.aXY.${'c'.repeat(80)}.dGFn`;
const CLIENT_SECRET = 'clientSecret0123456789abcdefghij+XYZ';

function session(id: string, source: SessionSource = 'signIn'): Session {
  const base = createSession(
    {
      source,
      accessToken: `${unsignedToken({ alg: 'RS256', kid: 'k' }, accessClaims({ username: `user-${id}` }))}sig`,
      refreshToken: `${REFRESH}${id}`,
      ...(source === 'signIn' ? { clientSecret: CLIENT_SECRET } : {}),
    },
    { id, nowMs: NOW_MS },
  );
  return base;
}

/** Every form a secret could be found in as text. */
const forms = (secret: string) => [secret, btoa(secret), encodeURIComponent(secret)];
const secretsOf = (s: Session) =>
  [s.tokens.accessToken, s.tokens.refreshToken, s.tokens.clientSecret].filter((t): t is string => !!t);

async function keptSessions(): Promise<Session[] | undefined> {
  const sealed = await keptSealedSessionsItem.getValue();
  return sealed ? (await createKeptVault().open(sealed))?.sessions : undefined;
}

describe('kept sessions are sealed', () => {
  it('storage.local holds no token, refresh token or client secret as text, and restores after a restart', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, keepSessions: true });
    const a = session('a');
    await createSessionStore().put(a);
    const local = JSON.stringify(await fakeBrowser.storage.local.get(null));
    for (const secret of secretsOf(a)) for (const form of forms(secret)) expect(local).not.toContain(form);
    expect(local).toContain('keptSealedSessions');
    await fakeBrowser.storage.session.clear(); // the browser restarted
    const store = createSessionStore();
    await store.restore();
    expect((await store.get()).tokens).toEqual(a.tokens);
  });

  it('opting out deletes the copy and destroys its key: an older copy no longer opens', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, keepSessions: true });
    const store = createSessionStore();
    await store.put(session('a'));
    const leftover = await keptSealedSessionsItem.getValue(); // what a storage log may still hold
    expect(leftover).not.toBeNull();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, keepSessions: false });
    await store.applyKeepSessions(false);
    expect(await keptSealedSessionsItem.getValue()).toBeNull();
    expect(await createKeptVault().open(leftover as never)).toBeUndefined();
    // Opting in again makes a new key; the old copy still does not open.
    await store.applyKeepSessions(true);
    await expect(createKeptVault().open(leftover as never)).rejects.toMatchObject({
      code: 'ERR_SESSION_KEPT_UNREADABLE',
    });
  });

  it('a copy that does not open is removed, and nothing is restored', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, keepSessions: true });
    await createSessionStore().put(session('a'));
    const sealed = await keptSealedSessionsItem.getValue();
    await keptSealedSessionsItem.setValue({ v: 1, iv: sealed?.iv ?? '', data: btoa('tampered') });
    await fakeBrowser.storage.session.clear();
    await createSessionStore().restore();
    expect(await sessionsItem.getValue()).toEqual([]);
    expect(await keptSealedSessionsItem.getValue()).toBeNull();
  });

  it('the clear-text copy of an earlier version is removed at start, and sealed when still kept', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, keepSessions: true });
    const old = session('old');
    await legacyKeptSessionsItem.setValue([old]);
    await createSessionStore().restore();
    expect(await legacyKeptSessionsItem.getValue()).toEqual([]);
    expect((await sessionsItem.getValue()).map((s) => s.id)).toEqual(['old']);
    expect((await keptSessions())?.map((s) => s.id)).toEqual(['old']);
    const local = JSON.stringify(await fakeBrowser.storage.local.get(null));
    for (const secret of secretsOf(old)) expect(local).not.toContain(secret);
  });

  it('the clear-text copy is removed, not restored, when not kept', async () => {
    await legacyKeptSessionsItem.setValue([session('old')]);
    await createSessionStore().restore();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await sessionsItem.getValue()).toEqual([]);
  });
});

describe('when the key cannot be kept (no IndexedDB)', () => {
  it('sessions still work in memory, and no copy is kept (a stale one would bring back old sessions)', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, keepSessions: true });
    await createSessionStore().put(session('old'));
    expect(await keptSealedSessionsItem.getValue()).not.toBeNull();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const vault = {
      seal: async () => {
        throw new AppError('ERR_SESSION_KEPT_UNAVAILABLE');
      },
      open: async () => undefined,
      destroy: async () => undefined,
    };
    const store = createSessionStore({ vault });
    await store.put(session('a'));
    expect((await store.get()).id).toBe('old');
    expect((await store.list()).map((s) => s.id)).toEqual(['old', 'a']);
    expect(await keptSealedSessionsItem.getValue()).toBeNull();
    vi.restoreAllMocks();
  });
});

describe('opting out ends what the extension can end', () => {
  it('revokes and removes its own sign-ins, leaves imported and pasted sessions, and keeps one it could not revoke', async () => {
    const sessions = [session('own'), session('page', 'page'), session('paste', 'paste'), session('flaky')];
    const removed: string[] = [];
    const recorded: string[] = [];
    const revoke = vi.fn(async (s: Session) => {
      if (s.id === 'flaky') throw new AppError('ERR_NETWORK');
    });
    const result = await endOwnSessions({
      sessions,
      revoke,
      remove: async (id) => {
        removed.push(id);
      },
      record: async (s, run) => {
        recorded.push(s.id);
        return run();
      },
    });
    expect(result).toEqual({ ended: ['own'], failed: ['flaky'], borrowed: ['page', 'paste'] });
    expect(revoke.mock.calls.map(([s]) => s.id)).toEqual(['own', 'flaky']);
    expect(removed).toEqual(['own']);
    expect(recorded).toEqual(['own', 'flaky']);
  });
});
