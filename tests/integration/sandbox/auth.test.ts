/**
 * Sign-in, refresh, revocation and access-token checks of the sandbox, driven
 * through the official AWS SDK for JavaScript v3 over real HTTP.
 */
import { createHmac } from 'node:crypto';
import {
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeJwt, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModelValidator, loadServiceModel } from '../../../sandbox/model-validate';
import { validateSeed } from '../../../sandbox/seed';
import { startSandbox } from '../../../sandbox/server';
import { createState, type SandboxState } from '../../../sandbox/state';
import { ADMIN_SCOPE, createKeyring, type Keyring, verifyAccessToken } from '../../../sandbox/tokens';
import { CognitoError } from '../../../sandbox/wire';
import {
  ALICE,
  CLIENT_ID,
  declaredErrors,
  demoSeed,
  expectCognitoError,
  mint,
  POOL_ID,
  SECRET_CLIENT,
  SRP_ONLY_CLIENT_ID,
  signIn,
  userClient,
  useSandbox,
} from './helpers';

const sandbox = useSandbox({ resetEach: true });

const initiate = (
  params: Record<string, string>,
  clientId = CLIENT_ID,
  flow: 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH' | 'USER_SRP_AUTH' = 'USER_PASSWORD_AUTH',
) =>
  userClient(sandbox.endpoint).send(
    new InitiateAuthCommand({ AuthFlow: flow, ClientId: clientId, AuthParameters: params }),
  );

