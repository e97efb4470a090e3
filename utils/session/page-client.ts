/**
 * Page-side helpers of the session UI (popup, dashboard): which tab to read,
 * and the host permission a chosen session needs. Small on purpose: the popup
 * bundles it (no jose here).
 */
import { browser } from 'wxt/browser';
import { AppError } from '../errors';
import { requestHostAccess } from '../permissions';
import { classifyIssuer } from '../token/issuer';
import { pickImportTab } from './tab-target';

/** The id of the tab "Import session from this tab" reads. @throws AppError ERR_SESSION_PAGE_UNREADABLE */
export async function findImportTabId(): Promise<number> {
  const tabs = await browser.tabs.query({ currentWindow: true });
  const tab = pickImportTab(tabs, browser.runtime.getURL('/'));
  if (tab?.id === undefined) throw new AppError('ERR_SESSION_PAGE_UNREADABLE');
  return tab.id;
}

/**
 * Ask for access to the Cognito host of a token issuer. Call it synchronously
 * in the click handler (before any await); resolves false when refused or not needed.
 * Only a Cognito issuer needs it: the override never applies to one, and no
 * other issuer is ever sent a request (a loopback endpoint's access is asked for
 * when Settings names it; reading the tab itself needs no host access: activeTab).
 */
export function requestAccessForIssuer(issuer: string | undefined): Promise<boolean> {
  const info = classifyIssuer(issuer ?? '');
  if (info.trust !== 'cognito' || !info.origin) return Promise.resolve(false);
  return requestHostAccess(info.origin);
}
