import { needsRotationChoice } from '../utils/session/rotation';
import type { PublicSession } from '../utils/session/types';
import { UntrustedText } from './UntrustedText';

/** Props of {@link RotationNotice}. */
export interface RotationNoticeProps {
  session: PublicSession;
  busy: boolean;
  /** Import the session again from the app's tab (the popup offers it; the dashboard has no tab). */
  onReimport?: () => void;
  /** Refresh once with GetTokensFromRefreshToken, which spends the app's refresh token. */
  onRotate: () => void;
}

/** The web app a borrowed session came from, as a person knows it: its host, or words when unknown. */
function appName(origin: string | undefined): string {
  if (!origin) return 'the web app';
  try {
    return new URL(origin).host || 'the web app';
  } catch {
    return 'the web app';
  }
}

/**
 * A borrowed session whose app client rotates refresh tokens: the extension
 * does not refresh it on its own (that would sign the web app out). Two ways
 * on, in plain words; the second says what it costs before it is pressed.
 */
export function RotationNotice({ session, busy, onReimport, onRotate }: RotationNoticeProps) {
  if (!needsRotationChoice(session)) return null;
  const app = appName(session.origin);
  const expired = session.status.state === 'expired';
  return (
    <section class="notice notice-warn" aria-labelledby="rotation-notice-title">
      <strong id="rotation-notice-title">
        {expired
          ? 'This session expired: its app client rotates refresh tokens.'
          : 'This app client rotates refresh tokens.'}
      </strong>
      <span>
        The extension does not refresh this borrowed session on its own: a refresh here replaces the refresh token that{' '}
        <UntrustedText text={app} /> holds, and <UntrustedText text={app} /> has to sign in again.
      </span>
      <span>
        {onReimport
          ? 'Import the session again from the app’s tab (the app keeps refreshing it itself), or refresh here anyway.'
          : 'Import the session again from the app’s tab with the popup, or refresh here anyway.'}
      </span>
      <div class="notice-action actions">
        {onReimport ? (
          <button type="button" class="btn btn-primary" disabled={busy} onClick={onReimport}>
            Import again from the tab
          </button>
        ) : null}
        <button type="button" class="btn btn-danger" disabled={busy} onClick={onRotate}>
          Refresh anyway (signs the app out)
        </button>
      </div>
    </section>
  );
}
