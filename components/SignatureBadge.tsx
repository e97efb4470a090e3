import type { VerificationState } from '../utils/session/types';

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

/** Whether a token's signature state has something to explain below the badges (SignatureDetail). */
export function explainsSignature(verification: VerificationState): boolean {
  return verification.state !== 'verified' && verification.state !== 'verifying';
}
