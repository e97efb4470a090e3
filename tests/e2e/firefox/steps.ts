/**
 * Steps more than one Firefox test takes, done the way a person does them.
 */
import type { Page } from 'puppeteer-core';
import { DEMO_IAM } from '../../../scripts/demo-app';
import { click, type FirefoxHarness, fill, find, label, role } from './harness';

export const POPUP_VIEWPORT = { width: 400, height: 600 };

/** Open the web app's tab, then the popup (as a tab) and its import button; the popup stays open. */
export async function importFromTab(
  ext: FirefoxHarness,
  url: string,
  viewport: { width: number; height: number } = POPUP_VIEWPORT,
): Promise<Page> {
  const tab = await ext.openWeb(url);
  // The demo's minted-session page: Amplify's token store has written the session.
  await find(tab, 'body[data-state="signed-in"]');
  const popup = await ext.open('popup.html', { viewport });
  await click(popup, role('Import session from this tab', 'button'));
  await find(popup, role('Active session', 'region'));
  await tab.close();
  return popup;
}

/** Fill the Admin page's credentials form with the demo IAM key for `poolId` and check them. */
export async function enterAdminCredentials(page: Page, poolId: string): Promise<void> {
  const form = await find(page, role('Admin credentials', 'form'));
  await fill(form, label('User pool id'), poolId);
  await fill(form, label('Access key id'), DEMO_IAM.accessKeyId);
  await fill(form, label('Secret access key'), DEMO_IAM.secretAccessKey);
  await click(form, role('Check credentials', 'button'));
}