describe('InitiateAuth USER_PASSWORD_AUTH', () => {
  it('returns RS256 tokens with Cognito claims that verify against the pool JWKS', async () => {
    const out = await signIn(sandbox.endpoint);
    expect(out.TokenType).toBe('Bearer');
    expect(out.ExpiresIn).toBe(3600);
    expect(out.NewDeviceMetadata?.DeviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    const iss = `${sandbox.endpoint}/${POOL_ID}`;
    const jwks = createRemoteJWKSet(new URL(`${iss}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(out.AccessToken, jwks, { issuer: iss });
    expect(protectedHeader.alg).toBe('RS256');
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload).toMatchObject({
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      client_id: CLIENT_ID,
      username: 'alice',
      'cognito:groups': ['admins'],
      device_key: out.NewDeviceMetadata?.DeviceKey,
    });
    for (const claim of ['sub', 'origin_jti', 'event_id', 'auth_time', 'exp', 'iat', 'jti'])
      expect(payload).toHaveProperty(claim);
    const id = await jwtVerify(out.IdToken, jwks, { issuer: iss, audience: CLIENT_ID });
    expect(id.payload).toMatchObject({
      token_use: 'id',
      'cognito:username': 'alice',
      email: 'alice@example.com',
      email_verified: true,
    });
    expect(id.payload.sub).toBe(payload.sub);
    expect(out.RefreshToken.split('.')).toHaveLength(1);
  });

  it.each([
    [
      'wrong password',
      { USERNAME: 'alice', PASSWORD: 'nope' },
      'NotAuthorizedException',
      'Incorrect username or password.',
    ],
    ['unknown user', { USERNAME: 'mallory', PASSWORD: 'x' }, 'UserNotFoundException', 'User does not exist.'],
    [
      'unconfirmed user',
      { USERNAME: 'carol', PASSWORD: 'Carol-Demo-Passw0rd!' },
      'UserNotConfirmedException',
      'User is not confirmed.',
    ],
    [
      'reset required',
      { USERNAME: 'dave', PASSWORD: 'Dave-Demo-Passw0rd!' },
      'PasswordResetRequiredException',
      'Password reset required for the user',
    ],
    ['missing USERNAME', { PASSWORD: 'x' }, 'InvalidParameterException', 'Missing required parameter USERNAME'],
    ['missing PASSWORD', { USERNAME: 'alice' }, 'InvalidParameterException', 'Missing required parameter PASSWORD'],
  ])('%s → %s', async (_label, params, name, message) => {
    const err = await expectCognitoError(initiate(params), name);
    expect(err.message).toBe(message);
    expect(declaredErrors('InitiateAuth')).toContain(name);
  });

  it('answers a challenge (ChallengeName + Session) instead of tokens for an MFA user', async () => {
    const out = await initiate({ USERNAME: 'erin', PASSWORD: 'Erin-Demo-Passw0rd!' });
    expect(out.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect(out.Session?.length).toBeGreaterThanOrEqual(20);
    expect(out.AuthenticationResult).toBeUndefined();
  });

  it('refuses a flow the client does not allow, and an unknown client', async () => {
    const err = await expectCognitoError(
      initiate({ USERNAME: 'alice', PASSWORD: ALICE.password }, SRP_ONLY_CLIENT_ID),
      'InvalidParameterException',
    );
    expect(err.message).toBe('USER_PASSWORD_AUTH flow not enabled for this client');
    await expectCognitoError(
      initiate({ USERNAME: 'alice', PASSWORD: ALICE.password }, 'nosuchclient'),
      'ResourceNotFoundException',
    );
  });

  describe('client with a secret', () => {
    const id = SECRET_CLIENT?.id ?? '';
    const hash = (username: string, secret = SECRET_CLIENT?.secret ?? '') =>
      createHmac('sha256', secret)
        .update(username + id)
        .digest('base64');
    it('requires SECRET_HASH and checks it', async () => {
      const base = { USERNAME: 'alice', PASSWORD: ALICE.password };
      const missing = await expectCognitoError(initiate(base, id), 'NotAuthorizedException');
      expect(missing.message).toContain('configured for secret');
      const wrong = await expectCognitoError(
        initiate({ ...base, SECRET_HASH: hash('alice', 'x'.repeat(30)) }, id),
        'NotAuthorizedException',
      );
      expect(wrong.message).toBe(`Unable to verify secret hash for client ${id}`);
      const ok = await initiate({ ...base, SECRET_HASH: hash('alice') }, id);
      expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
      const refreshed = await initiate(
        {
          REFRESH_TOKEN: ok.AuthenticationResult?.RefreshToken ?? '',
          SECRET_HASH: hash('alice'),
          DEVICE_KEY: ok.AuthenticationResult?.NewDeviceMetadata?.DeviceKey ?? '',
        },
        id,
        'REFRESH_TOKEN_AUTH',
      );
      expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy();
    });
  });
});

describe('refresh', () => {
  it('REFRESH_TOKEN_AUTH needs the DEVICE_KEY of a device-bound token and keeps the binding', async () => {
    const s = await signIn(sandbox.endpoint);
    const deviceKey = s.NewDeviceMetadata?.DeviceKey ?? '';
    const without = await expectCognitoError(
      initiate({ REFRESH_TOKEN: s.RefreshToken }, CLIENT_ID, 'REFRESH_TOKEN_AUTH'),
      'NotAuthorizedException',
    );
    expect(without.message).toBe('Invalid Refresh Token.');
    const out = await initiate(
      { REFRESH_TOKEN: s.RefreshToken, DEVICE_KEY: deviceKey },
      CLIENT_ID,
      'REFRESH_TOKEN_AUTH',
    );
    expect(out.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect(decodeJwt(out.AuthenticationResult?.AccessToken ?? '')).toMatchObject({
      device_key: deviceKey,
      origin_jti: decodeJwt(s.AccessToken).origin_jti,
    });
  });

  it('GetTokensFromRefreshToken refreshes, and refuses an unknown refresh token', async () => {
    const s = await signIn(sandbox.endpoint);
    const c = userClient(sandbox.endpoint);
    const out = await c.send(
      new GetTokensFromRefreshTokenCommand({
        RefreshToken: s.RefreshToken,
        ClientId: CLIENT_ID,
        DeviceKey: s.NewDeviceMetadata?.DeviceKey,
      }),
    );
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    const err = await expectCognitoError(
      c.send(new GetTokensFromRefreshTokenCommand({ RefreshToken: 'bm90LWEtdG9rZW4', ClientId: CLIENT_ID })),
      'NotAuthorizedException',
    );
    expect(err.message).toBe('Invalid Refresh Token.');
  });

  it('RevokeToken revokes the refresh token and the access tokens of that sign-in', async () => {
    const s = await signIn(sandbox.endpoint);
    const c = userClient(sandbox.endpoint);
    await c.send(new RevokeTokenCommand({ Token: s.RefreshToken, ClientId: CLIENT_ID }));
    const refresh = await expectCognitoError(
      initiate(
        { REFRESH_TOKEN: s.RefreshToken, DEVICE_KEY: s.NewDeviceMetadata?.DeviceKey ?? '' },
        CLIENT_ID,
        'REFRESH_TOKEN_AUTH',
      ),
      'NotAuthorizedException',
    );
    expect(refresh.message).toBe('Refresh Token has been revoked');
    const access = await expectCognitoError(
      c.send(new GetUserCommand({ AccessToken: s.AccessToken })),
      'NotAuthorizedException',
    );
    expect(access.message).toBe('Access Token has been revoked');
    await expectCognitoError(
      c.send(new RevokeTokenCommand({ Token: s.AccessToken, ClientId: CLIENT_ID })),
      'UnsupportedTokenTypeException',
    );
  });

  it('GlobalSignOut revokes every access and refresh token of the user', async () => {
    const a = await signIn(sandbox.endpoint);
    const b = await mint(sandbox.endpoint, {});
    const c = userClient(sandbox.endpoint);
    await c.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken }));
    for (const token of [a.AccessToken, b.AccessToken]) {
      const err = await expectCognitoError(
        c.send(new ListDevicesCommand({ AccessToken: token })),
        'NotAuthorizedException',
      );
      expect(err.message).toBe('Access Token has been revoked');
    }
    const err = await expectCognitoError(
      c.send(new GetTokensFromRefreshTokenCommand({ RefreshToken: b.RefreshToken, ClientId: CLIENT_ID })),
      'NotAuthorizedException',
    );
    expect(err.message).toBe('Refresh Token has been revoked');
    // A new sign-in after the sign-out works.
    const fresh = await signIn(sandbox.endpoint);
    await expect(c.send(new GetUserCommand({ AccessToken: fresh.AccessToken }))).resolves.toMatchObject({
      Username: 'alice',
    });
  });
});

describe('access token checks', () => {
  const forge = async (claims: Record<string, unknown>, kid?: string) => {
    const { privateKey } = await generateKeyPair('RS256');
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', ...(kid ? { kid } : {}) }).sign(privateKey);
  };
  const tamper = (token: string) => {
    const [h, p, s] = token.split('.');
    const payload = { ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), username: 'bob' };
    return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
  };
  const cases: [string, () => Promise<string>, string][] = [
    [
      'bad signature (payload edited)',
      async () => tamper((await mint(sandbox.endpoint, {})).AccessToken),
      'Invalid Access Token',
    ],
    [
      'unknown kid',
      async () => forge({ ...decodeJwt((await mint(sandbox.endpoint, {})).AccessToken) }, 'unknown-kid'),
      'Invalid Access Token',
    ],
    [
      'signed by a foreign key with the pool kid',
      async () => {
        const real = (await mint(sandbox.endpoint, {})).AccessToken;
        const kid = JSON.parse(Buffer.from(real.split('.')[0] ?? '', 'base64url').toString()).kid as string;
        return forge(decodeJwt(real), kid);
      },
      'Invalid Access Token',
    ],
    ['ID token', async () => (await mint(sandbox.endpoint, {})).IdToken, 'Invalid Access Token'],
    ['refresh token', async () => (await mint(sandbox.endpoint, {})).RefreshToken, 'Invalid Access Token'],
    ['expired', async () => (await mint(sandbox.endpoint, { expiresIn: -60 })).AccessToken, 'Access Token has expired'],
    [
      'no aws.cognito.signin.user.admin scope',
      async () => (await mint(sandbox.endpoint, { scope: 'openid email' })).AccessToken,
      'Access Token does not have required scopes',
    ],
  ];
  it.each(cases)('%s → NotAuthorizedException', async (_label, make, message) => {
    const token = await make();
    const err = await expectCognitoError(
      userClient(sandbox.endpoint).send(new GetUserCommand({ AccessToken: token })),
      'NotAuthorizedException',
    );
    expect(err.message).toBe(message);
  });

  it('a token of another sandbox (signed by a key this one does not know) is refused', async () => {
    const other = await startSandbox({ port: 0 });
    try {
      const foreign = await mint(other.endpoint, {});
      const err = await expectCognitoError(
        userClient(sandbox.endpoint).send(new GetUserCommand({ AccessToken: foreign.AccessToken })),
        'NotAuthorizedException',
      );
      expect(err.message).toBe('Invalid Access Token');
    } finally {
      await other.close();
    }
  });

  it.each([
    ['carol', 'UserNotConfirmedException'],
    ['dave', 'PasswordResetRequiredException'],
  ])('a valid token of %s → %s', async (username, name) => {
    const t = await mint(sandbox.endpoint, { username });
    await expectCognitoError(
      userClient(sandbox.endpoint).send(new GetUserCommand({ AccessToken: t.AccessToken })),
      name,
    );
    expect(declaredErrors('GetUser')).toContain(name);
  });

  it('GetUser answers the username and attributes with sub first', async () => {
    const t = await mint(sandbox.endpoint, {});
    const out = await userClient(sandbox.endpoint).send(new GetUserCommand({ AccessToken: t.AccessToken }));
    expect(out.Username).toBe('alice');
    expect(out.UserAttributes?.[0]).toEqual({ Name: 'sub', Value: decodeJwt(t.AccessToken).sub });
    expect(out.UserAttributes).toContainEqual({ Name: 'email', Value: 'alice@example.com' });
  });
});

/**
 * Over HTTP every token the sandbox signs carries its own issuer, and a token
 * signed elsewhere fails on its key first; so the issuer check is exercised
 * here with the sandbox's own keyring: same key, same claims, only `iss` differs.
 */
describe('issuer check of verifyAccessToken (the sandbox’s own signing key)', () => {
  const ISSUER_BASE = 'http://127.0.0.1:9329';
  const NOW = 1_800_000_000;
  let keyring: Keyring;
  let state: SandboxState;
  beforeAll(async () => {
    keyring = await createKeyring([POOL_ID]);
    state = createState(validateSeed(demoSeed, createModelValidator(loadServiceModel())));
  });
  const claims = (iss: string | undefined) => ({
    sub: 'sub-alice',
    ...(iss === undefined ? {} : { iss }),
    client_id: CLIENT_ID,
    token_use: 'access',
    scope: ADMIN_SCOPE,
    auth_time: NOW,
    exp: NOW + 3600,
    iat: NOW,
    username: 'alice',
  });

  it('accepts the token when `iss` is this endpoint’s pool (the control)', async () => {
    const token = await keyring.sign(POOL_ID, claims(`${ISSUER_BASE}/${POOL_ID}`));
    await expect(verifyAccessToken(token, keyring, state, ISSUER_BASE, NOW)).resolves.toMatchObject({
      user: { username: 'alice' },
    });
  });

  it.each([
    ['another host', `http://localhost:9329/${POOL_ID}`],
    ['another port', `http://127.0.0.1:9330/${POOL_ID}`],
    ['another pool of this endpoint', `${ISSUER_BASE}/us-east-1_Other1`],
    ['real Cognito', `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`],
    ['a trailing slash', `${ISSUER_BASE}/${POOL_ID}/`],
    ['no iss at all', undefined],
  ])('refuses a wrong iss (%s) → NotAuthorizedException "Invalid Access Token"', async (_label, iss) => {
    const token = await keyring.sign(POOL_ID, claims(iss));
    const error = await verifyAccessToken(token, keyring, state, ISSUER_BASE, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognitoError);
    expect(error).toMatchObject({ type: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });
});
