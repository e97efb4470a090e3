/**
 * A tiny "web app" on loopback that holds an Amplify v6 / amazon-cognito-
 * identity-js session in localStorage, the way real apps keep theirs. Used by
 * `npm start` (the demo) and the e2e tests to import a session from a tab.
 * Tokens come from the sandbox's test route; values are embedded as JSON data,
 * never evaluated from input.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const DEMO_POOL_ID = 'us-east-1_Demo1';
export const DEMO_CLIENT_ID = '5sandboxdemoclient0000001';
/** The demo seed's IAM key for Admin mode (accepted by the sandbox only). */
export const DEMO_IAM = {
  accessKeyId: 'AKIASANDBOXDEMO00001',
  secretAccessKey: 'sandboxDemoSecretKey0000000000000000000000',
} as const;

export interface DemoTokens {
  AccessToken: string;
  IdToken: string;
  RefreshToken: string;
}

/** Mint tokens for a seeded user through the sandbox's `/_sandbox/tokens` route. */
export async function mintTokens(
  endpoint: string,
  options: { username?: string; deviceKey?: string; expiresIn?: number; scope?: string } = {},
): Promise<DemoTokens> {
  const res = await fetch(`${endpoint}/_sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      poolId: DEMO_POOL_ID,
      clientId: DEMO_CLIENT_ID,
      username: options.username ?? 'alice',
      ...options,
    }),
  });
  if (res.status !== 200) throw new Error(`minting tokens failed: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as DemoTokens;
}

/** The localStorage entries Amplify v6 writes for a signed-in user. */
export function amplifyEntries(tokens: DemoTokens, username = 'alice', deviceKey?: string): Record<string, string> {
  const prefix = `CognitoIdentityServiceProvider.${DEMO_CLIENT_ID}`;
  return {
    [`${prefix}.LastAuthUser`]: username,
    [`${prefix}.${username}.accessToken`]: tokens.AccessToken,
    [`${prefix}.${username}.idToken`]: tokens.IdToken,
    [`${prefix}.${username}.refreshToken`]: tokens.RefreshToken,
    [`${prefix}.${username}.clockDrift`]: '0',
    ...(deviceKey ? { [`${prefix}.${username}.deviceKey`]: deviceKey } : {}),
    [`${prefix}.${username}.signInDetails`]: JSON.stringify({ loginId: username, authFlowType: 'USER_SRP_AUTH' }),
  };
}

/** An HTML page whose script writes `entries` into localStorage. */
export function pageWith(entries: Record<string, string>, title = 'Demo web app'): string {
  const data = JSON.stringify(entries).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:15px system-ui;margin:40px;max-width:640px}code{background:#eee;padding:2px 4px}</style></head><body>
<h1>${title}</h1>
<p>You are signed in as <strong id="user"></strong>. This page keeps its Cognito session in localStorage, as Amplify does.
Open the <em>Cognito Device Dashboard</em> popup and choose <em>Import session from this tab</em>.</p>
<script>
const entries = ${data};
localStorage.clear();
for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
document.getElementById('user').textContent = Object.entries(entries).find(([k]) => k.endsWith('.LastAuthUser'))?.[1] ?? 'nobody';
document.body.dataset.ready = 'yes';
</script></body></html>`;
}

/** Serve pages on 127.0.0.1 (port 0 = any free port): `/` is the session page; `pages` adds more. */
export async function serveDemoApp(
  entries: Record<string, string>,
  pages: Record<string, string> = {},
): Promise<{ url: string; setEntries(next: Record<string, string>): void; close(): Promise<void> }> {
  let home = pageWith(entries);
  const server = createServer((req, reply) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body = path === '/' ? home : pages[path];
    reply.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    reply.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    setEntries(next) {
      home = pageWith(next);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
