/**
 * ListUsers, DescribeUserPool and the SigV4 verification of the sandbox,
 * through the AWS SDK (and a hand-made request where the SDK cannot be
 * talked into sending something wrong).
 */
import { DescribeUserPoolCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { adminClient, demoSeed, expectCognitoError, IAM, POOL_ID, rawCall, useSandbox } from './helpers';

const sandbox = useSandbox();

const allUsernames = (demoSeed.pools[0]?.users ?? []).map((u) => u.username);

describe('ListUsers', () => {
  it.each([
    ['', allUsernames],
    ['username ^= "al"', ['alice']],
    ['username = "bob"', ['bob']],
    ['email ^= "bob@"', ['bob']],
    ['email ^= "nobody"', []],
    ['cognito:user_status = "UNCONFIRMED"', ['carol']],
  ])('Filter %j', async (filter, expected) => {
    const out = await adminClient(sandbox.endpoint).send(new ListUsersCommand({ UserPoolId: POOL_ID, Filter: filter }));
    expect(out.Users?.map((u) => u.Username)).toEqual(expected);
  });

  it('answers Cognito user records', async () => {
    const out = await adminClient(sandbox.endpoint).send(
      new ListUsersCommand({ UserPoolId: POOL_ID, Filter: 'username = "alice"' }),
    );
    const alice = out.Users?.[0];
    expect(alice).toMatchObject({ Username: 'alice', Enabled: true, UserStatus: 'CONFIRMED' });
    expect(alice?.UserCreateDate).toBeInstanceOf(Date);
    expect(alice?.Attributes?.map((a) => a.Name)).toEqual(expect.arrayContaining(['sub', 'email']));
    const only = await adminClient(sandbox.endpoint).send(
      new ListUsersCommand({ UserPoolId: POOL_ID, Filter: 'username = "alice"', AttributesToGet: ['email'] }),
    );
    expect(only.Users?.[0]?.Attributes).toEqual([{ Name: 'email', Value: 'alice@example.com' }]);
  });

  it('pages with Limit and PaginationToken', async () => {
    const c = adminClient(sandbox.endpoint);
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const out = await c.send(new ListUsersCommand({ UserPoolId: POOL_ID, Limit: 2, PaginationToken: next }));
      expect(out.Users?.length).toBeLessThanOrEqual(2);
      seen.push(...(out.Users ?? []).map((u) => u.Username ?? ''));
      next = out.PaginationToken;
    } while (next);
    expect(seen).toEqual(allUsernames);
  });

  it.each([
    ['unparseable filter', { Filter: 'username starts al' }],
    ['unsupported attribute', { Filter: 'custom:tier = "gold"' }],
    ['forged pagination token', { PaginationToken: 'MTA.AAAAAAAAAAAAAAAAAAAAAA' }],
    ['Limit over 60', { Limit: 61 }],
    ['Filter over 256 characters', { Filter: `username ^= "${'a'.repeat(260)}"` }],
  ])('%s → InvalidParameterException', async (_label, extra) => {
    await expectCognitoError(
      adminClient(sandbox.endpoint).send(new ListUsersCommand({ UserPoolId: POOL_ID, ...extra })),
      'InvalidParameterException',
    );
  });
});

describe('DescribeUserPool', () => {
  it('answers Id, Name and DeviceConfiguration', async () => {
    const out = await adminClient(sandbox.endpoint).send(new DescribeUserPoolCommand({ UserPoolId: POOL_ID }));
    expect(out.UserPool).toMatchObject({
      Id: POOL_ID,
      Name: demoSeed.pools[0]?.name,
      DeviceConfiguration: demoSeed.pools[0]?.deviceConfiguration,
    });
  });

  it('unknown pool → ResourceNotFoundException', async () => {
    await expectCognitoError(
      adminClient(sandbox.endpoint).send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_Missing' })),
      'ResourceNotFoundException',
    );
  });
});

describe('SigV4', () => {
  const describe = (client: ReturnType<typeof adminClient>) =>
    client.send(new DescribeUserPoolCommand({ UserPoolId: POOL_ID }));

  it('unknown access key → UnrecognizedClientException', async () => {
    const err = await expectCognitoError(
      describe(
        adminClient(sandbox.endpoint, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: IAM.secretAccessKey }),
      ),
      'UnrecognizedClientException',
    );
    expect(err.message).toBe('The security token included in the request is invalid.');
  });

  it('wrong secret → InvalidSignatureException', async () => {
    const err = await expectCognitoError(
      describe(
        adminClient(sandbox.endpoint, { accessKeyId: IAM.accessKeyId, secretAccessKey: `${IAM.secretAccessKey}x` }),
      ),
      'InvalidSignatureException',
    );
    expect(err.message).toMatch(/^The request signature we calculated does not match the signature you provided/);
  });

  it.each([
    [
      'behind',
      -6 * 60_000,
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    ],
    ['ahead', 6 * 60_000, /^Signature not yet current: \d{8}T\d{6}Z is still later than/],
  ])('a clock 6 minutes %s → InvalidSignatureException', async (_label, offset, message) => {
    const err = await expectCognitoError(
      describe(adminClient(sandbox.endpoint, IAM, { systemClockOffset: offset })),
      'InvalidSignatureException',
    );
    expect(err.message).toMatch(message);
  });

  it('a clock 4 minutes off is still accepted', async () => {
    await expect(
      describe(adminClient(sandbox.endpoint, IAM, { systemClockOffset: -4 * 60_000 })),
    ).resolves.toBeTruthy();
  });

  it('unsigned → MissingAuthenticationTokenException; token operations are not signed', async () => {
    const r = await rawCall(
      sandbox.endpoint,
      'AWSCognitoIdentityProviderService.DescribeUserPool',
      JSON.stringify({ UserPoolId: POOL_ID }),
    );
    expect(r.status).toBe(400);
    expect(r.errorType).toBe('MissingAuthenticationTokenException:');
    expect(r.json.__type).toBe('MissingAuthenticationTokenException');
  });
});
