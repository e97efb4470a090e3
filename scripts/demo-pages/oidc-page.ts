/**
 * The demo web app's oidc-client-ts page, bundled for the browser by
 * scripts/demo-app.ts. Apps on managed login (the Cognito console's SPA quick
 * start, react-oidc-context) keep their user through oidc-client-ts. The
 * sandbox has no hosted UI or /oauth2 endpoints, so there is no redirect: the
 * demo server mints the tokens (the sandbox's test route, with the scopes an
 * authorize request would have asked for) and this page stores them as a real
 * `User` through oidc-client-ts's own store API (`UserManager.storeUser`,
 * `WebStorageStateStore`, sessionStorage as by default).
 */
import { User, UserManager, WebStorageStateStore } from 'oidc-client-ts';

interface OidcDemoConfig {
  authority: string;
  clientId: string;
  scope: string;
  tokensUrl: string;
}

const config = JSON.parse(document.getElementById('demo-config')?.textContent ?? '{}') as OidcDemoConfig;
const $ = (id: string) => document.getElementById(id) as HTMLElement;

const manager = new UserManager({
  authority: config.authority,
  client_id: config.clientId,
  redirect_uri: `${location.origin}/oidc-callback`,
  scope: config.scope,
  userStore: new WebStorageStateStore({ store: window.sessionStorage }),
});

void (async () => {
  try {
    const res = await fetch(config.tokensUrl, { method: 'POST' });
    if (!res.ok) throw new Error(`tokens: HTTP ${res.status}`);
    const t = (await res.json()) as { AccessToken: string; IdToken: string; RefreshToken: string; ExpiresIn?: number };
    const payload = JSON.parse(atob(t.IdToken.split('.')[1]?.replace(/-/g, '+').replace(/_/g, '/') ?? '')) as Record<
      string,
      unknown
    >;
    await manager.storeUser(
      new User({
        access_token: t.AccessToken,
        id_token: t.IdToken,
        refresh_token: t.RefreshToken,
        token_type: 'Bearer',
        scope: config.scope,
        profile: payload as User['profile'],
        expires_at: Math.floor(Date.now() / 1000) + (t.ExpiresIn ?? 3600),
      }),
    );
    const user = await manager.getUser();
    $('user').textContent = String(user?.profile['cognito:username'] ?? user?.profile.sub ?? '');
    $('scope').textContent = user?.scope ?? '';
    $('status').textContent = 'Signed in (oidc-client-ts user stored in sessionStorage).';
    document.body.dataset.state = 'signed-in';
  } catch (error) {
    $('status').textContent = `Failed: ${error instanceof Error ? error.message : String(error)}`;
    document.body.dataset.state = 'failed';
  }
})();
