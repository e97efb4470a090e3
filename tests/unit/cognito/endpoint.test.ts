/** Endpoint resolution: regional, FIPS, issuer, custom — and everything refused. */
import { describe, expect, it } from 'vitest';
import type { EndpointInput } from '../../../utils/cognito/endpoint';
import { resolveEndpoint } from '../../../utils/cognito/endpoint';

describe('resolveEndpoint', () => {
  it.each<[EndpointInput, string]>([
    [{ userPoolId: 'us-east-1_Demo1' }, 'https://cognito-idp.us-east-1.amazonaws.com/'],
    [{ userPoolId: 'eu-west-3_AbC' }, 'https://cognito-idp.eu-west-3.amazonaws.com/'],
    [{ userPoolId: 'us-west-2_AbC', fips: true }, 'https://cognito-idp-fips.us-west-2.amazonaws.com/'],
    [
      { issuer: 'https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_XyZ' },
      'https://cognito-idp.ap-southeast-2.amazonaws.com/',
    ],
    [
      { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_XyZ', fips: true },
      'https://cognito-idp-fips.us-east-1.amazonaws.com/',
    ],
    [{ issuer: 'http://127.0.0.1:9329/us-east-1_Demo1' }, 'http://127.0.0.1:9329/'],
    [{ issuer: 'http://localhost:9329/us-east-1_Demo1', fips: true }, 'http://localhost:9329/'],
    [{ custom: 'http://127.0.0.1:9329' }, 'http://127.0.0.1:9329/'],
    [{ custom: 'http://[::1]:8080/' }, 'http://[::1]:8080/'],
    [{ custom: 'https://proxy.example.com/cognito' }, 'https://proxy.example.com/cognito/'],
    [{ custom: 'http://127.0.0.1:1/', userPoolId: 'us-east-1_X' }, 'http://127.0.0.1:1/'],
    [
      { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X', userPoolId: 'eu-west-1_Y' },
      'https://cognito-idp.us-east-1.amazonaws.com/',
    ],
  ])('%j → %s', (input, expected) => {
    expect(resolveEndpoint(input)).toBe(expected);
  });

  it.each<[string, EndpointInput]>([
    ['plain http to a remote host', { custom: 'http://cognito-idp.us-east-1.amazonaws.com/' }],
    ['http on a LAN address', { custom: 'http://192.168.1.10:9329/' }],
    ['a file URL', { custom: 'file:///etc/passwd' }],
    ['a javascript URL', { custom: 'javascript:alert(1)' }],
    ['credentials in the URL', { custom: 'https://user:pass@example.com/' }],
    ['a query', { custom: 'https://example.com/?x=1' }],
    ['not a URL', { custom: 'cognito' }],
    ['an issuer that is not Cognito', { issuer: 'https://evil.example.com/us-east-1_X' }],
    ['an issuer over http on a remote host', { issuer: 'http://cognito-idp.us-east-1.amazonaws.com/us-east-1_X' }],
    ['a look-alike issuer host', { issuer: 'https://cognito-idp.us-east-1.amazonaws.com.evil.com/us-east-1_X' }],
    ['an unknown region', { userPoolId: 'xx-nowhere-9_X' }],
    ['a pool id without region', { userPoolId: 'Demo1' }],
    ['FIPS outside the US', { userPoolId: 'eu-west-1_X', fips: true }],
    ['nothing at all', {}],
  ])('refuses %s with ERR_INVALID_ENDPOINT', (_, input) => {
    expect(() => resolveEndpoint(input)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ENDPOINT' }));
  });
});
