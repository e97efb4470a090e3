import { describe, expect, it } from 'vitest';
import { applyRefreshedTokens, createSession } from '../../../utils/session/create-session';
import {
  dueForRefresh,
  expiredWithoutRefresh,
  msUntilExpiry,
  nextRefreshAt,
  REFRESH_LEAD_MS,
} from '../../../utils/session/refresh-plan';
import { pickImportTab } from '../../../utils/session/tab-target';
import { maskToken, publicSession } from '../../../utils/session/types';
import { endpointForIssuer } from '../../../utils/token/issuer';
import { loopbackOverride } from '../../../utils/worker/context';
import {
  accessClaims,
  CLIENT_ID,
  COGNITO_ISS,
  NOW_MS,
  NOW_SEC,
  SANDBOX_ENDPOINT,
  unsignedToken,
} from '../token/fixtures';

const tok = (claims: Record<string, unknown> = {}) =>
  `${unsignedToken({ alg: 'RS256', kid: 'k' }, accessClaims(claims))}sig`;
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('createSession', () => {
  it('builds an active, unverified session whose endpoint is the origin of iss', () => {
    const s = createSession(
      { source: 'page', origin: 'https://app', accessToken: tok(), refreshToken: 'r.e.f.r.e', clockDriftSec: 2 },
      { id: 's1', nowMs: NOW_MS, endpointOverride: SANDBOX_ENDPOINT },
    );
    expect(s).toMatchObject({
      id: 's1',
      clientId: CLIENT_ID,
      username: 'alice',
      poolId: 'us-east-1_Demo1',
      endpoint: 'http://127.0.0.1:4599',
      clockDriftSec: 2,
      verification: { state: 'unverified' },
      status: { state: 'active' },
    });
  });

  it('uses Settings’ endpoint override for the loopback issuer it names', () => {
    const s = createSession(
      { source: 'paste', accessToken: tok() },
      { id: 'x', nowMs: 0, endpointOverride: `${SANDBOX_ENDPOINT}/` },
    );
    expect(s.endpoint).toBe(SANDBOX_ENDPOINT);
  });

  it('never points a Cognito-issued session at the override', () => {
    const s = createSession(
      { source: 'paste', accessToken: tok({ iss: COGNITO_ISS }) },
      { id: 'x', nowMs: 0, endpointOverride: `${SANDBOX_ENDPOINT}/` },
    );
    expect(s.endpoint).toBe('https://cognito-idp.us-east-1.amazonaws.com');
  });

  it('never points an untrusted loopback session at a local port', () => {
    const s = createSession(
      { source: 'paste', accessToken: tok() },
      { id: 'x', nowMs: 0, endpointOverride: 'http://127.0.0.1:9/' },
    );
    expect(s.endpoint).toBe('https://cognito-idp.us-east-1.amazonaws.com');
  });

  it('takes the device key from the token when the page has none', () => {
    const s = createSession(
      { source: 'paste', accessToken: tok({ device_key: 'us-east-1_ab-12' }) },
      { id: 'x', nowMs: 0 },
    );
    expect(s.deviceKey).toBe('us-east-1_ab-12');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['garbage access token', { accessToken: 'nope' }, 'ERR_TOKEN_MALFORMED'],
    ['ID token', { accessToken: tok({ token_use: 'id' }) }, 'ERR_TOKEN_NOT_ACCESS'],
    ['client id of another client', { accessToken: tok(), clientId: 'other' }, 'ERR_TOKEN_CLIENT_MISMATCH'],
    ['invalid client id', { accessToken: tok(), clientId: 'a b' }, 'ERR_INVALID_CLIENT_ID'],
    ['invalid refresh token', { accessToken: tok(), refreshToken: 'has spaces' }, 'ERR_INVALID_REFRESH_TOKEN'],
    [
      'untrusted issuer of no known region',
      { accessToken: tok({ iss: 'https://evil.example.com/xx_1' }) },
      'ERR_TOKEN_ISSUER_UNTRUSTED',
    ],
  ])('rejects %s', (_name, input, expected) => {
    expect(code(() => createSession({ source: 'paste', accessToken: '', ...input }, { id: 'x', nowMs: 0 }))).toBe(
      expected,
    );
  });

  it('never sends a refresh token to an untrusted issuer host', () => {
    expect(endpointForIssuer('https://evil.example.com/us-east-1_Abc')).toBe(
      'https://cognito-idp.us-east-1.amazonaws.com',
    );
  });

  it('applies refreshed tokens, keeping the refresh token when none is returned', () => {
    const s = createSession({ source: 'paste', accessToken: tok(), refreshToken: 'rt' }, { id: 'x', nowMs: 0 });
    const next = applyRefreshedTokens(s, { accessToken: tok({ jti: 'new', iat: NOW_SEC }) }, NOW_MS + 5000);
    expect(next.tokens.refreshToken).toBe('rt');
    expect(next.refreshedAt).toBe(NOW_MS + 5000);
    expect(next.clockDriftSec).toBe(5);
    expect(code(() => applyRefreshedTokens(s, { accessToken: tok({ client_id: 'other' }) }, 0))).toBe(
      'ERR_TOKEN_ISSUER_MISMATCH',
    );
  });
});

