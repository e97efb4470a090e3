/**
 * The operations table's quota columns against the sandbox's own table (which
 * cites the developer guide): every operation of the client counts against
 * the same category and the same per-user limit in both, and the rates agree.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS, OPERATION_CATEGORY, PER_USER_KIND } from '../../../sandbox/quota';
import { COGNITO_RATES, OPERATIONS, QUOTAS } from '../../../utils/cognito';
import { userOf } from '../../../utils/cognito/client';

describe('quota categories', () => {
  it.each(Object.values(OPERATIONS).map((op) => [op.name, op.pace] as const))(
    '%s counts where the sandbox counts it',
    (name, pace) => {
      expect(pace.category).toBe(OPERATION_CATEGORY[name]);
      expect(pace.perUser).toBe(PER_USER_KIND[name]);
    },
  );

  it('lists, for Settings’ hints, exactly the operations the table counts against each quota', () => {
    for (const q of QUOTAS) {
      const counted = Object.values(OPERATIONS)
        .filter((op) => op.pace.category === q.name || op.pace.perUser === q.name)
        .map((op) => op.name);
      expect([...q.operations].sort()).toEqual(counted.sort());
    }
  });

  it('uses Cognito’s default rates, and only the documented categories are adjustable', () => {
    for (const [name, rate] of Object.entries(COGNITO_RATES)) expect(rate).toBe(DEFAULT_QUOTAS[name as never]);
    expect(QUOTAS.filter((q) => q.adjustable).map((q) => q.name)).toEqual([
      'UserResourceRead',
      'UserRead',
      'UserAuthentication',
      'UserToken',
    ]);
  });
});

describe('userOf (the per-user pacing key)', () => {
  const token = (claims: Record<string, unknown>) =>
    `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  it.each([
    [{ UserPoolId: 'us-east-1_P', Username: 'alice' }, 'us-east-1_P/alice'],
    [
      { AccessToken: token({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_P', username: 'alice' }) },
      'us-east-1_P/alice',
    ],
    [{ AccessToken: token({ iss: 'http://127.0.0.1:9/us-east-1_P', sub: 'abc' }) }, 'us-east-1_P/abc'],
    [{ ClientId: 'c1', AuthParameters: { USERNAME: 'bob' } }, 'client:c1/bob'],
    [{ ClientId: 'c1', RefreshToken: 'opaque' }, undefined],
    [{ AccessToken: 'not-a-jwt' }, undefined],
  ])('%j → %j', (body, key) => {
    expect(userOf(body)).toBe(key);
  });
});
