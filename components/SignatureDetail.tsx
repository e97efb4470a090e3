import type { VerificationState } from '../utils/session/types';
import { classifyIssuer } from '../utils/token/issuer';
import { useErrorText } from '../utils/use-error-text';
import { explainsSignature } from './SignatureBadge';
import { UntrustedText } from './UntrustedText';

/** Props of {@link SignatureDetail}. */
export interface SignatureDetailProps {
  verification: VerificationState;
  issuer: string;
  /** Offered when an endpoint override would let the extension verify a loopback issuer. */
  onOpenSettings?: () => void;
}

/**
 * Why the signature is not verified, below the badges: the reason in words,
 * the issuer's origin named, and the fix at hand (Settings' endpoint override
 * for a loopback sandbox). Nothing for a verified or verifying token.
 */
export function SignatureDetail({ verification, issuer, onOpenSettings }: SignatureDetailProps) {
  const text = useErrorText(verification.code);
  if (!explainsSignature(verification) || !text) return null;
  const untrusted = verification.code === 'ERR_TOKEN_ISSUER_UNTRUSTED';
  // The project's one issuer rule: its origin, and whether naming that origin as the override would trust it.
  const origin = classifyIssuer(issuer).origin;
  const overrideHelps = origin !== undefined && classifyIssuer(issuer, origin).trust === 'loopback';
  return (
    <p class="signature-detail muted">
      {text.title}{' '}
      {untrusted ? (
        <>
          Issuer: <UntrustedText class="mono" text={origin ?? issuer} />.{' '}
          {overrideHelps
            ? 'Name this origin in Settings → Endpoint override to trust a local sandbox.'
            : 'Only Cognito regional hosts are contacted; check where this token came from.'}
        </>
      ) : (
        text.remediation
      )}
      {untrusted && overrideHelps && onOpenSettings ? (
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
