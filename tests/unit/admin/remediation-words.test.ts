import { describe, expect, it } from 'vitest';
import { remediationCounts } from '../../../utils/admin/remediation';
import { describeRemediationOutcome } from '../../../utils/admin/remediation-words';
import { describeError } from '../../../utils/error-text';

describe('describeRemediationOutcome', () => {
  it.each([
    [{ outcome: 'wouldRun' }, 'forget', { words: 'Would forget' }],
    [{ outcome: 'wouldRun' }, 'notRemember', { words: 'Would stop remembering' }],
    [{ outcome: 'pending' }, 'forget', { words: 'Waiting' }],
    [{ outcome: 'cancelled' }, 'notRemember', { words: 'Cancelled, not sent' }],
    [{ outcome: 'ok' }, 'forget', { words: 'Forgotten' }],
    [{ outcome: 'ok', alreadyForgotten: true }, 'forget', { words: 'Already forgotten' }],
    [{ outcome: 'ok' }, 'notRemember', { words: 'No longer remembered' }],
    [{ outcome: 'failed' }, 'forget', { words: 'Failed' }],
    [
      { outcome: 'failed', errorCode: 'ERR_COGNITO_TOO_MANY_REQUESTS' },
      'forget',
      {
        words: `Failed: ${describeError('ERR_COGNITO_TOO_MANY_REQUESTS').title}`,
        code: 'ERR_COGNITO_TOO_MANY_REQUESTS',
      },
    ],
  ] as const)('%j (%s) reads %j', (item, action, expected) => {
    expect(describeRemediationOutcome(item, action)).toEqual(expected);
  });
});

describe('remediationCounts', () => {
  it('counts done (reconciled ones included, and apart), failed and cancelled; waiting and would-run are none of them', () => {
    const items = (['ok', 'reconciled', 'ok', 'failed', 'cancelled', 'pending', 'inFlight', 'wouldRun'] as const).map(
      (outcome) => ({ outcome }),
    );
    expect(remediationCounts(items)).toEqual({ ok: 3, reconciled: 1, failed: 1, cancelled: 1 });
    expect(remediationCounts([])).toEqual({ ok: 0, reconciled: 0, failed: 0, cancelled: 0 });
  });
});
