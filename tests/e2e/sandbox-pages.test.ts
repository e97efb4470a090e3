/**
 * A web page cannot drive the sandbox's test routes (issue 13, break 9), seen
 * from a real page in Chromium: a page on another loopback port (any site that
 * resolves to 127.0.0.1 is one) can neither read `/_sandbox/state`, nor mint
 * tokens, nor reset the sandbox with a `no-cors` POST; it can still call the
 * Cognito route, as browser apps call Cognito.
 */
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { DEMO_CLIENT_ID, DEMO_POOL_ID, serveDemoApp } from '../../scripts/demo-app';
import { findChromium } from '../../scripts/system-tools';

describe('a web page against the sandbox', () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let app: Awaited<ReturnType<typeof serveDemoApp>>;
  let page: Page;

  const quotas = async (body: object) => {
    const res = await fetch(`${sandbox.endpoint}/_sandbox/quotas`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    // The answer names every category; the `read` alias sets UserResourceRead among them.
    return ((await res.json()) as { quotas: { UserResourceRead: number } }).quotas;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    app = await serveDemoApp({ endpoint: sandbox.endpoint });
    browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage();
    // The signed-out page: no script of its own, the page's fetches below are the only ones.
    await page.goto(`${app.url}empty`);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sandbox?.close();
  });

  /** Run a fetch in the page; its outcome as the page sees it. */
  const fromPage = (url: string, init: RequestInit) =>
    page.evaluate(
      async ([u, i]) => {
        try {
          const res = await fetch(u, i);
          return { status: res.status, type: res.type, body: res.type === 'opaque' ? '' : await res.text() };
        } catch (e) {
          return { error: String(e) };
        }
      },
      [url, init] as const,
    );

  it('cannot read the sandbox state', async () => {
    expect(await fromPage(`${sandbox.endpoint}/_sandbox/state`, {})).toEqual({ error: 'TypeError: Failed to fetch' });
  });

  it.each([
    ['a JSON request (preflighted)', { 'content-type': 'application/json' }],
    ['a simple text/plain request (no preflight)', {}],
  ])('cannot mint tokens with %s', async (_name, headers) => {
    const minted = await fromPage(`${sandbox.endpoint}/_sandbox/tokens`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ poolId: DEMO_POOL_ID, clientId: DEMO_CLIENT_ID, username: 'alice' }),
    });
    expect(minted).toEqual({ error: 'TypeError: Failed to fetch' });
  });

  it('cannot reset the sandbox with a no-cors POST (the quotas set before stay)', async () => {
    expect((await quotas({ read: 3 })).UserResourceRead).toBe(3);
    const sent = await fromPage(`${sandbox.endpoint}/_sandbox/reset`, { method: 'POST', mode: 'no-cors', body: '{}' });
    expect(sent).toMatchObject({ type: 'opaque' });
    expect((await quotas({})).UserResourceRead).toBe(3);
  });

  it('can still call Cognito’s own route, as browser apps do', async () => {
    const answer = await fromPage(`${sandbox.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.ListDevices',
      },
      body: JSON.stringify({ AccessToken: 'not-a-token' }),
    });
    expect(answer).toMatchObject({ status: 400 });
    expect(JSON.parse((answer as { body: string }).body).__type).toBe('NotAuthorizedException');
  });
});
