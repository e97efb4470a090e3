import { expiresAtLocalMs } from '../utils/session/refresh-plan';
import type { PublicSession } from '../utils/session/types';
import { ExpiryCountdown } from './ExpiryCountdown';
import { lazyComponent } from './lazy-component';
import { ScopeBadge } from './ScopeBadge';
import { explainsSignature, SignatureBadge } from './SignatureBadge';
import type { SignatureDetailProps } from './SignatureDetail';
import { ExactTime } from './TimeStamp';
import { UntrustedText } from './UntrustedText';

// Why a token is not verified (its issuer check, its words): loaded once there is something to explain,
// not before the card draws. Its words come later anyway (the error-words table loads when needed).
const SignatureDetail = lazyComponent<SignatureDetailProps>(() =>
  import('./SignatureDetail').then((m) => m.SignatureDetail),
);

/** Props of {@link SessionCard}. */
export interface SessionCardProps {
  session: PublicSession;
  /** Opens Settings (offered when an endpoint override would let a loopback token be verified). */
  onOpenSettings?: () => void;
}

/** The active session at a glance: user, pool, when the user signed in, scope, signature, expiry. */
export function SessionCard({ session, onOpenSettings }: SessionCardProps) {
  const authMs = session.claims.authTime === undefined ? undefined : session.claims.authTime * 1000;
  return (
    <section class="session-card" aria-label="Active session">
      <div class="session-head">
        <strong class="session-user">
          <UntrustedText text={session.username} />
        </strong>
        <span class="muted mono">
          <UntrustedText text={session.poolId ?? session.issuer} />
        </span>
      </div>
      <p class="session-signed-in muted">
        {authMs === undefined ? (
          'The token does not say when the user signed in.'
        ) : (
          <>
            Signed in <ExactTime time={authMs} />
          </>
        )}
      </p>
      <div class="session-badges">
        <ScopeBadge scopes={session.claims.scopes} explain />
        <SignatureBadge verification={session.verification} />
        {session.status.state === 'active' ? (
          <ExpiryCountdown expiresAtMs={expiresAtLocalMs(session)} />
        ) : (
          <span class="badge badge-danger">
            Session {session.status.state === 'expired' ? 'expired' : 'signed out'}
          </span>
        )}
      </div>
      {explainsSignature(session.verification) ? (
        <SignatureDetail verification={session.verification} issuer={session.issuer} onOpenSettings={onOpenSettings} />
      ) : null}
    </section>
  );
}
