import type { VerificationState } from '../utils/session/types';
import { useErrorText } from '../utils/use-error-text';

/** Props of {@link SignatureBadge}. */
export interface SignatureBadgeProps {
  verification: VerificationState;
}

/** The signature status of the session's access token, with the reason when it is not verified. */
export function SignatureBadge({ verification }: SignatureBadgeProps) {
  const reason = useErrorText(verification.code)?.title;
  switch (verification.state) {
    case 'verified':
      return <span class="badge badge-ok">Signature verified</span>;
    case 'failed':
      return (
        <span class="badge badge-danger" title={reason}>
          Signature check failed{reason ? `: ${reason}` : ''}
        </span>
      );
    case 'unverifiable':
      return (
        <span class="badge badge-warn" title={verification.reason}>
          Signature unverifiable{reason ? `: ${reason}` : ''}
        </span>
      );
    case 'verifying':
      return <span class="badge badge-neutral">Verifying signature…</span>;
    default:
      return (
        <span class="badge badge-neutral" title={reason}>
          Signature not verified{reason ? `: ${reason}` : ''}
        </span>
      );
  }
}
