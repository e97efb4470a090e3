/**
 * Words for the sign-in challenges this extension cannot answer
 * (ChallengeNameType of the service model). Pure.
 */

const CHALLENGE_TEXT: Record<string, string> = {
  SMS_MFA: 'The user has SMS multi-factor authentication: a code is sent by text message.',
  SMS_OTP: 'The user must enter a one-time code sent by text message.',
  EMAIL_OTP: 'The user must enter a one-time code sent by email.',
  SOFTWARE_TOKEN_MFA: 'The user has authenticator-app (TOTP) multi-factor authentication.',
  SELECT_MFA_TYPE: 'The user must choose an MFA method.',
  MFA_SETUP: 'The pool requires MFA and the user has not set it up yet.',
  NEW_PASSWORD_REQUIRED: 'The user must choose a new password (first sign-in or an admin reset).',
  CUSTOM_CHALLENGE: 'The pool uses a custom authentication challenge (Lambda triggers).',
  SELECT_CHALLENGE: 'The user must choose how to sign in (choice-based authentication).',
  PASSWORD_VERIFIER: 'The pool asks for SRP password verification.',
  DEVICE_SRP_AUTH: 'The pool asks for device authentication (SRP).',
  DEVICE_PASSWORD_VERIFIER: 'The pool asks for device password verification.',
  WEB_AUTHN: 'The user signs in with a passkey (WebAuthn).',
};

/** A sentence explaining a challenge, and that it must be completed in the app. */
export function describeChallenge(name: string | undefined): string {
  const what = (name && CHALLENGE_TEXT[name]) || `Cognito asks for the step "${name ?? 'unknown'}".`;
  return `${what} This dashboard cannot answer it: finish signing in in your app, then import its session from the popup.`;
}
