/**
 * Every error a test may need can be produced on purpose, each through the AWS
 * SDK v3 with the trigger README documents: ForbiddenException (a web-ACL
 * rule in the seed), InvalidUserPoolConfigurationException (the seed switch
 * `invalidConfiguration`), InternalErrorException (a fault),
 * PasswordResetRequiredException (dave), UserNotConfirmedException (carol),
 * UserNotFoundException, NotAuthorizedException, ResourceNotFoundException,
 * InvalidParameterException, TooManyRequestsException (a quota).
 */
import {
  AdminListDevicesCommand,
  GetDeviceCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import type { SeedFile } from '../../../sandbox/seed';
import {
  adminClient,
  CLIENT_ID,
  declaredErrors,
  demoSeed,
  expectCognitoError,
  mint,
  POOL_ID,
  sandboxCall,
  user,
  userClient,
  useSandbox,
} from './helpers';

/** The demo seed with a web ACL blocking InitiateAuth from loopback, and a second, misconfigured pool. */
function triggerSeed(): SeedFile {
  const seed = structuredClone(demoSeed) as SeedFile;
  const demo = seed.pools[0] as SeedFile['pools'][number];
  demo.webAcl = [{ sourceIps: ['127.0.0.1'], operations: ['InitiateAuth'] }];
  seed.pools.push({
    id: 'us-east-1_Broken1',
    name: 'Misconfigured pool',
    invalidConfiguration: 'The user pool has no verified sender for its email configuration.',
    clients: [{ id: '5sandboxbrokenclient00001', name: 'Broken', allowedScopes: ['aws.cognito.signin.user.admin'] }],
    users: [{ username: 'zoe', password: 'Zoe-Passw0rd!', status: 'CONFIRMED' }],
  });
  return seed;
}

const sandbox = useSandbox({ resetEach: true, seed: triggerSeed() });
const sdk = () => userClient(sandbox.endpoint);
const passwordSignIn = (username: string, password: string, clientId = CLIENT_ID) =>
  sdk().send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
const listDevices = async () =>
  sdk().send(new ListDevicesCommand({ AccessToken: (await mint(sandbox.endpoint, {})).AccessToken }));

describe('each error, on purpose', () => {
  it('ForbiddenException: a web-ACL rule of the pool blocks the request', async () => {
    const err = await expectCognitoError(passwordSignIn('alice', user('alice').password), 'ForbiddenException');
    expect(err.message).toBe('Request not allowed due to WAF block.');
    // The rule names InitiateAuth only: other operations of the pool pass.
    await expect(listDevices()).resolves.toBeTruthy();
  });

  it('InvalidUserPoolConfigurationException: the seed marks the pool invalid', async () => {
    const err = await expectCognitoError(
      passwordSignIn('zoe', 'Zoe-Passw0rd!', '5sandboxbrokenclient00001'),
      'InvalidUserPoolConfigurationException',
    );
    expect(err.message).toMatch(/no verified sender/);
    expect(declaredErrors('InitiateAuth')).toContain('InvalidUserPoolConfigurationException');
  });

  it('InternalErrorException: an injected fault (HTTP 500)', async () => {
    await sandboxCall(sandbox.endpoint, 'PUT', '/_sandbox/faults', { rate: 1, kinds: ['InternalError'] });
    await expectCognitoError(listDevices(), 'InternalErrorException', 500);
  });

  it('PasswordResetRequiredException: a RESET_REQUIRED user (dave)', async () => {
    const token = await mint(sandbox.endpoint, { username: 'dave' });
    await expectCognitoError(
      sdk().send(new ListDevicesCommand({ AccessToken: token.AccessToken })),
      'PasswordResetRequiredException',
    );
  });

  it('UserNotConfirmedException: an UNCONFIRMED user (carol)', async () => {
    const token = await mint(sandbox.endpoint, { username: 'carol' });
    await expectCognitoError(
      sdk().send(new ListDevicesCommand({ AccessToken: token.AccessToken })),
      'UserNotConfirmedException',
    );
  });

  it('UserNotFoundException: a username the pool does not have', async () => {
    const err = await expectCognitoError(
      adminClient(sandbox.endpoint).send(new AdminListDevicesCommand({ UserPoolId: POOL_ID, Username: 'nobody-here' })),
      'UserNotFoundException',
    );
    expect(err.message).toBe('User does not exist.');
  });

  it('NotAuthorizedException: an invalid access token', async () => {
    const err = await expectCognitoError(
      sdk().send(new ListDevicesCommand({ AccessToken: 'a.b.c' })),
      'NotAuthorizedException',
    );
    expect(err.message).toBe('Invalid Access Token');
  });

  it('ResourceNotFoundException: a device the user does not have', async () => {
    const token = await mint(sandbox.endpoint, {});
    const err = await expectCognitoError(
      sdk().send(
        new GetDeviceCommand({
          AccessToken: token.AccessToken,
          DeviceKey: 'us-east-1_00000000-0000-0000-0000-000000000000',
        }),
      ),
      'ResourceNotFoundException',
    );
    expect(err.message).toBe('Device does not exist.');
  });

  it('InvalidParameterException: a value the model refuses', async () => {
    const token = await mint(sandbox.endpoint, {});
    const err = await expectCognitoError(
      sdk().send(new GetDeviceCommand({ AccessToken: token.AccessToken, DeviceKey: 'not a key' })),
      'InvalidParameterException',
    );
    expect(err.message).toMatch(/^1 validation error detected: Value 'not a key' at 'deviceKey'/);
  });

  it('TooManyRequestsException: over a quota', async () => {
    await sandboxCall(sandbox.endpoint, 'PUT', '/_sandbox/quotas', { UserResourceRead: 1 });
    const token = await mint(sandbox.endpoint, {});
    const call = () => sdk().send(new ListDevicesCommand({ AccessToken: token.AccessToken }));
    await call();
    const err = await expectCognitoError(call(), 'TooManyRequestsException');
    expect(err.message).toBe('Rate exceeded');
  });
});
