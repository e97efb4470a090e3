import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** What the sign-in form submits. */
export interface SignInValues {
  poolId?: string;
  clientId: string;
  clientSecret?: string;
  username: string;
  password: string;
}

/** Props of {@link SignInForm}. */
export interface SignInFormProps {
  /** Settings' endpoint override, when set (the pool id is then optional). */
  endpointOverride?: string;
  /** Called synchronously from the submit (a user gesture). */
  onSubmit: (values: SignInValues) => void;
  busy?: boolean;
  /** This form's own error (a FormError), shown inside it, under the submit button. */
  error?: ComponentChildren;
}

/** Sign in with USER_PASSWORD_AUTH, for pools whose app client allows it. */
export function SignInForm({ endpointOverride, onSubmit, busy = false, error }: SignInFormProps) {
  const [poolId, setPoolId] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  return (
    <form
      class="form"
      aria-label="Sign in"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({
          poolId: poolId.trim() || undefined,
          clientId: clientId.trim(),
          clientSecret: clientSecret.trim() || undefined,
          username: username.trim(),
          password,
        });
      }}
    >
      <p class="muted">
        {endpointOverride
          ? `Requests go to the endpoint set in Settings: ${endpointOverride}.`
          : 'Requests go to the Cognito endpoint of the pool’s region.'}{' '}
        The app client must allow ALLOW_USER_PASSWORD_AUTH. The password is sent once and never stored.
      </p>
      <label>
        User pool id{endpointOverride ? ' (optional)' : ''}
        <input
          type="text"
          required={!endpointOverride}
          placeholder="us-east-1_AbCdEf123"
          value={poolId}
          onInput={(e) => setPoolId(e.currentTarget.value)}
        />
      </label>
      <label>
        App client id
        <input
          type="text"
          required
          autocomplete="off"
          value={clientId}
          onInput={(e) => setClientId(e.currentTarget.value)}
        />
      </label>
      <label>
        App client secret (optional)
        <input
          type="password"
          autocomplete="off"
          value={clientSecret}
          onInput={(e) => setClientSecret(e.currentTarget.value)}
        />
      </label>
      <label>
        Username
        <input
          type="text"
          required
          autocomplete="username"
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </label>
      <label>
        Password
        <input
          type="password"
          required
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="btn btn-primary" disabled={busy}>
        Sign in
      </button>
      {error}
    </form>
  );
}
