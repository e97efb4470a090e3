/**
 * Driving the demo web app's real pages (scripts/demo-app.ts) in the e2e
 * browser: the Amplify pages sign in with Amplify's own SRP flow; the oidc
 * pages store an oidc-client-ts user. Nothing here writes a library's storage.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { mintedPageUrl } from '../../scripts/demo-app';

/** Open an Amplify page with empty storage and sign in there; returns the tab and the device key Amplify holds. */
export async function signInOnAmplifyPage(
  context: BrowserContext,
  url: string,
): Promise<{ tab: Page; deviceKey: string }> {
  const tab = await context.newPage();
  await tab.goto(url);
  await tab.locator('body[data-state]').waitFor();
  // A clean slate for this origin: no session (or device keys) left by another page.
  await tab.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await context.clearCookies();
  await tab.reload();
  await tab.locator('body[data-state="signed-out"]').waitFor();
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.locator('body[data-state="signed-in"], body[data-state="failed"]').waitFor();
  const state = await tab.locator('body').getAttribute('data-state');
  if (state !== 'signed-in') throw new Error(`Amplify page: ${await tab.getByRole('status').textContent()}`);
  const device = (await tab.locator('#device').textContent()) ?? '';
  return { tab, deviceKey: device.split(' ')[0] ?? '' };
}

/** Open an oidc-client-ts page (it stores its user in sessionStorage) and wait until it has. */
export async function openOidcPage(context: BrowserContext, url: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(url);
  await tab.locator('body[data-state="signed-in"], body[data-state="failed"]').waitFor();
  if ((await tab.locator('body').getAttribute('data-state')) !== 'signed-in')
    throw new Error(`oidc page: ${await tab.getByRole('status').textContent()}`);
  return tab;
}

/** Click "Refresh session" on an Amplify page: Amplify's own refresh; resolves with the page's status text. */
export async function refreshOnAmplifyPage(tab: Page): Promise<{ ok: boolean; status: string }> {
  await tab.getByRole('button', { name: 'Refresh session' }).click();
  await tab.locator('body[data-state="refreshed"], body[data-state="failed"]').waitFor();
  return {
    ok: (await tab.locator('body').getAttribute('data-state')) === 'refreshed',
    status: (await tab.getByRole('status').textContent()) ?? '',
  };
}

/**
 * Open the demo's minted-session page (tokens from the sandbox's test route, stored by Amplify's own token
 * store in localStorage) on a clean origin and wait until Amplify has stored them.
 */
export async function openMintedSessionPage(
  context: BrowserContext,
  appUrl: string,
  query: { username: string; deviceKey?: string; expiresIn?: number },
): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(`${appUrl}empty`);
  await tab.evaluate(() => localStorage.clear());
  await tab.goto(mintedPageUrl(appUrl, query));
  await tab.locator('body[data-state="signed-in"], body[data-state="failed"]').waitFor();
  if ((await tab.locator('body').getAttribute('data-state')) !== 'signed-in')
    throw new Error(`minted page: ${await tab.getByRole('status').textContent()}`);
  return tab;
}
