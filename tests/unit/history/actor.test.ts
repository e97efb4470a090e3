import { describe, expect, it } from 'vitest';
import { actorFromClaims } from '../../../utils/history/actor';

describe('actorFromClaims', () => {
  it.each([
    [
      'an access token',
      {
        iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1',
        client_id: 'c1',
        username: 'alice',
        sub: 's1',
        token_use: 'access',
        jti: 'j',
      },
      { pool: 'us-east-1_Demo1', clientId: 'c1', username: 'alice', sub: 's1' },
    ],
    [
      'an ID token',
      { iss: 'http://127.0.0.1:9229/us-east-1_Demo1', aud: 'c1', 'cognito:username': 'alice', sub: 's1', email: 'a@x' },
      { pool: 'us-east-1_Demo1', clientId: 'c1', username: 'alice', sub: 's1' },
    ],
    ['only an issuer', { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X/' }, { pool: 'eu-west-1_X' }],
  ])('keeps only the identifiers of %s', (_name, claims, actor) => {
    expect(actorFromClaims(claims)).toEqual(actor);
  });

  it.each([
    ['no issuer', { sub: 's' }],
    ['an issuer that is not a URL', { iss: 'us-east-1_Demo1' }],
    ['an issuer without a path', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/' }],
    ['a non-string issuer', { iss: 42 }],
  ])('refuses %s', (_name, claims) => {
    expect(() => actorFromClaims(claims)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_CLAIMS_INVALID' }));
  });
});
