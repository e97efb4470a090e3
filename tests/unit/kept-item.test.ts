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

  it('freezes copies: neither the fallback value nor the value a caller wrote is frozen in place', async () => {
    const fallback = { list: [] as { id: string }[] };
    const kept = keptItem(storage.defineItem<Value>('session:kept-item-fallback', { fallback }));
    await kept.get();
    expect(Object.isFrozen(fallback)).toBe(false);
    const mine = { list: [{ id: 'a' }] };
    await kept.set(mine);
    expect(Object.isFrozen(mine)).toBe(false);
    expect(Object.isFrozen(await kept.get())).toBe(true);
  });

  it('a read begun before its own write, answering after it, is not kept', async () => {
    // An item whose read answers late: the write lands while the read is under way.
    let stored: Value = { list: [{ id: 'old' }] };
    let release: () => void = () => undefined;
    const slow = {
      watch: () => () => undefined,
      getValue: async () => {
        const value = stored;
        await new Promise<void>((r) => {
          release = r;
        });
        return value;
      },
      setValue: async (value: Value) => {
        stored = value;
      },
    } as unknown as Parameters<typeof keptItem<Value>>[0];
    const kept = keptItem(slow);
    const reading = kept.get();
    await kept.set({ list: [{ id: 'new' }] });
    release();
    expect(await reading).toEqual({ list: [{ id: 'old' }] });
    // Kept is the write, not the late read: the next read is the new value (read again, here at once).
    const next = kept.get();
    release();
    expect(await next).toEqual({ list: [{ id: 'new' }] });
  });
});
