import { useState } from 'preact/hooks';
import { formatExact } from '../utils/format';
import { expiresAtLocalMs } from '../utils/session/refresh-plan';
import type { PublicSession, TokenKind } from '../utils/session/types';
import { REQUIRED_SCOPE } from '../utils/token/scope';
import { ExpiryCountdown } from './ExpiryCountdown';
import { ScopeBadge } from './ScopeBadge';
import { SignatureBadge } from './SignatureBadge';
import { SignatureDetail } from './SignatureDetail';
import { UntrustedText } from './UntrustedText';

/** Props of {@link TokenInspector}. */
export interface TokenInspectorProps {
  session: PublicSession;
  /** Fetch one raw token, only when the person asks to reveal it. */
  onReveal: (kind: TokenKind) => Promise<string>;
  now?: () => number;
}

const TOKEN_LABEL: Record<TokenKind, string> = {
  accessToken: 'Access token',
  idToken: 'ID token',
  refreshToken: 'Refresh token',
};

function MaskedToken({ kind, onReveal }: { kind: TokenKind; onReveal: TokenInspectorProps['onReveal'] }) {
  const [value, setValue] = useState<string | undefined>();
  const [failed, setFailed] = useState(false);
  const label = TOKEN_LABEL[kind];
  const toggle = async () => {
    if (value !== undefined) {
      setValue(undefined);
      return;
    }
    try {
      setValue(await onReveal(kind));
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };
  return (
    <>
      <dt>{label}</dt>
      <dd class="token-value">
        <code class="mono">{value ?? '•••••••••••••••• (hidden)'}</code>
        <button type="button" class="btn btn-sm" onClick={() => void toggle()}>
          {value === undefined ? `Reveal ${label.toLowerCase()}` : `Hide ${label.toLowerCase()}`}
        </button>
        {failed ? <span class="muted"> Could not read the token.</span> : null}
      </dd>
    </>
  );
}

const time = (sec: number | undefined) => (sec === undefined ? '—' : formatExact(sec * 1000));

/** Everything a session's access token says, the required scope highlighted, tokens masked until revealed. */
export function TokenInspector({ session, onReveal, now }: TokenInspectorProps) {
  const c = session.claims;
  return (
    <section class="token-inspector" aria-label="Token inspector">
      <dl class="facts">
        <dt>User</dt>
        <dd>
          <UntrustedText text={c.username} />{' '}
          <span class="muted mono">
            (sub <UntrustedText text={c.sub} />)
          </span>
        </dd>
        <dt>Pool</dt>
        <dd class="mono">{c.poolId ?? '—'}</dd>
        <dt>Region</dt>
        <dd class="mono">{c.region ?? '—'}</dd>
        <dt>App client</dt>
        <dd class="mono">{c.clientId}</dd>
        <dt>Issuer</dt>
        <dd class="mono">
          <UntrustedText text={c.issuer} />
        </dd>
        <dt>Endpoint</dt>
        <dd class="mono">{session.endpoint}</dd>
        <dt>Groups</dt>
        <dd>{c.groups.length ? c.groups.join(', ') : '—'}</dd>
        <dt>Scopes</dt>
        <dd>
          <ul class="scope-list" aria-label="Scopes">
            {c.scopes.map((s) => (
              <li key={s}>{s === REQUIRED_SCOPE ? <mark class="required-scope">{s}</mark> : s}</li>
            ))}
          </ul>
          <ScopeBadge scopes={c.scopes} explain />
        </dd>
        <dt>Authenticated</dt>
        <dd>{time(c.authTime)}</dd>
        <dt>Issued</dt>
        <dd>{time(c.issuedAt)}</dd>
        <dt>Expires</dt>
        <dd>
          {time(c.expiresAt)} · <ExpiryCountdown expiresAtMs={expiresAtLocalMs(session)} now={now} />
          {session.clockDriftSec ? <span class="muted"> (clock drift {session.clockDriftSec} s)</span> : null}
        </dd>
        <dt>Device key</dt>
        <dd class="mono">{session.deviceKey ? <UntrustedText text={session.deviceKey} /> : '—'}</dd>
        <dt>Key id / algorithm</dt>
        <dd class="mono">
          {c.kid ?? '—'} / {c.alg ?? '—'}
        </dd>
        <dt>Signature</dt>
        <dd>
          <SignatureBadge verification={session.verification} />
          <SignatureDetail
            verification={session.verification}
            issuer={session.issuer}
            onOpenSettings={() => {
              location.hash = 'settings';
            }}
          />
        </dd>
        <MaskedToken kind="accessToken" onReveal={onReveal} />
        {session.has.idToken ? <MaskedToken kind="idToken" onReveal={onReveal} /> : null}
        {session.has.refreshToken ? <MaskedToken kind="refreshToken" onReveal={onReveal} /> : null}
      </dl>
    </section>
  );
}
