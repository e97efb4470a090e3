import type { VerificationState } from '../utils/session/types';
import { useErrorText } from '../utils/use-error-text';
import { UntrustedText } from './UntrustedText';

/** Props of {@link SignatureBadge}. */
export interface SignatureBadgeProps {
  verification: VerificationState;
}

const LABEL: Record<VerificationState['state'], string> = {
  verified: 'Signature verified',
  failed: 'Signature check failed',
  unverifiable: 'Signature unverifiable',
  verifying: 'Verifying signature…',
  unverified: 'Signature not verified',
};
const TONE: Record<VerificationState['state'], string> = {
  verified: 'badge-ok',
  failed: 'badge-danger',
  unverifiable: 'badge-warn',
  verifying: 'badge-neutral',
  unverified: 'badge-neutral',
};

/** The signature status of the session's access token, in a short badge (it never wraps the layout). */
export function SignatureBadge({ verification }: SignatureBadgeProps) {
  return <span class={`badge ${TONE[verification.state]}`}>{LABEL[verification.state]}</span>;
}

/** Props of {@link SignatureDetail}. */
export interface SignatureDetailProps {
  verification: VerificationState;
  issuer: string;
  /** Offered when an endpoint override would let the extension verify a loopback issuer. */
  onOpenSettings?: () => void;
}

/** The origin of an issuer URL, or the text itself when it is not a URL. */
function originOf(issuer: string): string {
  try {
    return new URL(issuer).origin;
  } catch {
    return issuer;
  }
}

const isLoopback = (issuer: string) =>
  /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(`${originOf(issuer)}/`);

/**
 * Why the signature is not verified, below the badges: the reason in words,
 * the issuer's origin named, and the fix at hand (Settings' endpoint override
 * for a loopback sandbox). Nothing for a verified or verifying token.
 */
export function SignatureDetail({ verification, issuer, onOpenSettings }: SignatureDetailProps) {
  const text = useErrorText(verification.code);
  if (verification.state === 'verified' || verification.state === 'verifying' || !text) return null;
  const untrusted = verification.code === 'ERR_TOKEN_ISSUER_UNTRUSTED';
  return (
    <p class="signature-detail muted">
      {text.title}{' '}
      {untrusted ? (
        <>
          Issuer: <UntrustedText class="mono" text={originOf(issuer)} />.{' '}
          {isLoopback(issuer)
            ? 'Name this origin in Settings → Endpoint override to trust a local sandbox.'
            : 'Only Cognito regional hosts are contacted; check where this token came from.'}
        </>
      ) : (
        text.remediation
      )}
      {untrusted && isLoopback(issuer) && onOpenSettings ? (
        <>
          {' '}
          <button type="button" class="btn btn-sm" onClick={onOpenSettings}>
            Open Settings
          </button>
        </>
      ) : null}
    </p>
  );
}
