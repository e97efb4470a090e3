/**
 * Page-side helper of the session UI (popup, dashboard): which tab to read.
 * Small on purpose: the popup loads it before it draws (the host access a
 * chosen session needs is in ./issuer-access.ts, loaded with the chooser).
 */
import { browser } from 'wxt/browser';
import { AppError } from '../errors';
import { pickImportTab } from './tab-target';

/** The id of the tab "Import session from this tab" reads. @throws AppError ERR_SESSION_PAGE_UNREADABLE */
export async function findImportTabId(): Promise<number> {
  const tabs = await browser.tabs.query({ currentWindow: true });
  const tab = pickImportTab(tabs, browser.runtime.getURL('/'));
  if (tab?.id === undefined) throw new AppError('ERR_SESSION_PAGE_UNREADABLE');
  return tab.id;
}
