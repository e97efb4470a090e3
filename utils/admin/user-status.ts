/**
 * Plain words for a Cognito user's status (ListUsers' `UserStatus`), so the
 * Admin page says "Password reset required" and keeps the API code for a
 * tooltip. The codes are UserStatusType's enum in the service model
 * (sandbox/model/cognito-idp-model.json); the unit test holds the two equal.
 */

/** Every UserStatusType of the model. */
export type UserStatusCode =
  | 'UNCONFIRMED'
  | 'CONFIRMED'
  | 'ARCHIVED'
  | 'COMPROMISED'
  | 'UNKNOWN'
  | 'RESET_REQUIRED'
  | 'FORCE_CHANGE_PASSWORD'
  | 'EXTERNAL_PROVIDER';

/** The words of each status code. */
export const USER_STATUS_WORDS: Record<UserStatusCode, string> = {
  UNCONFIRMED: 'Not confirmed yet',
  CONFIRMED: 'Confirmed',
  ARCHIVED: 'Archived',
  COMPROMISED: 'Compromised (blocked)',
  UNKNOWN: 'Status unknown',
  RESET_REQUIRED: 'Password reset required',
  FORCE_CHANGE_PASSWORD: 'Must change the temporary password',
  EXTERNAL_PROVIDER: 'Signs in through an external provider',
};

/** The words of a status code; a code the model does not know is shown as it came. */
export function describeUserStatus(code: string): string {
  return Object.hasOwn(USER_STATUS_WORDS, code) ? USER_STATUS_WORDS[code as UserStatusCode] : code;
}
