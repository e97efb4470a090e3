import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { PasteTokenForm } from '../../../components/PasteTokenForm';
import { ScopeBadge } from '../../../components/ScopeBadge';
import { SessionCard } from '../../../components/SessionCard';
import { SessionImportChooser } from '../../../components/SessionImportChooser';
import { SessionList } from '../../../components/SessionList';
import { SignatureBadge } from '../../../components/SignatureBadge';
import { SignatureDetail } from '../../../components/SignatureDetail';
import { SignInForm } from '../../../components/SignInForm';
import { TokenInspector } from '../../../components/TokenInspector';
import { formatStamp } from '../../../utils/format';
import { createSession } from '../../../utils/session/create-session';
import { publicSession } from '../../../utils/session/types';
import { accessClaims, NOW_MS, unsignedToken } from '../token/fixtures';

const session = (id: string, username = 'alice') =>
  publicSession(
    createSession(
      {
        source: 'page',
        origin: 'https://app',
        accessToken: `${unsignedToken({ alg: 'RS256', kid: 'k1' }, accessClaims({ username, scope: 'openid aws.cognito.signin.user.admin' }))}sig`,
        refreshToken: 'r.t',
      },
      { id, nowMs: NOW_MS },
    ),
  );

describe('ScopeBadge', () => {
  it.each([
    [['aws.cognito.signin.user.admin'], 'Scope aws.cognito.signin.user.admin'],
    [['openid', 'email'], 'Missing scope aws.cognito.signin.user.admin'],
  ])('%j → %s', (scopes, text) => {
    render(<ScopeBadge scopes={scopes} explain />);
    expect(screen.getByText(text)).toBeTruthy();
  });

  it.each([
    ['a managed-login token (openid email)', ['openid', 'email']],
    ['a token with no scope at all', []],
    ['a token with another admin-like scope', ['aws.cognito.signin.user', 'admin']],
  ])('%s: says what it can and cannot do, and the two changes the app’s owner must make', (_name, scopes) => {
    render(<ScopeBadge scopes={scopes} explain />);
    expect(screen.getByText(/cannot list, remember or forget devices/)).toBeTruthy();
    const steps = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(steps).toEqual([
      'Allow the scope aws.cognito.signin.user.admin on the app client (its allowed OAuth scopes).',
      'Request it at sign-in: add it to the scope of the authorize request (e.g. oidc-client-ts’s scope).',
    ]);
  });

  it('a token with the scope gets no verdict to act on', () => {
    render(<ScopeBadge scopes={['openid', 'aws.cognito.signin.user.admin']} explain />);
    expect(screen.queryByText(/cannot list/)).toBeNull();
    expect(screen.queryAllByRole('listitem')).toEqual([]);
  });
});

describe('SignatureBadge', () => {
  it.each([
    [{ state: 'verified' as const }, 'Signature verified', ''],
    [
      { state: 'failed' as const, code: 'ERR_TOKEN_SIGNATURE_INVALID' as const },
      'Signature check failed',
      'The token’s signature does not verify.',
    ],
    [
      { state: 'unverifiable' as const, code: 'ERR_TOKEN_ISSUER_UNTRUSTED' as const },
      'Signature unverifiable',
      'The token’s issuer is not a Cognito endpoint, so it cannot be verified. Issuer: https://idp.example.com.',
    ],
  ])('%j: a short badge, the reason below it', async (verification, badge, detail) => {
    const { container } = render(
      <>
        <SignatureBadge verification={verification} />
        <SignatureDetail verification={verification} issuer="https://idp.example.com/pool" />
      </>,
    );
    // The badge holds its label only: a long reason in it pushed the popup past 400 px.
    expect(container.querySelector('.badge')?.textContent).toBe(badge);
    await waitFor(() => expect(container.querySelector('.signature-detail')?.textContent ?? '').toContain(detail));
  });

  it('names a loopback issuer and offers Settings, where an endpoint override would let it be verified', async () => {
    const onOpenSettings = vi.fn();
    render(
      <SignatureDetail
        verification={{ state: 'unverifiable', code: 'ERR_TOKEN_ISSUER_UNTRUSTED' }}
        issuer="http://127.0.0.1:9329/us-east-1_Demo"
        onOpenSettings={onOpenSettings}
      />,
    );
    const detail = await screen.findByText(/Name this origin in Settings/);
    expect(detail.textContent).toContain('Issuer: http://127.0.0.1:9329.');
    fireEvent.click(screen.getByRole('button', { name: 'Open Settings' }));
    expect(onOpenSettings).toHaveBeenCalledTimes(1);
  });

  it('offers no Settings button for a remote issuer it will never trust', async () => {
    render(
      <SignatureDetail
        verification={{ state: 'unverifiable', code: 'ERR_TOKEN_ISSUER_UNTRUSTED' }}
        issuer="https://idp.example.com/pool"
        onOpenSettings={() => undefined}
      />,
    );
    await screen.findByText(/check where this token came from/);
    expect(screen.queryByRole('button', { name: 'Open Settings' })).toBeNull();
  });
});

