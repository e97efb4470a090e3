import { describe, expect, it } from 'vitest';
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
