import { describe, expect, it } from 'vitest';
import { regionOfPoolId } from '../../../utils/cognito/pool-id';
import { peekClaims, snapshotAccessClaims } from '../../../utils/token/claims';
import { classifyIssuer, endpointForIssuer, LOOPBACK_UNTRUSTED_REASON } from '../../../utils/token/issuer';
import { hasRequiredScope, parseScopes, REQUIRED_SCOPE } from '../../../utils/token/scope';
import {
  accessClaims,
  CLIENT_ID,
  COGNITO_ISS,
  LOOPBACK_ISS,
  makeKey,
  POOL_ID,
  SANDBOX_ENDPOINT,
  signToken,
  unsignedToken,
} from './fixtures';

const errorCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('peekClaims (no verification)', () => {
  it('decodes header and claims of a signed token', async () => {
    const key = await makeKey('k1');
    const peeked = peekClaims(await signToken(key, accessClaims()));
    expect(peeked.header).toEqual({ alg: 'RS256', kid: 'k1', typ: undefined });
    expect(peeked.claims.username).toBe('alice');
  });

  it.each([
    ['empty', ''],
    ['two parts', 'abc.def'],
    ['characters outside TokenModelType', 'a b.c d.e f'],
    ['not JSON inside', 'YWJj.ZGVm.Z2hp'],
    ['far too long', `${'a'.repeat(20_000)}.b.c`],
  ])('rejects %s with ERR_TOKEN_MALFORMED', (_name, token) => {
    expect(errorCode(() => peekClaims(token))).toBe('ERR_TOKEN_MALFORMED');
  });
});

describe('snapshotAccessClaims', () => {
  it('keeps the non-secret facts of an access token', () => {
    const snap = snapshotAccessClaims({
      header: { alg: 'RS256', kid: 'k1' },
      claims: accessClaims({ device_key: 'us-east-1_abc' }),
    });
    expect(snap).toMatchObject({
      username: 'alice',
      clientId: CLIENT_ID,
      issuer: LOOPBACK_ISS,
      poolId: POOL_ID,
      region: 'us-east-1',
      groups: ['admins'],
      scopes: [REQUIRED_SCOPE],
      deviceKey: 'us-east-1_abc',
      kid: 'k1',
    });
  });

  it.each([
    ['an ID token', { token_use: 'id' }, 'ERR_TOKEN_NOT_ACCESS'],
    ['no token_use', { token_use: undefined }, 'ERR_TOKEN_NOT_ACCESS'],
    ['no client_id', { client_id: undefined }, 'ERR_TOKEN_CLAIMS_INVALID'],
    ['no exp', { exp: undefined }, 'ERR_TOKEN_CLAIMS_INVALID'],
    ['no iss', { iss: undefined }, 'ERR_TOKEN_CLAIMS_INVALID'],
    ['no sub', { sub: undefined }, 'ERR_TOKEN_CLAIMS_INVALID'],
  ])('rejects %s', (_name, overrides, code) => {
    const token = unsignedToken({ alg: 'RS256' }, accessClaims(overrides));
    expect(errorCode(() => snapshotAccessClaims(peekClaims(`${token}sig`)))).toBe(code);
  });
});

describe('scopes', () => {
  it.each([
    ['aws.cognito.signin.user.admin', true],
    ['openid email aws.cognito.signin.user.admin', true],
    ['openid email profile', false],
    ['aws.cognito.signin.user.admin.extra', false],
    ['', false],
  ])('%j has the required scope: %s', (scope, expected) => {
    expect(hasRequiredScope(parseScopes(scope))).toBe(expected);
  });

  it('treats a non-string scope as none', () => {
    expect(parseScopes(['aws.cognito.signin.user.admin'])).toEqual([]);
  });
});

