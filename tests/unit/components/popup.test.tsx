import { render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../entrypoints/popup/App';
import { PopupDevices } from '../../../entrypoints/popup/PopupDevices';
import { keptListOf } from '../../../utils/devices/kept-list';
import { createDevicesPrefetch } from '../../../utils/devices/prefetch';
import type { DeviceListResult } from '../../../utils/devices/service';
import { buildDeviceRows } from '../../../utils/devices/view';
import { AppError } from '../../../utils/errors';
import { formatExact } from '../../../utils/format';
import type { Envelope, MessageType } from '../../../utils/messages';
import { createSession } from '../../../utils/session/create-session';
import { publicSession } from '../../../utils/session/types';
import { activeSessionIdItem, keptDeviceListItem } from '../../../utils/storage';
import { accessClaims, NOW_MS, unsignedToken } from '../token/fixtures';
import { answerMessages } from './fake-runtime';

const session = publicSession(
  createSession(
    {
      source: 'page',
      origin: 'https://app',
      accessToken: `${unsignedToken({ alg: 'RS256', kid: 'k1' }, accessClaims({ scope: 'aws.cognito.signin.user.admin' }))}sig`,
      refreshToken: 'r.t',
    },
    { id: 's1', nowMs: NOW_MS },
  ),
);

const deviceList: DeviceListResult = {
  sessionId: 's1',
  session,
  ...buildDeviceRows(
    [
      { key: 'us-east-1_a', name: 'Work laptop', remembered: true },
      { key: 'us-east-1_b', name: 'Phone', remembered: true },
    ],
    [],
  ),
  fetchedAt: NOW_MS,
};

/** Answer the popup's messages as the background would (unanswered ones stay pending); records the types asked for. */
function background(answers: Partial<Record<MessageType, () => Promise<Envelope>>>): MessageType[] {
  return answerMessages((type) => answers[type]?.() ?? new Promise<never>(() => {}));
}

/**
 * The popup's timers (its 250 ms wait for the device list, a slow answer's delay) run on fake
 * timers: a test moves time itself, and "nothing else was asked" is checked a minute of popup
 * time later (every timeout it set has fired by then), not after a sleep. (The session card's
 * countdown ticks every second, so "run all timers" would never end.)
 */
const aMinuteLater = () => vi.advanceTimersByTimeAsync(60_000);
describe('popup', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('draws the session and its devices from one device list answer, asking for nothing else', async () => {
    const asked = background({ 'devices.list': async () => ({ ok: true, value: deviceList }) });
    render(<App />);
    await vi.advanceTimersByTimeAsync(0); // the answer arrives; no popup timer is due yet
    const devices = screen.getByRole('list', { name: 'Remembered devices' });
    expect(
      within(devices)
        .getAllByRole('listitem')
        .map((li) => li.getAttribute('aria-label')),
    ).toEqual(['Work laptop', 'Phone']);
    expect(screen.getByRole('region', { name: 'Active session' })).toBeTruthy();
    // Every timeout the popup set has fired or was cleared: a late session-list request would be here.
    await aMinuteLater();
    expect(asked).toEqual(['devices.list']);
  });

  it('asks for the session list when the device list cannot show a session', async () => {
    const asked = background({
      'devices.list': async () => ({ ok: false, error: new AppError('ERR_SESSION_NONE').toJSON() }),
      'session.list': async () => ({ ok: true, value: { sessions: [], activeId: null } }),
    });
    render(<App />);
    await vi.advanceTimersByTimeAsync(0);
    expect(screen.getByText('No Cognito session yet')).toBeTruthy();
    expect(asked).toEqual(['devices.list', 'session.list']);
    await aMinuteLater();
    expect(asked).toEqual(['devices.list', 'session.list']);
  });

  it('asks for the session list once when a slow device list then fails', async () => {
    const asked = background({
      'devices.list': () =>
        new Promise((resolve) =>
          setTimeout(() => resolve({ ok: false, error: new AppError('ERR_NETWORK').toJSON() }), 400),
        ),
      'session.list': async () => ({ ok: true, value: { sessions: [session], activeId: 's1' } }),
    });
    render(<App />);
    await vi.advanceTimersByTimeAsync(249);
    expect(asked).toEqual(['devices.list']);
    await vi.advanceTimersByTimeAsync(1); // the popup stops waiting for the device list
    expect(screen.getByRole('region', { name: 'Active session' })).toBeTruthy();
    expect(asked).toEqual(['devices.list', 'session.list']);
    await vi.advanceTimersByTimeAsync(150); // the device list fails at 400 ms
    await aMinuteLater();
    expect(asked.filter((type) => type === 'session.list')).toEqual(['session.list']);
    // devices.list twice: the popup's early request, then the device list's own load after it failed.
    expect(asked.filter((type) => type === 'devices.list')).toEqual(['devices.list', 'devices.list']);
  });

  it('draws the session from the session list when the device list is slow, and waits for the devices', async () => {
    const asked = background({
      'session.list': async () => ({ ok: true, value: { sessions: [session], activeId: 's1' } }),
    });
    render(<App />);
    await vi.advanceTimersByTimeAsync(250);
    expect(screen.getByRole('region', { name: 'Active session' })).toBeTruthy();
    expect(screen.getByText('Loading devices…')).toBeTruthy();
    expect(asked).toEqual(['devices.list', 'session.list']);
  });
});

