/**
 * Page-side: the host permission a chosen session needs (popup, dashboard).
 * The popup loads it with its session chooser, not before it draws.
 */
import { requestHostAccess } from '../permissions';
import { classifyIssuer } from '../token/issuer';

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
