/**
 * The popup's direct storage reads (utils/storage-direct.ts) see exactly what the items of
 * utils/storage.ts store, both ways, and its watch behaves like the library's (a change calls, an equal
 * write does not, another key or area does not, unwatch stops it). The theme is read the same way.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  activeSessionIdItem,
  DEFAULT_SETTINGS,
  type KeptDeviceList,
  keptDeviceListItem,
  settingsItem,
  watchItem,
} from '../../utils/storage';
import { DIRECT_KEYS, readDirect, watchDirect, writeDirect } from '../../utils/storage-direct';
import { NO_WATCH } from '../../utils/storage-watch';
import { applyTheme, followThemeSetting, themeOf } from '../../utils/theme';

const KEPT: KeptDeviceList = {
  sessionId: 's1',
  listedAt: 5,
  listed: [{ key: 'us-east-1_a', name: 'Laptop', remembered: true, source: 'listed', isCurrent: false }],
  knownOnly: [],
};

afterEach(() => {
  fakeBrowser.reset();
  document.documentElement.removeAttribute('data-theme');
});

describe('direct storage reads', () => {
  it('use the keys of the items of utils/storage.ts', () => {
    expect(keptDeviceListItem.key).toBe(DIRECT_KEYS.keptDeviceList);
    expect(activeSessionIdItem.key).toBe(DIRECT_KEYS.activeSessionId);
    expect(settingsItem.key).toBe(DIRECT_KEYS.settings);
    expect(watchItem.key).toBe(DIRECT_KEYS.watch);
  });

  it('read what an item wrote (null where nothing is stored), and an item reads what was written directly', async () => {
    expect(await readDirect([DIRECT_KEYS.keptDeviceList, DIRECT_KEYS.activeSessionId])).toEqual([null, null]);
    await keptDeviceListItem.setValue(KEPT);
    await activeSessionIdItem.setValue('s1');
    expect(await readDirect([DIRECT_KEYS.keptDeviceList, DIRECT_KEYS.activeSessionId])).toEqual([KEPT, 's1']);
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect((await readDirect([DIRECT_KEYS.settings]))[0]).toMatchObject({ theme: 'dark' });

    await writeDirect(DIRECT_KEYS.keptDeviceList, { ...KEPT, sessionId: 's2' });
    expect((await keptDeviceListItem.getValue())?.sessionId).toBe('s2');
  });

  it('read keys of one area at a time', async () => {
    await expect(readDirect([DIRECT_KEYS.keptDeviceList, DIRECT_KEYS.watch])).rejects.toThrow(/one area/);
  });

  it('watch a key: a change calls with the new value, an equal write or another key does not, unwatch stops', async () => {
    const seen = vi.fn();
    const unwatch = watchDirect(DIRECT_KEYS.watch, seen);
    await watchItem.setValue({ ...NO_WATCH, unseen: 2 });
    expect(seen).toHaveBeenLastCalledWith({ ...NO_WATCH, unseen: 2 });
    await watchItem.setValue({ ...NO_WATCH, unseen: 2 });
    await keptDeviceListItem.setValue(KEPT);
    // Same name in the other area: not this key.
    await fakeBrowser.storage.session.set({ watch: { ...NO_WATCH, unseen: 9 } });
    expect(seen).toHaveBeenCalledTimes(1);
    await watchItem.removeValue();
    expect(seen).toHaveBeenLastCalledWith(null);
    unwatch();
    await watchItem.setValue({ ...NO_WATCH, unseen: 3 });
    expect(seen).toHaveBeenCalledTimes(2);
  });
});

describe('the theme', () => {
  it('is the stored value’s theme, of any version; system when it names none known', () => {
    expect(themeOf({ ...DEFAULT_SETTINGS, theme: 'light' })).toBe('light');
    expect(themeOf({ theme: 'dark', quotas: { read: 10, write: 5 } })).toBe('dark');
    expect(themeOf({ theme: 'purple' })).toBe('system');
    expect(themeOf(null)).toBe('system');
  });

  it('is applied from storage at once and followed when Settings change', async () => {
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, theme: 'dark' });
    followThemeSetting();
    await vi.waitFor(() => expect(document.documentElement.getAttribute('data-theme')).toBe('dark'));
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, theme: 'system' });
    await vi.waitFor(() => expect(document.documentElement.hasAttribute('data-theme')).toBe(false));
    applyTheme('light');
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');
  });
});