describe('popup device list', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('shows a list already fetched in its first render, without asking again', async () => {
    const asked = background({});
    const prefetch = createDevicesPrefetch(Promise.resolve(deviceList));
    await prefetch.answered;
    vi.useFakeTimers();
    render(<PopupDevices sessionId="s1" prefetch={prefetch} />);
    // No waiting: the rows are in the first render.
    expect(screen.getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual([
      'Work laptop',
      'Phone',
    ]);
    await aMinuteLater(); // anything it would ask later has been asked now
    expect(asked).toEqual([]);
  });

  it('loads afresh when the early list is for another session', async () => {
    const asked = background({ 'devices.list': async () => ({ ok: true, value: { ...deviceList, sessionId: 's2' } }) });
    const prefetch = createDevicesPrefetch(Promise.resolve(deviceList));
    await prefetch.answered;
    render(<PopupDevices sessionId="s2" prefetch={prefetch} />);
    expect(await screen.findAllByRole('listitem')).toHaveLength(2);
    expect(asked).toEqual(['devices.list']);
  });
});

describe('popup kept list', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  const KEPT_AT = NOW_MS - 60_000;
  const kept = keptListOf({ ...deviceList, listed: deviceList.listed.slice(0, 1), fetchedAt: KEPT_AT });
  const names = () =>
    within(screen.getByRole('list', { name: 'Remembered devices' }))
      .getAllByRole('listitem')
      .map((li) => li.getAttribute('aria-label'));

  it('draws the last list it showed at once, as of when it was listed, then the fresh list replaces it', async () => {
    await keptDeviceListItem.setValue(kept);
    await activeSessionIdItem.setValue('s1');
    let answer: (envelope: Envelope) => void = () => {};
    background({ 'devices.list': () => new Promise((resolve) => (answer = resolve)) });
    render(<App />);
    expect(await screen.findByText(`As of ${formatExact(KEPT_AT)} (updating…)`, { exact: false })).toBeTruthy();
    expect(names()).toEqual(['Work laptop']);
    answer({ ok: true, value: deviceList });
    await waitFor(() => expect(names()).toEqual(['Work laptop', 'Phone']));
    expect(screen.queryByText('As of', { exact: false })).toBeNull();
    expect(screen.getByRole('region', { name: 'Active session' })).toBeTruthy();
    // The fresh list is kept for the next time.
    await waitFor(async () => expect((await keptDeviceListItem.getValue())?.listed).toHaveLength(2));
    expect((await keptDeviceListItem.getValue())?.listedAt).toBe(NOW_MS);
  });

  it('shows nothing kept when another session is active', async () => {
    await keptDeviceListItem.setValue(kept);
    await activeSessionIdItem.setValue('s2');
    vi.useFakeTimers();
    background({});
    render(<App />);
    // A minute of popup time: the kept list has been read and every timeout the popup set has fired.
    await aMinuteLater();
    expect(screen.queryByRole('list', { name: 'Remembered devices' })).toBeNull();
    expect(screen.queryByText('Work laptop')).toBeNull();
  });
});