describe('classifyIssuer', () => {
  it.each([
    ['https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123', 'cognito'],
    ['https://cognito-idp-fips.us-west-2.amazonaws.com/us-west-2_AbC123', 'cognito'],
    ['https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_X', 'cognito'],
    ['http://127.0.0.1:4599/us-east-1_Demo1', 'untrusted'],
    ['http://localhost:8080/eu-west-1_Demo1', 'untrusted'],
    ['https://evil.example.com/us-east-1_AbC123', 'untrusted'],
    ['http://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123', 'untrusted'],
    ['https://cognito-idp.us-east-1.amazonaws.com:8443/us-east-1_AbC123', 'untrusted'],
    ['https://cognito-idp.us-east-1.amazonaws.com/eu-west-1_AbC123', 'untrusted'],
    ['https://cognito-idp.xx-nowhere-9.amazonaws.com/xx-nowhere-9_AbC', 'untrusted'],
    ['https://cognito-idp-fips.eu-west-1.amazonaws.com/eu-west-1_AbC', 'untrusted'],
    ['https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/extra', 'untrusted'],
    ['https://cognito-idp.us-east-1.amazonaws.com.evil.com/us-east-1_AbC', 'untrusted'],
    ['https://user@cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC', 'untrusted'],
    ['not a url', 'untrusted'],
    ['', 'untrusted'],
  ])('%s → %s', (iss, trust) => {
    const info = classifyIssuer(iss);
    expect(info.trust).toBe(trust);
    if (trust === 'untrusted') expect(info.reason).toBeTruthy();
  });

  it('does not trust a loopback issuer without an override, and says why', () => {
    expect(classifyIssuer(LOOPBACK_ISS)).toMatchObject({
      trust: 'untrusted',
      reason: LOOPBACK_UNTRUSTED_REASON,
      poolId: POOL_ID,
    });
  });

  it.each([
    ['the override of its origin', SANDBOX_ENDPOINT, 'loopback'],
    ['the override with a trailing slash (as the Settings form stores it)', `${SANDBOX_ENDPOINT}/`, 'loopback'],
    ['an override on another port', 'http://127.0.0.1:4600/', 'untrusted'],
    ['an override on the other loopback name', 'http://localhost:4599/', 'untrusted'],
    ['an override that is not a URL', 'nope', 'untrusted'],
  ])('a loopback issuer with %s (%s) is %s', (_name, override, trust) => {
    expect(classifyIssuer(LOOPBACK_ISS, override).trust).toBe(trust);
  });

  it('classifies a Cognito issuer the same whatever the override', () => {
    expect(classifyIssuer(COGNITO_ISS, SANDBOX_ENDPOINT).trust).toBe('cognito');
  });

  it('gives the pool, region and endpoint of a trusted issuer', () => {
    expect(classifyIssuer('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool9')).toMatchObject({
      poolId: 'eu-west-1_Pool9',
      region: 'eu-west-1',
      origin: 'https://cognito-idp.eu-west-1.amazonaws.com',
    });
  });

  it.each([
    ['us-east-1_Demo1', 'us-east-1'],
    ['nope', undefined],
  ])('regionOfPoolId(%s) = %s', (pool, region) => {
    expect(regionOfPoolId(pool)).toBe(region);
  });
});

describe('endpointForIssuer', () => {
  it('sends a Cognito issuer to its own origin, ignoring the override', () => {
    expect(endpointForIssuer(COGNITO_ISS, SANDBOX_ENDPOINT)).toBe('https://cognito-idp.us-east-1.amazonaws.com');
    expect(endpointForIssuer(COGNITO_ISS)).toBe('https://cognito-idp.us-east-1.amazonaws.com');
  });

  it('sends the loopback issuer the override names to the override', () => {
    expect(endpointForIssuer(LOOPBACK_ISS, `${SANDBOX_ENDPOINT}/`)).toBe(SANDBOX_ENDPOINT);
  });

  it.each([
    ['no override', ''],
    ['an override on another port', 'http://127.0.0.1:4600/'],
  ])('never sends an untrusted loopback issuer to a local port (%s)', (_name, override) => {
    expect(endpointForIssuer(LOOPBACK_ISS, override)).toBe('https://cognito-idp.us-east-1.amazonaws.com');
  });

  it('never sends an untrusted issuer to the override', () => {
    expect(endpointForIssuer('https://evil.example.com/us-east-1_Abc', SANDBOX_ENDPOINT)).toBe(
      'https://cognito-idp.us-east-1.amazonaws.com',
    );
  });
});
