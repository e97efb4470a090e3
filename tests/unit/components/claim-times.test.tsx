/**
 * Security review #13, break 4: out-of-range claim times. `exp`/`iat`/
 * `auth_time` of 9e12 made the Sessions section throw "Invalid time value"
 * and vanish with its Sign out button; `exp` = 1e308 made alarms.create
 * reject. Now: such tokens are invalid (ERR_TOKEN_CLAIMS_INVALID, the field
 * named); formatting never throws; a part of a page that fails to render is
 * replaced by a notice, its section's controls stay; the alarm is never
 * given an invalid time.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { ErrorBoundary } from '../../../components/ErrorBoundary';
import { ExpiryCountdown } from '../../../components/ExpiryCountdown';
import { TokenInspector } from '../../../components/TokenInspector';
import { SessionsSection } from '../../../entrypoints/options/SessionsSection';
import { formatCountdown, formatDate, formatExact, formatRelative } from '../../../utils/format';
import type { Envelope } from '../../../utils/messages';
import { createSession } from '../../../utils/session/create-session';
import { nextRefreshAt } from '../../../utils/session/refresh-plan';
import { publicSession, type Session } from '../../../utils/session/types';
import { MAX_CLAIM_TIME_SEC, peekClaims, snapshotAccessClaims } from '../../../utils/token/claims';
import { accessClaims, NOW_MS, unsignedToken } from '../token/fixtures';

const token = (claims: Record<string, unknown>) =>
  `${unsignedToken({ alg: 'RS256', kid: 'k1' }, accessClaims(claims))}sig`;

const valid = (): Session =>
  createSession(
    { source: 'page', origin: 'https://app', accessToken: token({}), refreshToken: 'r.t' },
    { id: 's1', nowMs: NOW_MS },
  );

/** A session stored before times were checked: its claims carry times no date can show. */
const outOfRange = (): Session => {
  const s = valid();
  return { ...s, claims: { ...s.claims, expiresAt: 9e12, issuedAt: 9e12, authTime: 9e12 } };
};

describe('claim times', () => {
  it.each([
    ['exp', 9e12],
    ['exp', 1e308],
    ['exp', -1],
    ['exp', MAX_CLAIM_TIME_SEC + 1],
    ['exp', '1700000000'],
    ['iat', 9e12],
    ['auth_time', 9e12],
    ['auth_time', -5],
  ])('%s = %s is an invalid token (ERR_TOKEN_CLAIMS_INVALID)', (field, value) => {
    expect(() => snapshotAccessClaims(peekClaims(token({ [field]: value })))).toThrowError(
      expect.objectContaining({ code: 'ERR_TOKEN_CLAIMS_INVALID', details: { field } }),
    );
  });

  it('accepts 0 and 9999-12-31T23:59:59Z', () => {
    const claims = snapshotAccessClaims(peekClaims(token({ exp: MAX_CLAIM_TIME_SEC, iat: 0, auth_time: 0 })));
    expect([claims.expiresAt, claims.issuedAt, claims.authTime]).toEqual([MAX_CLAIM_TIME_SEC, 0, 0]);
  });

  it('a pasted token with such a time is refused at import', () => {
    expect(() =>
      createSession({ source: 'paste', accessToken: token({ exp: 1e308 }) }, { id: 'x', nowMs: NOW_MS }),
    ).toThrowError(expect.objectContaining({ code: 'ERR_TOKEN_CLAIMS_INVALID' }));
  });
});

describe('formatting never throws', () => {
  it.each([9e15, 9e12 * 1000, 1e308 * 1000, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -9e15])(
    '%s ms',
    (ms) => {
      for (const text of [formatExact(ms), formatDate(ms), formatRelative(ms, NOW_MS), formatCountdown(ms)])
        expect(typeof text).toBe('string');
      expect(formatExact(ms)).toBe('not a valid time');
    },
  );
});

describe('a session with out-of-range times', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('the token inspector and countdown render', () => {
    render(<TokenInspector session={publicSession(outOfRange())} onReveal={vi.fn()} now={() => NOW_MS} />);
    expect(screen.getByRole('region', { name: 'Token inspector' })).toBeTruthy();
    render(<ExpiryCountdown expiresAtMs={1e308 * 1000} now={() => NOW_MS} />);
  });

  it('the Sessions section keeps its Sign out button', async () => {
    const bad = publicSession(outOfRange());
    vi.spyOn(
      browser.runtime as unknown as { sendMessage: (m: unknown) => Promise<unknown> },
      'sendMessage',
    ).mockImplementation(async (message) =>
      (message as { type: string }).type === 'session.list'
        ? ({ ok: true, value: { sessions: [bad], activeId: bad.id } } satisfies Envelope)
        : new Promise<never>(() => {}),
    );
    render(<SessionsSection />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Sign out (this browser)' })).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Global sign-out' })).toBeTruthy();
  });
});

describe('ErrorBoundary', () => {
  it('replaces only the part that failed; the controls beside it stay usable', () => {
    let fail = true;
    const Fragile = () => {
      if (fail) throw new RangeError('Invalid time value');
      return <p>Token details</p>;
    };
    const onClick = vi.fn();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <section>
        <ErrorBoundary what="the token details">
          <Fragile />
        </ErrorBoundary>
        <button type="button" onClick={onClick}>
          Sign out
        </button>
      </section>,
    );
    expect(screen.getByRole('alert').textContent).toContain('Could not show the token details.');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(onClick).toHaveBeenCalledOnce();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('Token details')).toBeTruthy();
  });
});

describe('the refresh alarm', () => {
  it('is never given an invalid time', () => {
    const s = valid();
    const huge = { ...s, claims: { ...s.claims, expiresAt: 1e308 } };
    const drift = { ...s, id: 's2', clockDriftSec: 1e308 };
    expect(nextRefreshAt([huge])).toBeUndefined();
    expect(nextRefreshAt([drift])).toBeUndefined();
    expect(nextRefreshAt([huge, s, drift])).toBe((s.claims.expiresAt + s.clockDriftSec) * 1000 - 5 * 60_000);
  });
});