describe('SessionImportChooser', () => {
  const candidates = [
    {
      where: 'localStorage' as const,
      format: 'amplify' as const,
      clientId: 'c1',
      username: 'bob',
      lastAuthUser: false,
      hasRefreshToken: true,
      hasDeviceKey: false,
      poolId: 'us-east-1_P',
    },
    {
      where: 'localStorage' as const,
      format: 'amplify' as const,
      clientId: 'c1',
      username: 'alice',
      lastAuthUser: true,
      hasRefreshToken: true,
      hasDeviceKey: true,
      poolId: 'us-east-1_P',
    },
    {
      where: 'localStorage' as const,
      format: 'amplify' as const,
      clientId: 'c2',
      username: 'carol',
      lastAuthUser: true,
      hasRefreshToken: false,
      hasDeviceKey: false,
      problem: 'ERR_SESSION_INCOMPLETE' as const,
    },
  ];
  it('preselects the LastAuthUser, disables incomplete ones, and imports the choice', () => {
    const onImport = vi.fn();
    render(
      <SessionImportChooser origin="https://app" candidates={candidates} onImport={onImport} onCancel={() => {}} />,
    );
    expect((screen.getByRole('radio', { name: /alice/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: /carol/ }) as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: /bob/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Import selected session' }));
    expect(onImport).toHaveBeenCalledWith(candidates[0]);
  });
});

describe('TokenInspector', () => {
  it('shows the claims, masks tokens, and reveals one only on request', async () => {
    const onReveal = vi.fn(async () => 'eyJraWQiOiJrMSJ9.revealed.value');
    render(<TokenInspector session={session('s1')} onReveal={onReveal} now={() => NOW_MS} />);
    expect(screen.getByRole('region', { name: 'Token inspector' })).toBeTruthy();
    expect(screen.getByText('aws.cognito.signin.user.admin', { selector: 'mark' })).toBeTruthy();
    expect(screen.getByText('us-east-1_Demo1')).toBeTruthy();
    expect(screen.queryByText(/revealed/)).toBeNull();
    expect(onReveal).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Reveal access token' }));
    await waitFor(() => expect(screen.getByText('eyJraWQiOiJrMSJ9.revealed.value')).toBeTruthy());
    expect(onReveal).toHaveBeenCalledWith('accessToken');
    fireEvent.click(screen.getByRole('button', { name: 'Hide access token' }));
    expect(screen.queryByText(/revealed/)).toBeNull();
  });
});

describe('SessionList', () => {
  it('marks the active session and switches', () => {
    const onSelect = vi.fn();
    render(<SessionList sessions={[session('a'), session('b', 'bob')]} activeId="a" onSelect={onSelect} />);
    expect(screen.getByText('Active')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Use session of bob' }));
    expect(onSelect).toHaveBeenCalledWith('b');
  });

  it('tells two sessions of one account apart by when each came in (or was refreshed)', () => {
    const later = { ...session('b'), importedAt: NOW_MS + 3_600_000 };
    const refreshed = { ...session('c'), refreshedAt: NOW_MS + 7_200_000 };
    render(<SessionList sessions={[session('a'), later, refreshed]} activeId="a" onSelect={() => {}} />);
    const items = screen.getAllByRole('listitem').map((li) => li.textContent ?? '');
    expect(items[0]).toContain(`added ${formatStamp(NOW_MS)}`);
    expect(items[1]).toContain(`added ${formatStamp(NOW_MS + 3_600_000)}`);
    expect(items[2]).toContain(`refreshed ${formatStamp(NOW_MS + 7_200_000)}`);
    expect(new Set(items).size).toBe(3);
  });

  it('the session card says when the user signed in (auth_time), or that the token does not say', () => {
    const signedIn = session('a');
    const authMs = (signedIn.claims.authTime ?? 0) * 1000;
    const { unmount } = render(<SessionCard session={signedIn} />);
    if (signedIn.claims.authTime === undefined) throw new Error('the fixture token carries auth_time');
    expect(screen.getByText(formatStamp(authMs)).closest('p')?.textContent).toBe(`Signed in ${formatStamp(authMs)}`);
    unmount();
    render(<SessionCard session={{ ...signedIn, claims: { ...signedIn.claims, authTime: undefined } }} />);
    expect(screen.getByText('The token does not say when the user signed in.')).toBeTruthy();
  });
});

describe('forms', () => {
  it('paste form submits trimmed values, optional ones omitted', () => {
    const onSubmit = vi.fn();
    render(<PasteTokenForm onSubmit={onSubmit} />);
    fireEvent.input(screen.getByRole('textbox', { name: 'Access token' }), { target: { value: '  a.b.c \n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use pasted token' }));
    expect(onSubmit).toHaveBeenCalledWith({ accessToken: 'a.b.c', refreshToken: undefined, clientId: undefined });
  });

  it('sign-in form submits its fields', () => {
    const onSubmit = vi.fn();
    render(<SignInForm onSubmit={onSubmit} />);
    fireEvent.input(screen.getByRole('textbox', { name: 'User pool id' }), { target: { value: 'us-east-1_Demo1' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'App client id' }), { target: { value: 'client1' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Username' }), { target: { value: 'alice' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onSubmit).toHaveBeenCalledWith({
      poolId: 'us-east-1_Demo1',
      clientId: 'client1',
      clientSecret: undefined,
      username: 'alice',
      password: 'pw',
    });
  });
});
