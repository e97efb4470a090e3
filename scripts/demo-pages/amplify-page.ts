/**
 * The demo web app's Amplify page, bundled for the browser by scripts/demo-app.ts:
 * the real aws-amplify v6 signs in to the sandbox with its own SRP flow,
 * confirms its new device itself, remembers it (`rememberDevice`: the demo
 * pool remembers only on the user's prompt), and keeps its session in the
 * storage this page is configured with — localStorage (Amplify's default),
 * sessionStorage, or cookies through Amplify's CookieStorage. "Refresh
 * session" is Amplify's own refresh, so a test can check the app still
 * refreshes after the extension has used the session.
 */
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, fetchDevices, rememberDevice, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { CookieStorage, defaultStorage, sessionStorage } from 'aws-amplify/utils';

interface DemoConfig {
  endpoint: string;
  poolId: string;
  clientId: string;
  storage: 'localStorage' | 'sessionStorage' | 'cookies';
  username: string;
  password: string;
}

const config = JSON.parse(document.getElementById('demo-config')?.textContent ?? '{}') as DemoConfig;
const $ = (id: string) => document.getElementById(id) as HTMLElement;
const status = (text: string, state: string) => {
  $('status').textContent = text;
  document.body.dataset.state = state;
};

Amplify.configure({
  Auth: {
    Cognito: { userPoolId: config.poolId, userPoolClientId: config.clientId, userPoolEndpoint: config.endpoint },
  },
});
cognitoUserPoolsTokenProvider.setKeyValueStorage(
  config.storage === 'sessionStorage'
    ? sessionStorage
    : config.storage === 'cookies'
      ? // http on loopback: not Secure, or the browser drops them.
        new CookieStorage({ secure: false, sameSite: 'lax' })
      : defaultStorage,
);

const form = $('sign-in') as HTMLFormElement;
(form.elements.namedItem('username') as HTMLInputElement).value = config.username;
(form.elements.namedItem('password') as HTMLInputElement).value = config.password;

async function showSignedIn(): Promise<void> {
  const session = await fetchAuthSession();
  const claims = session.tokens?.accessToken.payload;
  const devices = await fetchDevices();
  const own = String(claims?.device_key ?? '');
  $('user').textContent = String(claims?.username ?? '');
  $('device').textContent = own
    ? `${own} (${devices.some((d) => d.id === own) ? 'remembered' : 'not listed'})`
    : 'none';
  $('expires').textContent = new Date(Number(claims?.exp ?? 0) * 1000).toISOString();
  form.hidden = true;
  $('signed-in').hidden = false;
  status(`Signed in as ${claims?.username}. The session is kept in ${config.storage}.`, 'signed-in');
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  status('Signing in…', 'busy');
  void (async () => {
    try {
      const result = await signIn({ username: String(data.get('username')), password: String(data.get('password')) });
      if (!result.isSignedIn) throw new Error(`Amplify asks for ${result.nextStep.signInStep}`);
      await rememberDevice();
      await showSignedIn();
    } catch (error) {
      status(`Sign-in failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, 'failed');
    }
  })();
});

$('refresh').addEventListener('click', () => {
  status('Refreshing…', 'busy');
  void (async () => {
    try {
      const before = (await fetchAuthSession()).tokens?.accessToken.toString();
      const after = (await fetchAuthSession({ forceRefresh: true })).tokens?.accessToken.toString();
      if (!after || after === before) throw new Error('Amplify returned no new access token');
      await showSignedIn();
      status(`Session refreshed by Amplify at ${new Date().toISOString()}.`, 'refreshed');
    } catch (error) {
      status(`Refresh failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, 'failed');
    }
  })();
});

$('sign-out').addEventListener('click', () => {
  void signOut().then(() => {
    form.hidden = false;
    $('signed-in').hidden = true;
    status('Signed out.', 'signed-out');
  });
});

// Already signed in (a reload keeps the session where Amplify keeps it).
void fetchAuthSession().then(
  (s) => (s.tokens ? showSignedIn() : status('Not signed in.', 'signed-out')),
  () => status('Not signed in.', 'signed-out'),
);
