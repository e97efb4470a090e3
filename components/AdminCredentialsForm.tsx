import { useState } from 'preact/hooks';

/** What the admin typed; sent once to the background and never shown again. */
export interface AdminCredentialsValues {
  poolId: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Props of {@link AdminCredentialsForm}. */
export interface AdminCredentialsFormProps {
  busy: boolean;
  /** Called from the submit event (a user gesture: host permission may be requested there). */
  onSubmit: (values: AdminCredentialsValues) => void;
}

/**
 * The IAM credentials form. The secret and session token are password fields
 * and are cleared after submit, so the page never keeps or renders them.
 */
export function AdminCredentialsForm({ busy, onSubmit }: AdminCredentialsFormProps) {
  const [poolId, setPoolId] = useState('');
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecret] = useState('');
  const [sessionToken, setSessionToken] = useState('');
  return (
    <form
      class="form"
      aria-label="Admin credentials"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ poolId, accessKeyId, secretAccessKey, ...(sessionToken.trim() ? { sessionToken } : {}) });
        setSecret('');
        setSessionToken('');
      }}
    >
      <label>
        User pool id
        <input
          name="poolId"
          value={poolId}
          placeholder="us-east-1_AbCdEf123"
          autoComplete="off"
          spellcheck={false}
          required
          onInput={(e) => setPoolId(e.currentTarget.value)}
        />
      </label>
      <label>
        Access key id
        <input
          name="accessKeyId"
          value={accessKeyId}
          autoComplete="off"
          spellcheck={false}
          required
          onInput={(e) => setAccessKeyId(e.currentTarget.value)}
        />
      </label>
      <label>
        Secret access key
        <input
          name="secretAccessKey"
          type="password"
          value={secretAccessKey}
          autoComplete="off"
          required
          onInput={(e) => setSecret(e.currentTarget.value)}
        />
      </label>
      <label>
        Session token (temporary credentials only)
        <input
          name="sessionToken"
          type="password"
          value={sessionToken}
          autoComplete="off"
          onInput={(e) => setSessionToken(e.currentTarget.value)}
        />
      </label>
      <p class="muted" title="Stored in the extension’s session storage (storage.session).">
        Kept in this browser’s memory only, until you forget them or close the browser; never saved to disk, logged or
        exported. Use a key allowed only the Cognito user pool actions you test.
      </p>
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Checking…' : 'Check credentials'}
        </button>
      </div>
    </form>
  );
}
