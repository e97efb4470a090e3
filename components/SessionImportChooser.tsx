import { useState } from 'preact/hooks';
import { SKIP_REASON_TEXT, type SkippedEntry } from '../utils/session/page-scan';
import { candidateKey, type PageCandidate, type PageStoreName } from '../utils/session/page-storage';
import { ErrorTitle } from './ErrorTitle';
import { UntrustedText } from './UntrustedText';

/** Props of {@link SessionImportChooser}. */
export interface SessionImportChooserProps {
  origin: string;
  candidates: readonly PageCandidate[];
  /** Entries left out, each with its reason. */
  skipped?: readonly SkippedEntry[];
  /** Called (from the click, synchronously) with the chosen client and user. */
  onImport: (candidate: PageCandidate) => void;
  onCancel: () => void;
  busy?: boolean;
}

const keyOf = candidateKey;

/** Where an entry was found, in words. */
export const WHERE_TEXT: Record<PageStoreName, string> = {
  localStorage: 'localStorage',
  sessionStorage: 'sessionStorage',
  cookie: 'a cookie',
};

/** Which library's format, in words. */
const FORMAT_TEXT = { amplify: 'Amplify', oidc: 'oidc-client-ts' } as const;

/**
 * Choose which of the page's Cognito sessions to import; each names where it was found; the page's
 * LastAuthUser is marked and preselected; entries left out are listed with the reason.
 */
export function SessionImportChooser({
  origin,
  candidates,
  skipped = [],
  onImport,
  onCancel,
  busy = false,
}: SessionImportChooserProps) {
  const initial = candidates.find((c) => c.lastAuthUser && !c.problem) ?? candidates.find((c) => !c.problem);
  const [selected, setSelected] = useState(initial ? keyOf(initial) : '');
  const chosen = candidates.find((c) => keyOf(c) === selected);
  return (
    <form
      class="import-chooser"
      aria-label="Choose a session to import"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen && !chosen.problem) onImport(chosen);
      }}
    >
      <fieldset>
        <legend>Sessions found on {origin}</legend>
        {candidates.map((c) => (
          <label key={keyOf(c)} class="import-option">
            <input
              type="radio"
              name="candidate"
              value={keyOf(c)}
              checked={selected === keyOf(c)}
              disabled={!!c.problem}
              onChange={() => setSelected(keyOf(c))}
            />
            <span>
              <strong>
                <UntrustedText text={c.username} />
              </strong>
              {c.lastAuthUser ? <span class="badge badge-neutral">Last signed in</span> : null}
              {c.adminScope === false ? <span class="badge badge-warn">No device scope</span> : null}
              <span class="muted">
                {' '}
                in {WHERE_TEXT[c.where]} ({FORMAT_TEXT[c.format]})
              </span>
              <span class="muted mono">
                {' '}
                <UntrustedText text={c.poolId ?? 'unknown pool'} /> · client <UntrustedText text={c.clientId} />
              </span>
              {c.problem ? (
                <span class="muted">
                  {' '}
                  — <ErrorTitle code={c.problem} />
                </span>
              ) : null}
            </span>
          </label>
        ))}
      </fieldset>
      {candidates.length === 0 ? <p>Nothing on this page can be imported.</p> : null}
      {skipped.length ? (
        <details open={candidates.length === 0}>
          <summary>Left out ({skipped.length})</summary>
          <ul class="import-skipped">
            {skipped.map((s) => (
              <li key={`${s.where}\u0000${s.key}\u0000${s.reason}`}>
                <span class="mono">
                  <UntrustedText text={s.key} />
                </span>{' '}
                in {WHERE_TEXT[s.where]}: {SKIP_REASON_TEXT[s.reason]}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy || !chosen || !!chosen.problem}>
          Import selected session
        </button>
        <button type="button" class="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