describe('publicSession and masking', () => {
  it('strips every secret', () => {
    const s = createSession(
      { source: 'signIn', accessToken: tok(), refreshToken: 'refresh-secret', clientSecret: 'client-secret-value' },
      { id: 'x', nowMs: 0 },
    );
    const pub = publicSession(s);
    const text = JSON.stringify(pub);
    expect(text).not.toContain(s.tokens.accessToken);
    expect(text).not.toContain('refresh-secret');
    expect(text).not.toContain('client-secret-value');
    expect(pub.has).toEqual({ idToken: false, refreshToken: true, clientSecret: true });
  });

  it.each([
    ['eyJraWQiOiJrMSJ9.payload.signature', 'eyJr••••••••re'],
    ['short', '••••••••'],
  ])('maskToken(%s)', (token, masked) => {
    expect(maskToken(token)).toBe(masked);
  });
});

describe('refresh planning', () => {
  const s = (claims: Record<string, unknown>, refreshToken?: string) =>
    createSession({ source: 'paste', accessToken: tok(claims), refreshToken }, { id: String(Math.random()), nowMs: 0 });

  it('refreshes five minutes before expiry on the local clock', () => {
    const a = s({ exp: NOW_SEC + 3600 }, 'rt');
    expect(nextRefreshAt([a])).toBe(NOW_MS + 3600_000 - REFRESH_LEAD_MS);
    expect(dueForRefresh([a], NOW_MS)).toEqual([]);
    expect(dueForRefresh([a], NOW_MS + 3600_000 - REFRESH_LEAD_MS)).toEqual([a]);
    expect(msUntilExpiry({ ...a, clockDriftSec: 60 }, NOW_MS)).toBe(3660_000);
  });

  it('never plans a refresh without a refresh token, and expires such sessions', () => {
    const b = s({ exp: NOW_SEC - 1 });
    expect(nextRefreshAt([b])).toBeUndefined();
    expect(expiredWithoutRefresh([b], NOW_MS)).toEqual([b]);
  });
});

describe('pickImportTab', () => {
  const ext = 'chrome-extension://abc/';
  it.each<[string, Parameters<typeof pickImportTab>[0], number | undefined]>([
    ['the active web tab', [{ id: 1, active: true, url: 'https://app.example.com/' }], 1],
    [
      'the last used web tab when the popup is a tab',
      [
        { id: 1, active: true, url: `${ext}popup.html` },
        { id: 2, url: 'https://a/', lastAccessed: 5 },
        { id: 3, url: 'http://127.0.0.1:5000/', lastAccessed: 9 },
        { id: 4, url: 'chrome://settings', lastAccessed: 99 },
      ],
      3,
    ],
    ['nothing for chrome://', [{ id: 1, active: true, url: 'chrome://extensions' }], undefined],
    [
      'nothing for the web store',
      [{ id: 1, active: true, url: 'https://chromewebstore.google.com/detail/x' }],
      undefined,
    ],
    ['nothing for file://', [{ id: 1, active: true, url: 'file:///tmp/a.html' }], undefined],
    ['a tab whose URL is hidden (left to executeScript)', [{ id: 7, active: true }], 7],
  ])('%s', (_name, tabs, expected) => {
    expect(pickImportTab(tabs, ext)?.id).toBe(expected);
  });
});

describe('loopbackOverride', () => {
  it.each([
    ['', ''],
    ['  ', ''],
    ['http://127.0.0.1:4599', 'http://127.0.0.1:4599/'],
    ['http://localhost:9/', 'http://localhost:9/'],
  ])('accepts %j as %j', (endpointOverride, expected) => {
    expect(loopbackOverride({ endpointOverride })).toBe(expected);
  });

  it.each([
    ['https://evil.example.com'],
    ['https://127.0.0.1:4599'],
    ['http://10.0.0.1:4599'],
    ['http://user:pw@127.0.0.1:4599'],
    ['nope'],
  ])('refuses %s with ERR_INVALID_ENDPOINT', (endpointOverride) => {
    expect(code(() => loopbackOverride({ endpointOverride }))).toBe('ERR_INVALID_ENDPOINT');
  });
});
