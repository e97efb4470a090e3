import { useEffect, useState } from 'preact/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FormError } from '../../components/FormError';
import { type PastedTokens, PasteTokenForm } from '../../components/PasteTokenForm';
import { RotationNotice } from '../../components/RotationNotice';
import { SessionList } from '../../components/SessionList';
import { SignInForm, type SignInValues } from '../../components/SignInForm';
import { TokenInspector } from '../../components/TokenInspector';
import { UntrustedText } from '../../components/UntrustedText';
import { cognitoHost, isCognitoRegion, regionOfPoolId } from '../../utils/cognito';
import { type ResponseOf, sendMessage } from '../../utils/messages';
import { requestHostAccess } from '../../utils/permissions';
import { describeChallenge } from '../../utils/session/challenges';
import { requestAccessForIssuer } from '../../utils/session/issuer-access';
import { needsRotationChoice } from '../../utils/session/rotation';
import { settingsItem } from '../../utils/storage';
import { peekClaims } from '../../utils/token/claims';
import { useTask } from '../../utils/use-task';

/** The Sessions section: paste, sign in, the sessions held, the active one inspected, refresh and sign-out. */
export function SessionsSection() {
  const [list, setList] = useState<ResponseOf<'session.list'>>();
  const { busy, error, run, retry } = useTask();
  const [endpointOverride, setEndpointOverride] = useState('');
  const [confirmGlobal, setConfirmGlobal] = useState(false);
  // Which form the last task came from: its error is shown inside that form, not at the top of the page.
  const [errorAt, setErrorAt] = useState<'paste' | 'signIn' | 'page'>('page');

  const load = async () => setList(await sendMessage({ type: 'session.list' }));
  useEffect(() => {
    void run(load);
    void settingsItem.getValue().then((s) => setEndpointOverride(s.endpointOverride));
    return settingsItem.watch((s) => setEndpointOverride(s.endpointOverride));
  }, []);

  const paste = (values: PastedTokens) => {
    // Synchronously first: a real region's host access needs this click's user gesture.
    let issuer: string | undefined;
    try {
      const iss = peekClaims(values.accessToken).claims.iss;
      issuer = typeof iss === 'string' ? iss : undefined;
    } catch {
      issuer = undefined; // the background reports the malformed token
    }
    // A Cognito issuer talks to its own host even when an override is set.
    const access = requestAccessForIssuer(issuer);
    setErrorAt('paste');
    void run(async () => {
      await access;
      await sendMessage({ type: 'session.importTokens', ...values });
      await load();
    });
  };
  const signIn = (values: SignInValues) => {
    const region = values.poolId ? regionOfPoolId(values.poolId) : undefined;
    const access =
      !endpointOverride && region && isCognitoRegion(region)
        ? requestHostAccess(`https://${cognitoHost(region)}`)
        : Promise.resolve(true);
    setErrorAt('signIn');
    void run(async () => {
      await access;
      await sendMessage({ type: 'session.signIn', ...values });
      await load();
    });
  };
  const act = (task: () => Promise<unknown>) => {
    setErrorAt('page');
    return run(async () => {
      try {
        await task();
      } finally {
        await load();
      }
    });
  };
  const formError = (at: 'paste' | 'signIn') =>
    error && errorAt === at ? (
      <FormError error={error} onRetry={retry} action={challenge ? <span>{challenge}</span> : undefined} />
    ) : undefined;

  const active = list?.sessions.find((s) => s.id === list.activeId);
  const challenge = error?.code === 'ERR_SESSION_CHALLENGE_UNSUPPORTED' ? describeChallenge(error.details.awsName) : '';
  return (
    <div class="sessions-section">
      {error && errorAt === 'page' ? (
        <ErrorNotice error={error} onRetry={retry} action={challenge ? <span>{challenge}</span> : undefined} />
      ) : null}

      <section class="panel" aria-labelledby="sessions-held">
        <h3 id="sessions-held">Sessions</h3>
        {list && list.sessions.length > 0 ? (
          <ErrorBoundary what="the session list">
            <SessionList
              sessions={list.sessions}
              activeId={list.activeId}
              onSelect={(id) => void act(() => sendMessage({ type: 'session.setActive', id }))}
            />
          </ErrorBoundary>
        ) : list ? (
          <EmptyState title="No Cognito session yet" level={3}>
            Import a session from your web app with the popup, paste an access token, or sign in below.
          </EmptyState>
        ) : null}
        <p class="muted">
          Sessions are kept in memory and end when the browser closes, unless you choose to keep them in Settings.
        </p>
      </section>

      {active ? (
        <section class="panel" aria-labelledby="active-session">
          <h3 id="active-session">Active session</h3>
          <ErrorBoundary key={active.id} what="the token details">
            <TokenInspector
              session={active}
              onReveal={async (kind) => (await sendMessage({ type: 'session.revealToken', id: active.id, kind })).value}
            />
          </ErrorBoundary>
          <RotationNotice
            session={active}
            busy={busy}
            onRotate={() =>
              void act(() => sendMessage({ type: 'session.refresh', id: active.id, allowRotation: true }))
            }
          />
          <div class="actions">
            <button
              type="button"
              class="btn"
              disabled={busy || !active.has.refreshToken || needsRotationChoice(active)}
              onClick={() => void act(() => sendMessage({ type: 'session.refresh', id: active.id }))}
            >
              Refresh
            </button>
            <button
              type="button"
              class="btn"
              disabled={busy}
              onClick={() => void act(() => sendMessage({ type: 'session.verify', id: active.id }))}
            >
              Verify signature
            </button>
            <button
              type="button"
              class="btn"
              disabled={busy}
              onClick={() => void act(() => sendMessage({ type: 'session.signOut', id: active.id }))}
            >
              Sign out (this browser)
            </button>
            <button type="button" class="btn btn-danger" disabled={busy} onClick={() => setConfirmGlobal(true)}>
              Global sign-out
            </button>
          </div>
          <ConfirmDialog
            open={confirmGlobal}
            title="Sign out everywhere?"
            confirmLabel="Sign out everywhere"
            danger
            onCancel={() => setConfirmGlobal(false)}
            onConfirm={() => {
              setConfirmGlobal(false);
              void act(() => sendMessage({ type: 'session.globalSignOut', id: active.id }));
            }}
          >
            Cognito will revoke every refresh token of <UntrustedText text={active.username} /> in pool{' '}
            <UntrustedText text={active.poolId ?? active.issuer} />: the user is signed out of every app and device, not
            only here.
          </ConfirmDialog>
        </section>
      ) : null}

      <section class="panel" aria-labelledby="import-from-tab">
        <h3 id="import-from-tab">Import from a tab</h3>
        <p class="muted">
          Open your web app where you are signed in, then click the extension’s toolbar icon and choose “Import session
          from this tab”. The extension reads that page’s stored Cognito session only when you click.
        </p>
      </section>

      <section class="panel" aria-labelledby="paste-token">
        <h3 id="paste-token">Paste a token</h3>
        <PasteTokenForm busy={busy} onSubmit={paste} error={formError('paste')} />
      </section>

      <section class="panel" aria-labelledby="sign-in">
        <h3 id="sign-in">Sign in with a username and password</h3>
        <SignInForm
          busy={busy}
          endpointOverride={endpointOverride || undefined}
          onSubmit={signIn}
          error={formError('signIn')}
        />
      </section>
    </div>
  );
}
