/**
 * Import a session from a real page in Chromium: a page on loopback whose
 * localStorage holds an Amplify v6 session issued by the sandbox; the popup
 * (opened as a tab) reads it, the background verifies it against the
 * sandbox's JWKS. Also: a page with no session gets the clear message.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { type ExtensionHarness, launchExtension } from './harness';

const CLIENT_ID = '5sandboxdemoclient0000001';
const POOL_ID = 'us-east-1_Demo1';

/** A page whose script writes the given localStorage entries (JSON-encoded into the page, never eval'd from input). */
function pageWith(entries: Record<string, string>): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Demo web app</title></head><body>
<h1>Demo web app</h1>
<script>
const entries = ${JSON.stringify(entries).replace(/</g, '\\u003c')};
localStorage.clear();
for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
document.body.dataset.ready = 'yes';
</script></body></html>`;
}

describe('import a session from the current tab', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  let server: Server;
  let pagePort: number;
  let sessionPage = '';

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const res = await fetch(`${sandbox.endpoint}/_sandbox/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ poolId: POOL_ID, clientId: CLIENT_ID, username: 'alice' }),
    });
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as { AccessToken: string; IdToken: string; RefreshToken: string };
    const prefix = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
    sessionPage = pageWith({
      [`${prefix}.LastAuthUser`]: 'alice',
      [`${prefix}.alice.accessToken`]: tokens.AccessToken,
      [`${prefix}.alice.idToken`]: tokens.IdToken,
      [`${prefix}.alice.refreshToken`]: tokens.RefreshToken,
      [`${prefix}.alice.clockDrift`]: '0',
      [`${prefix}.alice.signInDetails`]: JSON.stringify({ loginId: 'alice', authFlowType: 'USER_SRP_AUTH' }),
      'amplify-signin-with-hostedUI': 'false',
    });
    server = createServer((req, reply) => {
      reply.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      reply.end(req.url === '/empty' ? pageWith({ unrelated: 'value' }) : sessionPage);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pagePort = (server.address() as AddressInfo).port;
    ext = await launchExtension();
  });

  afterAll(async () => {
    await ext?.close();
    await new Promise((resolve) => server?.close(resolve));
    await sandbox?.close();
  });

  it('imports the Amplify session, verified against the sandbox’s keys', async () => {
    const app = await ext.context.newPage();
    await app.goto(`http://127.0.0.1:${pagePort}/`);
    await app.locator('body[data-ready="yes"]').waitFor();

    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 420 } });
    await popup.getByRole('heading', { name: 'No Cognito session yet' }).waitFor();
    await popup.getByRole('button', { name: 'Import session from this tab' }).click();

    const card = popup.getByRole('region', { name: 'Active session' });
    await card.getByText('alice', { exact: true }).waitFor();
    await card.getByText(POOL_ID).waitFor();
    await card.getByText('Scope aws.cognito.signin.user.admin').waitFor();
    await card.getByText('Signature verified').waitFor();
    await card.getByText(/^Expires in /).waitFor();
    // No token reaches the popup's DOM.
    expect(await popup.content()).not.toContain('eyJ');
    await ext.screenshot(popup, 'session-import-popup');
    await popup.close();
    await app.close();
  });

  it('says clearly when the page holds no session', async () => {
    const app = await ext.context.newPage();
    await app.goto(`http://localhost:${pagePort}/empty`);
    await app.locator('body[data-ready="yes"]').waitFor();

    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 420 } });
    await popup.getByRole('button', { name: 'Import session from this tab' }).click();
    const alert = popup.getByRole('alert');
    await alert.getByText('This page holds no Cognito session.').waitFor();
    await ext.screenshot(popup, 'session-import-no-session');
    await popup.close();
    await app.close();
  });
});
