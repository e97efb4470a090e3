import { useState } from 'preact/hooks';
import type { PageCandidate } from '../utils/session/page-storage';
import { ErrorTitle } from './ErrorTitle';
import { UntrustedText } from './UntrustedText';

/** Props of {@link SessionImportChooser}. */
export interface SessionImportChooserProps {
  origin: string;
  candidates: readonly PageCandidate[];
  /** Called (from the click, synchronously) with the chosen client and user. */
  onImport: (candidate: PageCandidate) => void;
  onCancel: () => void;
  busy?: boolean;
}

const keyOf = (c: PageCandidate) => `${c.clientId}\u0000${c.username}`;

/** Choose which of the page's Cognito sessions to import; the page's LastAuthUser is marked and preselected. */
export function SessionImportChooser({
  origin,
  candidates,
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
