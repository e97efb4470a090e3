/**
 * What the audit report leads with: what to do, not a table of counts. Pure:
 * the report's counts in, a first line (and the rule the bulk remediation
 * should pick) out; "nothing needs action" said plainly when so.
 */
import type { AuditCategory, AuditReport } from './report';

/** The rules the bulk remediation selects by (all devices, or the remembered ones, are no rule to act on). */
export const REMEDIATION_RULES = ['stale', 'neverAuthenticated', 'notRemembered', 'ip'] as const;
export type RemediationRule = (typeof REMEDIATION_RULES)[number];

/** True when the category is a rule the remediation can act on. */
export function isRemediationRule(category: AuditCategory): category is RemediationRule {
  return (REMEDIATION_RULES as readonly string[]).includes(category);
}

/** One finding to act on: its words, the rule that selects its devices and the button that picks it. */
export interface AuditFinding {
  readonly text: string;
  readonly rule: Exclude<RemediationRule, 'ip'>;
  readonly button: string;
}

/** The report's first line (`lead`) and, below it, the other findings. */
export interface AuditHeadline {
  /** The most useful thing to do, or undefined when nothing needs action. */
  readonly lead?: AuditFinding;
  /** The further findings, in order of use. */
  readonly also: readonly AuditFinding[];
  /** Said when nothing needs action (then `lead` is undefined). */
  readonly nothing?: string;
}

const devices = (n: number) => (n === 1 ? '1 device' : `${n} devices`);

/** The headline of a report: idle devices first, then never-used, then not-remembered ones. */
export function auditHeadline(
  report: Pick<AuditReport, 'users' | 'devices' | 'stale' | 'staleDays' | 'neverAuthenticated' | 'notRemembered'>,
): AuditHeadline {
  const findings: AuditFinding[] = [];
  if (report.stale > 0) {
    findings.push({
      text: `${devices(report.stale)} idle for over ${report.staleDays} days — review and forget`,
      rule: 'stale',
      button: 'Review idle devices',
    });
  }
  if (report.neverAuthenticated > 0) {
    findings.push({
      text: `${devices(report.neverAuthenticated)} never used to sign in — review and forget`,
      rule: 'neverAuthenticated',
      button: 'Review never-used devices',
    });
  }
  if (report.notRemembered > 0) {
    findings.push({
      text: `${devices(report.notRemembered)} not remembered but still tracked by Cognito — review and forget`,
      rule: 'notRemembered',
      button: 'Review not-remembered devices',
    });
  }
  const [lead, ...also] = findings;
  if (lead) return { lead, also };
  const users = report.users === 1 ? '1 user' : `${report.users} users`;
  return {
    also: [],
    nothing:
      report.devices === 0
        ? `Nothing needs action: the audit found no devices (${users}).`
        : `Nothing needs action: no device is idle for over ${report.staleDays} days, never used to sign in, or not remembered (${devices(report.devices)}, ${users}).`,
  };
}
