import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** What the paste form submits. */
export interface PastedTokens {
  accessToken: string;
  refreshToken?: string;
  clientId?: string;
}

/** Props of {@link PasteTokenForm}. */
export interface PasteTokenFormProps {
  /** Called synchronously from the submit (a user gesture) with the trimmed values. */
  onSubmit: (values: PastedTokens) => void;
  busy?: boolean;
  /** This form's own error (a FormError), shown inside it, under the submit button. */
  error?: ComponentChildren;
}

/** Paste an access token (required), and optionally its refresh token and app client id. */
export function PasteTokenForm({ onSubmit, busy = false, error }: PasteTokenFormProps) {
  const [accessToken, setAccessToken] = useState('');
  const [refreshToken, setRefreshToken] = useState('');
  const [clientId, setClientId] = useState('');
  return (
    <form
      class="form"
      aria-label="Paste a token"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({
          accessToken: accessToken.trim(),
          refreshToken: refreshToken.trim() || undefined,
          clientId: clientId.trim() || undefined,
        });
      }}
    >
      <label>
        Access token
        <textarea
          required
          rows={3}
          autocomplete="off"
          spellcheck={false}
          value={accessToken}
          onInput={(e) => setAccessToken(e.currentTarget.value)}
        />
      </label>
      <label>
        Refresh token (optional)
        <input
          type="password"
          autocomplete="off"
          value={refreshToken}
          onInput={(e) => setRefreshToken(e.currentTarget.value)}
        />
      </label>
      <label>
        App client id (optional)
        <input type="text" autocomplete="off" value={clientId} onInput={(e) => setClientId(e.currentTarget.value)} />
      </label>
      <button type="submit" class="btn btn-primary" disabled={busy}>
        Use pasted token
      </button>
      {error}
    </form>
  );
}
