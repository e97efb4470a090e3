/**
 * The bulk remediation's per-device result in words ("Forgotten", "Failed: …"),
 * not its stored outcome ("ok", "failed"); the stable error code stays beside
 * the words for the auditor. Pure.
 */
import { describeError } from '../error-text';
import type { RemediationAction, RemediationItem } from './remediation';

/** The words of one device's result, and its error code when it failed. */
export function describeRemediationOutcome(
  item: Pick<RemediationItem, 'outcome' | 'errorCode' | 'alreadyForgotten'>,
  action: RemediationAction,
): { words: string; code?: string } {
  switch (item.outcome) {
    case 'wouldRun':
      return { words: action === 'forget' ? 'Would forget' : 'Would stop remembering' };
    case 'pending':
      return { words: 'Waiting' };
    case 'inFlight':
      return { words: 'Sent, waiting for the answer' };
    case 'reconciled':
      return {
        words:
          action === 'forget'
            ? 'Forgotten (checked after a restart)'
            : 'No longer remembered (checked after a restart)',
      };
    case 'cancelled':
      return { words: 'Cancelled, not sent' };
    case 'ok':
      if (item.alreadyForgotten) return { words: 'Already forgotten' };
      return { words: action === 'forget' ? 'Forgotten' : 'No longer remembered' };
    case 'failed':
      return item.errorCode
        ? { words: `Failed: ${describeError(item.errorCode).title}`, code: item.errorCode }
        : { words: 'Failed' };
  }
}
