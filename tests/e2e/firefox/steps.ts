/**
 * Steps more than one Firefox test takes, done the way a person does them.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { DEMO_IAM } from '../../../scripts/demo-app';
import { click, type FirefoxHarness, fill, find, label, role } from './harness';

export const POPUP_VIEWPORT = { width: 400, height: 600 };

type StorageArea = { get(keys: string[]): Promise<Record<string, unknown>> };
/** The active session's id and import time (an import adds a session or replaces the same import's). */
const activeImport = (page: Page): Promise<string | null> =>
  page.evaluate(async () => {
    const area = (globalThis as unknown as { browser: { storage: { session: StorageArea } } }).browser.storage.session;
    const { activeSessionId, sessions } = await area.get(['activeSessionId', 'sessions']);
    const active = (sessions as { id: string; importedAt: number }[] | undefined)?.find(
      (s) => s.id === activeSessionId,
    );
    return active ? `${active.id}@${active.importedAt}` : null;
  });

/**
 * Press the popup's import button and return once the import has landed: a new
 * active session, or the same import's replaced (a new import time), shown, with the button usable
 * again. A popup already showing a session would pass a wait for the session
 * card at once, and a click made then lands on the old session's list.
 */
export async function importIntoPopup(popup: Page): Promise<void> {
  const before = await activeImport(popup);
  await click(popup, role('Import session from this tab', 'button'));
  const deadline = Date.now() + 20_000;
  while ((await activeImport(popup)) === before) {
    if (Date.now() > deadline) throw new Error('The import added no session within 20 s.');
    await new Promise((done) => setTimeout(done, 100));
  }
  await find(popup, role('Active session', 'region'));
  const button = await find(popup, role('Import session from this tab', 'button'));
  await popup.waitForFunction((el) => !(el as HTMLButtonElement).disabled, { timeout: 10_000 }, button);
}

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
  await importIntoPopup(popup);
  await tab.close();
  return popup;
}

/**
 * Press a device's action in the popup's list (`scope`: the list, a row or the
 * page): each row's actions fold under it, behind "Actions for <name>", opened first.
 */
export async function popupDeviceAction(
  scope: Page | ElementHandle<Element>,
  name: string,
  action: string,
): Promise<void> {
  const toggle = await find(scope, role(`Actions for ${name}`, 'button'));
  if ((await toggle.evaluate((el) => el.getAttribute('aria-expanded'))) !== 'true') await toggle.click();
  await click(scope, role(`${action} ${name}`, 'button'));
}

/** Fill the Admin page's credentials form with the demo IAM key for `poolId` and check them. */
export async function enterAdminCredentials(page: Page, poolId: string): Promise<void> {
  const form = await find(page, role('Admin credentials', 'form'));
  await fill(form, label('User pool id'), poolId);
  await fill(form, label('Access key id'), DEMO_IAM.accessKeyId);
  await fill(form, label('Secret access key'), DEMO_IAM.secretAccessKey);
  await click(form, role('Check credentials', 'button'));
}
