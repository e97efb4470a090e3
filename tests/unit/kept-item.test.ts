/**
 * A kept storage item (utils/kept-item.ts) over WXT's fake browser: its one writer reads storage once,
 * sees at once what another context writes, and shares a frozen value that no reader can change.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { keptItem } from '../../utils/kept-item';

interface Value {
  readonly list: readonly { readonly id: string }[];
}
const item = () => storage.defineItem<Value>('session:kept-item-test', { fallback: { list: [] } });
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('keptItem', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads storage once while nothing changes, and its own write is what it reads next', async () => {
    const raw = item();
    const read = vi.spyOn(raw, 'getValue');
    const kept = keptItem(raw);
    expect(await kept.get()).toEqual({ list: [] });
    expect(await kept.get()).toEqual({ list: [] });
    expect(read).toHaveBeenCalledTimes(1);
    await kept.set({ list: [{ id: 'a' }] });
    await flush();
    expect(await kept.get()).toEqual({ list: [{ id: 'a' }] });
    expect(await raw.getValue()).toEqual({ list: [{ id: 'a' }] });
  });

  it('a value another context writes is read at once, never hidden by the kept one', async () => {
    const kept = keptItem(item());
    await kept.set({ list: [{ id: 'mine' }] });
    await flush();
    // Another context: its own item over the same key.
    await item().setValue({ list: [{ id: 'theirs' }] });
    await flush();
    expect(await kept.get()).toEqual({ list: [{ id: 'theirs' }] });
  });

  it('shares a value frozen all the way down: a reader cannot change it for the others', async () => {
    const kept = keptItem(item());
    await item().setValue({ list: [{ id: 'a' }] });
    await flush();
    const value = await kept.get();
    expect(() => (value.list as { id: string }[]).push({ id: 'b' })).toThrow(TypeError);
    expect(() => {
      (value.list[0] as { id: string }).id = 'changed';
    }).toThrow(TypeError);
    expect(await kept.get()).toEqual({ list: [{ id: 'a' }] });
  });
});
