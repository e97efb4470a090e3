import { useState } from 'preact/hooks';
import type { RemediationRule } from '../../../utils/admin/audit-headline';
import type { AuditFilter } from '../../../utils/storage';
import { RemediationPanel } from './RemediationPanel';

/** Props of {@link CompareSuggestion}. */
export interface CompareSuggestionProps {
  /** The older and newer audit compared. */
  readonly from: string;
  readonly to: string;
  /** How many devices the newer audit has that the older had not. */
  readonly added: number;
  readonly connected: boolean;
}

/** Stale after this many days, when the stale rule is picked for the added devices. */
const STALE_DAYS = 90;

/**
 * The remediation a comparison suggests: the devices added since the older audit that never authenticated
 * (a rule may be picked instead), through the same remediation as the report's — a dry run first.
 */
export function CompareSuggestion({ from, to, added, connected }: CompareSuggestionProps) {
  const [rule, setRule] = useState<RemediationRule>('neverAuthenticated');
  if (added === 0) return null;
  const filter: AuditFilter = {
    category: rule,
    addedSince: from,
    ...(rule === 'stale' ? { staleDays: STALE_DAYS } : {}),
  };
  return (
    <div class="compare-suggestion">
      <p>
        <strong>Suggested:</strong> {added === 1 ? 'one device was' : `${added} devices were`} added since the older
        audit. Forget those that never authenticated — preview them first (a dry run), then run it.
      </p>
      <RemediationPanel
        key={`${from}|${to}`}
        runId={to}
        filter={filter}
        connected={connected}
        onPickRule={setRule}
        onFinished={() => undefined}
      />
    </div>
  );
}
