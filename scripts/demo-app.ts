/**
 * The demo web app: real pages on loopback, bundled with esbuild from
 * scripts/demo-pages/ with the real aws-amplify v6 and oidc-client-ts (pinned
 * in package.json). Used by `npm start` and the e2e tests.
 *
 * - `/`                 Amplify, session in localStorage (Amplify's default)
 * - `/session-storage`  Amplify, session in sessionStorage
 * - `/cookies`          Amplify, session in cookies (Amplify's CookieStorage)
 * - `/oidc`             oidc-client-ts user without aws.cognito.signin.user.admin (as managed login gives by default)
 * - `/oidc-admin`       oidc-client-ts user whose sign-in asked for aws.cognito.signin.user.admin
 * - `/empty`            no session
 * - `/minted?username=bob&deviceKey=…&expiresIn=-120`  tokens the sandbox minted (tests: a seeded device, an
 *                       expired token), stored by Amplify's own token store
 *
 * The Amplify pages sign in to the sandbox with Amplify's own SRP flow (the
 * form is prefilled with the demo user; a person or a test clicks "Sign in").
 * The sandbox has no hosted UI: the oidc pages get their tokens from the
 * sandbox's test route through this server (`POST /demo-api/tokens`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const DEMO_POOL_ID = 'us-east-1_Demo1';
export const DEMO_CLIENT_ID = '5sandboxdemoclient0000001';
/** The demo seed's IAM key for Admin mode (accepted by the sandbox only). */
export const DEMO_IAM = {
  accessKeyId: 'AKIASANDBOXDEMO00001',
  secretAccessKey: 'sandboxDemoSecretKey0000000000000000000000',
} as const;
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** The Amplify pages and the storage each keeps its session in. */
export const AMPLIFY_PAGES = {
  '/': 'localStorage',
  '/session-storage': 'sessionStorage',
  '/cookies': 'cookies',
} as const;

export interface DemoAppOptions {
  /** The sandbox's endpoint, e.g. `http://127.0.0.1:9329`. */
  endpoint: string;
  /** The pool the pages sign in to (default the demo pool). */
  poolId?: string;
  clientId?: string;
  username?: string;
  password?: string;
  /** Lifetime (seconds) of the tokens the oidc pages get (default 3600). */
  oidcExpiresIn?: number;
}

/** Tokens as the sandbox's `/_sandbox/tokens` route mints them. */
export interface DemoTokens {
  AccessToken: string;
  IdToken: string;
  RefreshToken: string;
}

/** The URL of the demo's minted-session page for a seeded user (see scripts/demo-pages/minted-page.ts). */
export function mintedPageUrl(appUrl: string, query: { username: string; deviceKey?: string; expiresIn?: number }) {
  const params = new URLSearchParams({ username: query.username, expiresIn: String(query.expiresIn ?? 3600) });
  if (query.deviceKey) params.set('deviceKey', query.deviceKey);
  return `${appUrl}minted?${params}`;
}

/** Mint tokens for a seeded user through the sandbox's `/_sandbox/tokens` route (for tests that send them). */
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

export interface DemoApp {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** The tokens this server has handed to its pages (minted and oidc), for tests that check none leaks. */
  served(): DemoTokens[];
  close(): Promise<void>;
}

let bundles: Promise<Record<string, string>> | undefined;
/** Bundle the two page scripts once per process (about a second). */
function bundlePages(): Promise<Record<string, string>> {
  bundles ??= (async () => {
    const out: Record<string, string> = {};
    for (const name of ['amplify', 'oidc', 'minted']) {
      const result = await build({
        entryPoints: [fileURLToPath(new URL(`./demo-pages/${name}-page.ts`, import.meta.url))],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        target: 'chrome120',
        minify: true,
        legalComments: 'none',
        define: { 'process.env.NODE_ENV': '"production"' },
        logLevel: 'error',
      });
      out[name] = result.outputFiles[0]?.text ?? '';
    }
    return out;
  })();
  return bundles;
}

const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const STYLE = `body{font:15px system-ui;margin:40px;max-width:680px}code{background:#eee;padding:2px 4px}
label{display:block;margin:8px 0}input{font:inherit;padding:4px}button{font:inherit;padding:4px 12px;margin-right:8px}`;

