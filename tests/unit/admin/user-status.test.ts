import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeUserStatus, USER_STATUS_WORDS } from '../../../utils/admin/user-status';

const model = JSON.parse(readFileSync(join(process.cwd(), 'sandbox/model/cognito-idp-model.json'), 'utf8')) as {
  shapes: Record<string, { enum?: string[] }>;
};

describe('user status words', () => {
  it('has words for exactly the UserStatusType values of the service model', () => {
    expect(Object.keys(USER_STATUS_WORDS).sort()).toEqual([...(model.shapes.UserStatusType?.enum ?? [])].sort());
  });

  it.each([
    ['RESET_REQUIRED', 'Password reset required'],
    ['FORCE_CHANGE_PASSWORD', 'Must change the temporary password'],
    ['UNCONFIRMED', 'Not confirmed yet'],
    ['CONFIRMED', 'Confirmed'],
    ['SOMETHING_NEW', 'SOMETHING_NEW'],
    ['toString', 'toString'],
  ])('%s reads "%s"', (code, words) => {
    expect(describeUserStatus(code)).toBe(words);
  });

  it('never shows the raw code as the words of a known status', () => {
    for (const [code, words] of Object.entries(USER_STATUS_WORDS)) expect(words).not.toBe(code);
  });
});
