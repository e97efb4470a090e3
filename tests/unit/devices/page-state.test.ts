import { describe, expect, it } from 'vitest';
import { devicesReducer, findRow, INITIAL_DEVICES_STATE, offersRefresh } from '../../../utils/devices/page-state';
import { type DeviceRow, nextSort } from '../../../utils/devices/view';
import { AppError } from '../../../utils/errors';
import type { PublicSession } from '../../../utils/session/types';

/** The listed session: not read by the reducer. */
const SESSION = { id: 's' } as PublicSession;
const row = (key: string, source: DeviceRow['source'] = 'listed'): DeviceRow => ({ key, source, isCurrent: false });

describe('devicesReducer', () => {
  it('keeps the rows on screen while reloading and replaces them when loaded', () => {
    let s = devicesReducer(INITIAL_DEVICES_STATE, {
      type: 'loaded',
      result: { sessionId: 's', session: SESSION, listed: [row('a')], knownOnly: [], fetchedAt: 1 },
    });
    s = devicesReducer(s, { type: 'load' });
    expect(s.status).toBe('loading');
    expect(s.listed.map((r) => r.key)).toEqual(['a']);
    s = devicesReducer(s, {
      type: 'loaded',
      result: { sessionId: 's', session: SESSION, listed: [], knownOnly: [row('a', 'history')], fetchedAt: 2 },
    });
    expect(s).toMatchObject({ status: 'ready', listed: [], fetchedAt: 2 });
    expect(findRow(s, 'a')?.source).toBe('history');
  });

  it('tracks each row through pending, done and failed', () => {
    const error = new AppError('ERR_NETWORK').toJSON();
    let s = devicesReducer(INITIAL_DEVICES_STATE, { type: 'act', key: 'a', action: 'forget' });
    expect(s.rows.a).toEqual({ phase: 'pending', action: 'forget' });
    s = devicesReducer(s, { type: 'acted', key: 'a', action: 'forget', message: 'Forgotten.' });
    expect(s.rows.a).toEqual({ phase: 'done', action: 'forget', message: 'Forgotten.' });
    s = devicesReducer(s, { type: 'actFailed', key: 'b', action: 'remember', error });
    expect(s.rows.b).toEqual({ phase: 'failed', action: 'remember', error });
    expect(s.rows.a?.phase).toBe('done');
  });

  it('keeps the load error until the next successful load', () => {
    const error = new AppError('ERR_COGNITO_TOKEN_EXPIRED').toJSON();
    let s = devicesReducer(INITIAL_DEVICES_STATE, { type: 'loadFailed', error });
    expect(s).toMatchObject({ status: 'failed', error });
    s = devicesReducer(s, {
      type: 'loaded',
      result: { sessionId: 's', session: SESSION, listed: [], knownOnly: [], fetchedAt: 3 },
    });
    expect(s.error).toBeUndefined();
  });
});

describe('offersRefresh', () => {
  it.each([
    ['ERR_COGNITO_TOKEN_EXPIRED', true],
    ['ERR_TOKEN_EXPIRED', true],
    ['ERR_SESSION_EXPIRED', true],
    ['ERR_COGNITO_NOT_AUTHORIZED', true],
    ['ERR_NETWORK', false],
    ['ERR_COGNITO_SCOPE_MISSING', false],
  ] as const)('%s → %s', (code, expected) => {
    expect(offersRefresh(new AppError(code).toJSON())).toBe(expected);
  });
});

describe('one reducer for every device table', () => {
  const remembered = (key: string, is: boolean): DeviceRow => ({
    key,
    remembered: is,
    source: 'listed',
    isCurrent: false,
  });

  it('the admin view of one user: its rows listed, then listed again after an action, with the row state kept', () => {
    let state = devicesReducer(INITIAL_DEVICES_STATE, { type: 'load' });
    const listed = [remembered('a', true), remembered('b', true)];
    state = devicesReducer(state, { type: 'loaded', result: { listed, knownOnly: [], fetchedAt: 5 } });
    expect(state).toMatchObject({ status: 'ready', fetchedAt: 5 });
    state = devicesReducer(state, { type: 'act', key: 'a', action: 'notRemember' });
    const after = [remembered('a', false), remembered('b', true)];
    state = devicesReducer(state, { type: 'loaded', result: { listed: after, knownOnly: [], fetchedAt: 6 } });
    state = devicesReducer(state, { type: 'acted', key: 'a', action: 'notRemember', message: 'ok' });
    expect(state.listed).toEqual(after);
    expect(state.rows.a).toEqual({ phase: 'done', action: 'notRemember', message: 'ok' });
  });
});

describe('nextSort: one sort rule everywhere', () => {
  it('turns the sorted column, and starts another column newest / largest first', () => {
    expect(nextSort({ key: 'name', direction: 'desc' }, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'createdAt')).toEqual({ key: 'createdAt', direction: 'desc' });
  });
});
