/**
 * The demo web app's "minted session" page, for tests that need a session the
 * sandbox minted (bound to a seeded device, already expired, another user):
 * the demo server gets the tokens from the sandbox's test route and this page
 * hands them to Amplify v6's own token store
 * (`cognitoUserPoolsTokenProvider.authTokenStore.storeTokens`), which writes
 * them to localStorage in Amplify's format. No storage key is written here.
 */
import { decodeJWT } from '@aws-amplify/core';
import { Amplify } from 'aws-amplify';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';

interface MintedConfig {
  endpoint: string;
  poolId: string;
  clientId: string;
  tokensUrl: string;
  username: string;
  deviceKey?: string;
}

const config = JSON.parse(document.getElementById('demo-config')?.textContent ?? '{}') as MintedConfig;
const status = document.getElementById('status') as HTMLElement;

Amplify.configure({
  Auth: {
    Cognito: { userPoolId: config.poolId, userPoolClientId: config.clientId, userPoolEndpoint: config.endpoint },
  },
});

void (async () => {
  try {
    const res = await fetch(config.tokensUrl, { method: 'POST' });
    if (!res.ok) throw new Error(`tokens: HTTP ${res.status} ${await res.text()}`);
    const t = (await res.json()) as { AccessToken: string; IdToken: string; RefreshToken: string };
    await cognitoUserPoolsTokenProvider.authTokenStore.storeTokens({
      username: config.username,
      accessToken: decodeJWT(t.AccessToken),
      idToken: decodeJWT(t.IdToken),
      refreshToken: t.RefreshToken,
      clockDrift: 0,
      // A seeded device has no secret in this browser (it was not confirmed here).
      ...(config.deviceKey ? { deviceMetadata: { deviceKey: config.deviceKey, randomPassword: '' } } : {}),
      signInDetails: { loginId: config.username, authFlowType: 'USER_SRP_AUTH' },
    });
    status.textContent = `Session of ${config.username} stored by Amplify's token store.`;
    document.body.dataset.state = 'signed-in';
  } catch (error) {
    status.textContent = `Failed: ${error instanceof Error ? error.message : String(error)}`;
    document.body.dataset.state = 'failed';
  }
})();
