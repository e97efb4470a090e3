/**
 * A borrowed session whose app client rotates refresh tokens: the popup offers
 * the two ways on (import again, or refresh and sign the app out), never a
 * plain "Refresh session" that would be refused, and only the warned button
 * sends `allowRotation`.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RotationNotice } from '../../../components/RotationNotice';
import { App } from '../../../entrypoints/popup/App';
import type { DeviceListResult } from '../../../utils/devices/service';
import { buildDeviceRows } from '../../../utils/devices/view';
import type { Envelope } from '../../../utils/messages';
import { createSession } from '../../../utils/session/create-session';
import { type PublicSession, publicSession } from '../../../utils/session/types';
import { accessClaims, NOW_MS, unsignedToken } from '../token/fixtures';
import { answerMessages } from './fake-runtime';

const base = createSession(
  {
    source: 'page',
    origin: 'https://app.example.com',
    accessToken: `${unsignedToken({ alg: 'RS256', kid: 'k1' }, accessClaims())}sig`,
    refreshToken: 'r.t',
  },
  { id: 's1', nowMs: NOW_MS },
);
const rotating: PublicSession = publicSession({ ...base, rotation: { learnedFrom: 'refusal', at: NOW_MS } });

describe('RotationNotice', () => {
  it.each<[string, PublicSession, boolean]>([
    ['a borrowed session of a rotating client', rotating, true],
    ['a client not known to rotate', publicSession(base), false],
    ['the extension’s own sign-in', { ...rotating, source: 'signIn' }, false],
    ['a token the extension rotated already', { ...rotating, ownsRefreshToken: true }, false],
  ])('%s: shown %s', (_name, session, shown) => {
    render(<RotationNotice session={session} busy={false} onRotate={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'Refresh anyway (signs the app out)' }) !== null).toBe(shown);
  });

  it('names the web app whose sign-in a refresh would end, and says so before the button', () => {
    const onRotate = vi.fn();
    const onReimport = vi.fn();
    render(<RotationNotice session={rotating} busy={false} onRotate={onRotate} onReimport={onReimport} />);
    const notice = screen.getByRole('region', { name: 'This app client rotates refresh tokens.' });
    expect(notice.textContent).toContain('replaces the refresh token that app.example.com holds');
    expect(notice.textContent).toContain('app.example.com has to sign in again');
    fireEvent.click(screen.getByRole('button', { name: 'Import again from the tab' }));
    expect(onReimport).toHaveBeenCalledTimes(1);
    expect(onRotate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh anyway (signs the app out)' }));
    expect(onRotate).toHaveBeenCalledTimes(1);
  });

  it('says when the session has expired for it', () => {
    render(
      <RotationNotice
        session={{ ...rotating, status: { state: 'expired', reason: 'ERR_SESSION_REFRESH_ROTATING' } }}
        busy={false}
        onRotate={() => undefined}
      />,
    );
    expect(
      screen.getByRole('region', { name: 'This session expired: its app client rotates refresh tokens.' }),
    ).toBeTruthy();
  });
});

describe('the popup with a borrowed session of a rotating client', () => {
  afterEach(() => vi.restoreAllMocks());

  it('offers no plain refresh; the warned button refreshes with allowRotation and reads the list again', async () => {
    const list: DeviceListResult = {
      sessionId: 's1',
      session: rotating,
      ...buildDeviceRows([{ key: 'us-east-1_a', name: 'Work laptop', remembered: true }], []),
      fetchedAt: NOW_MS,
    };
    const sent: unknown[] = [];
    answerMessages(async (type, message): Promise<Envelope> => {
      sent.push(message);
      if (type === 'devices.list') return { ok: true, value: list };
      if (type === 'session.list') return { ok: true, value: { sessions: [rotating], activeId: 's1' } };
      if (type === 'session.refresh') return { ok: true, value: { session: { ...rotating, ownsRefreshToken: true } } };
      return new Promise<never>(() => {});
    });
    render(<App />);
    const rotate = await screen.findByRole('button', { name: 'Refresh anyway (signs the app out)' });
    expect(screen.queryByRole('button', { name: 'Refresh session' })).toBeNull();
    fireEvent.click(rotate);
    await waitFor(() => expect(sent).toContainEqual({ type: 'session.refresh', id: 's1', allowRotation: true }));
    await waitFor(() =>
      expect(sent.filter((m) => (m as { type: string }).type === 'session.list').length).toBeGreaterThan(0),
    );
  });
});
