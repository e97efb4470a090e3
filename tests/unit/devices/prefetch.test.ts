import { describe, expect, it, vi } from 'vitest';
import { initialDevicesState } from '../../../utils/devices/page-state';
import { createDevicesPrefetch } from '../../../utils/devices/prefetch';
import type { DeviceListResult } from '../../../utils/devices/service';
import { AppError } from '../../../utils/errors';

const result = { sessionId: 's1', listed: [], knownOnly: [], fetchedAt: 1 } as unknown as DeviceListResult;

describe('createDevicesPrefetch', () => {
  it('hands the request still on its way to the first taker only', async () => {
    const prefetch = createDevicesPrefetch(Promise.resolve(result));
    const first = prefetch.take();
    expect(first && 'pending' in first ? await first.pending : undefined).toBe(result);
    expect(prefetch.take()).toBeUndefined();
  });

  it('hands the answer itself once it is in, and tells of it', async () => {
    const onResult = vi.fn();
    const prefetch = createDevicesPrefetch(Promise.resolve(result), onResult);
    expect(await prefetch.answered).toBe(true);
    expect(onResult).toHaveBeenCalledWith(result);
    expect(prefetch.take()).toEqual({ result });
    expect(prefetch.take()).toBeUndefined();
  });

  it('does not pass on a failed request: the list loads again and reports its own error', async () => {
    const onResult = vi.fn();
    const prefetch = createDevicesPrefetch(Promise.reject(new AppError('ERR_SESSION_NONE')), onResult);
    expect(await prefetch.answered).toBe(false);
    const taken = prefetch.take();
    expect(taken && 'pending' in taken ? await taken.pending : 'no pending').toBeUndefined();
    expect(onResult).not.toHaveBeenCalled();
  });
});

describe('initialDevicesState', () => {
  it('starts loaded from a list fetched before the page asked, idle otherwise', () => {
    expect(initialDevicesState(result)).toMatchObject({ status: 'ready', listed: [], fetchedAt: 1 });
    expect(initialDevicesState(undefined)).toMatchObject({ status: 'idle', listed: [] });
  });
});