function page(title: string, config: unknown, script: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style>
<script type="application/json" id="demo-config">${json(config)}</script></head><body><h1>${title}</h1>${body}
<p>Open the <em>Cognito Device Dashboard</em> popup and choose <em>Import session from this tab</em>.</p>
<p role="status" id="status">${script ? 'Loading…' : ''}</p>${script ? `<script type="module" src="/assets/${script}.js"></script>` : ''}</body></html>`;
}

function amplifyPage(storage: string, options: Required<Omit<DemoAppOptions, 'oidcExpiresIn'>>): string {
  const config = { ...options, storage };
  return page(
    `Demo web app (Amplify, ${storage})`,
    config,
    'amplify',
    `<p>A real Amplify v6 app: it signs in with SRP, remembers this browser as a device, and keeps its session in
<code>${storage}</code>.</p>
<form id="sign-in" aria-label="Sign in"><label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form>
<section id="signed-in" hidden aria-label="Signed in"><p>Signed in as <strong id="user"></strong>; this device:
<code id="device"></code>; access token expires <span id="expires"></span>.</p>
<button type="button" id="refresh">Refresh session</button><button type="button" id="sign-out">Sign out</button></section>`,
  );
}

function oidcPage(scope: string, options: { poolId: string; clientId: string; endpoint: string }): string {
  const { poolId, clientId, endpoint } = options;
  const config = {
    authority: `${endpoint}/${poolId}`,
    clientId,
    scope,
    tokensUrl: `/demo-api/tokens?scope=${encodeURIComponent(scope)}`,
  };
  return page(
    'Demo web app (oidc-client-ts)',
    config,
    'oidc',
    `<p>An app on managed login keeps its user through oidc-client-ts. The sandbox has no hosted UI, so this page
stores tokens minted by the sandbox as a real oidc-client-ts <code>User</code>. Scopes asked for:
<code id="scope"></code>. Signed in as <strong id="user"></strong>.</p>`,
  );
}

function mintedPage(
  query: URLSearchParams,
  options: { endpoint: string; poolId: string; clientId: string; username: string },
) {
  const username = query.get('username') ?? options.username;
  const deviceKey = query.get('deviceKey') ?? undefined;
  const params = new URLSearchParams({ username, expiresIn: query.get('expiresIn') ?? '3600' });
  if (deviceKey) params.set('deviceKey', deviceKey);
  const config = {
    endpoint: options.endpoint,
    poolId: options.poolId,
    clientId: options.clientId,
    username,
    deviceKey,
    tokensUrl: `/demo-api/tokens?${params}`,
  };
  return page(
    'Demo web app (minted session)',
    config,
    'minted',
    '<p>A session the sandbox minted, kept by Amplify.</p>',
  );
}

/** Serve the demo web app on 127.0.0.1 (any free port). */
export async function serveDemoApp(options: DemoAppOptions): Promise<DemoApp> {
  const opts = {
    endpoint: options.endpoint,
    poolId: options.poolId ?? DEMO_POOL_ID,
    clientId: options.clientId ?? DEMO_CLIENT_ID,
    username: options.username ?? 'alice',
    password: options.password ?? 'Alice-Demo-Passw0rd!',
  };
  const scripts = await bundlePages();
  const pages: Record<string, string> = {
    '/oidc': oidcPage('openid email', opts),
    '/oidc-admin': oidcPage(`openid email ${ADMIN_SCOPE}`, opts),
    '/empty': page('Demo web app (signed out)', {}, '', '<p>No session here.</p>'),
  };
  for (const [path, storage] of Object.entries(AMPLIFY_PAGES)) pages[path] = amplifyPage(storage, opts);
  const served: DemoTokens[] = [];
  const server = createServer((req, reply) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, type: string, body: string) => {
      reply.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
      reply.end(body);
    };
    const asset = /^\/assets\/(amplify|oidc|minted)\.js$/.exec(url.pathname)?.[1];
    if (asset) return send(200, 'text/javascript', scripts[asset] ?? '');
    if (url.pathname === '/minted') return send(200, 'text/html', mintedPage(url.searchParams, opts));
    if (url.pathname === '/demo-api/tokens' && req.method === 'POST') {
      const scope = url.searchParams.get('scope') ?? undefined;
      const expiresIn = Number(url.searchParams.get('expiresIn') ?? options.oidcExpiresIn ?? 3600);
      void fetch(`${opts.endpoint}/_sandbox/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          poolId: opts.poolId,
          clientId: opts.clientId,
          username: url.searchParams.get('username') ?? opts.username,
          scope,
          expiresIn: Number.isInteger(expiresIn) ? expiresIn : 3600,
          deviceKey: url.searchParams.get('deviceKey') ?? undefined,
        }),
      }).then(
        async (res) => {
          const text = await res.text();
          if (res.ok) served.push(JSON.parse(text) as DemoTokens);
          send(res.status, 'application/json', text);
        },
        (error: unknown) => send(502, 'text/plain', String(error)),
      );
      return;
    }
    const body = pages[url.pathname];
    return body ? send(200, 'text/html', body) : send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    served: () => [...served],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
