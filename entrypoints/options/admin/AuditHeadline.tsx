import { type AuditFinding, auditHeadline } from '../../../utils/admin/audit-headline';
import type { AuditReport } from '../../../utils/admin/report';

/** Props of {@link AuditHeadline}. */
export interface AuditHeadlineProps {
  report: AuditReport;
  /** Pick the rule of a finding in the bulk remediation. */
  onPick: (rule: AuditFinding['rule']) => void;
}

/** The report's first line: what to do (with a button that picks its rule), or that nothing needs action. */
export function AuditHeadline({ report, onPick }: AuditHeadlineProps) {
  const { lead, also, nothing } = auditHeadline(report);
  if (!lead) return <p class="notice notice-ok audit-headline">{nothing}</p>;
  const pick = (finding: AuditFinding, primary: boolean) => (
    <button
      type="button"
      class={primary ? 'btn btn-sm btn-primary' : 'btn btn-sm'}
      onClick={() => onPick(finding.rule)}
    >
      {finding.button}
    </button>
  );
  return (
    <section class="notice notice-warn audit-headline" aria-label="What to do">
      <p>
        <strong>{lead.text}</strong> {pick(lead, true)}
      </p>
      {also.length > 0 ? (
        <ul>
          {also.map((f) => (
            <li key={f.rule}>
              {f.text} {pick(f, false)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
