/**
 * The words for every error code: a one-line title and what a person can do.
 * THE one table the UI maps codes through. It imports the codes from
 * utils/errors.ts (never the reverse); kept apart so the popup loads it only
 * when it has an error to show (see use-error-text.ts).
 */

import type { ErrorCode } from './errors';

/** Words shown to a person for one error code. */
export interface ErrorText {
  /** One line: what happened. */
  readonly title: string;
  /** What the person can do about it. */
  readonly remediation: string;
}

/**
 * Every error code, with its words. Grouped by area; add new codes to the
 * area that raises them. Titles are one line; remediations are actionable.
 */
export const ERROR_TEXT = {
  // ── input validation (raised before any network call) ───────────────────
  ERR_INVALID_ACCESS_TOKEN: {
    title: 'The access token is not well formed.',
    remediation: 'Paste the whole access token (three base64url parts separated by dots) or import the session again.',
  },
  ERR_INVALID_REFRESH_TOKEN: {
    title: 'The refresh token is not well formed.',
    remediation: 'Import or paste the session again, or sign in to get a new refresh token.',
  },
  ERR_INVALID_DEVICE_KEY: {
    title: 'The device key is not valid.',
    remediation:
      'A device key looks like "us-east-1_0a1b2c3d-…": region, underscore, UUID. Pick the device from the list instead of typing it.',
  },
  ERR_INVALID_DEVICE_REMEMBERED_STATUS: {
    title: 'The remembered status must be "remembered" or "not_remembered".',
    remediation: 'Choose Remember or Don’t remember.',
  },
  ERR_INVALID_DEVICE_NAME: {
    title: 'The device name is not valid.',
    remediation: 'Use 1 to 1024 characters.',
  },
  ERR_INVALID_USER_POOL_ID: {
    title: 'The user pool id is not valid.',
    remediation: 'A pool id looks like "us-east-1_AbCdEf123": region, underscore, letters and digits.',
  },
  ERR_INVALID_USERNAME: {
    title: 'The username is not valid.',
    remediation: 'Use 1 to 128 characters without control characters.',
  },
  ERR_INVALID_CLIENT_ID: {
    title: 'The app client id is not valid.',
    remediation: 'An app client id is 1 to 128 letters, digits, "_" or "+"; copy it from the Cognito console.',
  },
  ERR_INVALID_CLIENT_SECRET: {
    title: 'The app client secret is not valid.',
    remediation: 'Copy the app client secret from the Cognito console, or leave it empty if the client has none.',
  },
  ERR_INVALID_PASSWORD: {
    title: 'The password is missing.',
    remediation: 'Enter the password of the user you sign in as.',
  },
  ERR_INVALID_LIMIT: {
    title: 'The page size is out of range.',
    remediation: 'Use a page size from 0 to 60.',
  },
  ERR_INVALID_PAGINATION_TOKEN: {
    title: 'The pagination token is not valid.',
    remediation: 'Start the listing again from the first page.',
  },
  ERR_INVALID_FILTER: {
    title: 'The user search filter is not valid.',
    remediation: 'Search by a username or email prefix of at most 256 characters.',
  },
  ERR_INVALID_ENDPOINT: {
    title: 'That endpoint is not allowed.',
    remediation: 'Use an https:// address, or http://127.0.0.1:PORT / http://localhost:PORT for a local sandbox.',
  },
  ERR_INVALID_CREDENTIALS: {
    title: 'The IAM credentials are not well formed.',
    remediation:
      'Enter an access key id (AKIA… or ASIA…) and its secret access key; a session token only for temporary credentials.',
  },
  ERR_INVALID_INPUT: {
    title: 'Some input is not valid.',
    remediation: 'Check the highlighted field and try again.',
  },

  // ── Cognito service errors (mapped from the wire `__type`) ──────────────
  ERR_COGNITO_FORBIDDEN: {
    title: 'AWS WAF blocked the request to Cognito.',
    remediation:
      'The web ACL attached to this user pool refused the request (often a rule on your IP address, country or request rate). Try from the network the app is normally used from, or ask the pool owner to check the pool’s AWS WAF web ACL: its sampled requests name the rule.',
  },
  ERR_COGNITO_INTERNAL: {
    title: 'Cognito had an internal error.',
    remediation:
      'Try again in a moment. If it keeps happening, check the AWS Health Dashboard for Cognito in this region.',
  },
  ERR_COGNITO_INVALID_PARAMETER: {
    title: 'Cognito rejected a parameter of the request.',
    remediation: 'The message names the field. Check it and try again.',
  },
  ERR_COGNITO_INVALID_POOL_CONFIG: {
    title: 'The user pool is not configured for this operation.',
    remediation:
      'Cognito refused the call because of the pool’s own settings. For device calls, ask the pool owner to turn on device tracking ("Remember user devices" in the pool’s sign-in settings) and check the pool and app client settings; nothing here can change that.',
  },
  ERR_COGNITO_NOT_AUTHORIZED: {
    title: 'Cognito did not authorize this request.',
    remediation: 'Sign in again or import a fresh session.',
  },
  ERR_COGNITO_SCOPE_MISSING: {
    title: 'The access token lacks the scope aws.cognito.signin.user.admin.',
    remediation:
      'Hosted-UI / OAuth sign-ins carry this scope only if the app client allows it and the sign-in requests it. Add it to the client’s allowed scopes and the authorize request, or sign in with the SDK (InitiateAuth).',
  },
  ERR_COGNITO_TOKEN_EXPIRED: {
    title: 'The access token has expired.',
    remediation: 'Refresh the session, or sign in again if it has no refresh token.',
  },
  ERR_COGNITO_TOKEN_REVOKED: {
    title: 'The access token has been revoked.',
    remediation: 'A global sign-out or token revocation ended this session. Sign in again.',
  },
  ERR_COGNITO_REFRESH_TOKEN_INVALID: {
    title: 'The refresh token no longer works.',
    remediation: 'It was revoked, has expired, or its device was forgotten. Sign in again.',
  },
  ERR_COGNITO_INCORRECT_CREDENTIALS: {
    title: 'Incorrect username or password.',
    remediation: 'Check the username and password and try again.',
  },
  ERR_COGNITO_AUTH_FLOW_DISABLED: {
    title: 'This app client does not allow that sign-in flow.',
    remediation:
      'Enable ALLOW_USER_PASSWORD_AUTH (or the refresh flow) on the app client, or import a session from the app instead.',
  },
  ERR_COGNITO_PASSWORD_RESET_REQUIRED: {
    title: 'The user must reset their password.',
    remediation: 'Reset the password in the app (Forgot password), then sign in again.',
  },
  ERR_COGNITO_RESOURCE_NOT_FOUND: {
    title: 'Cognito could not find it.',
    remediation: 'The device, pool or client no longer exists. Reload the list.',
  },
  ERR_COGNITO_DEVICE_ALREADY_FORGOTTEN: {
    title: 'The device was already forgotten.',
    remediation: 'Nothing left to do: an earlier attempt removed it. Reload the list.',
  },
  ERR_COGNITO_TOO_MANY_REQUESTS: {
    title: 'Cognito is throttling requests (rate exceeded).',
    remediation: 'Wait a few seconds and try again, or lower the request rate in Settings.',
  },
  ERR_COGNITO_USER_NOT_CONFIRMED: {
    title: 'The user has not confirmed their account.',
    remediation: 'Confirm the account (the code sent at sign-up) before signing in.',
  },
  ERR_COGNITO_USER_NOT_FOUND: {
    title: 'There is no such user in this pool.',
    remediation: 'Check the username, and that you chose the right pool.',
  },
  ERR_COGNITO_UNSUPPORTED_OPERATION: {
    title: 'Cognito does not support this operation for this client or token.',
    remediation: 'Check the app client settings (token revocation, auth flows) in the Cognito console.',
  },
  ERR_COGNITO_UNSUPPORTED_TOKEN_TYPE: {
    title: 'Cognito does not accept this kind of token here.',
    remediation: 'Use a refresh token to revoke a session.',
  },
  ERR_COGNITO_UNAUTHORIZED_CLIENT: {
    title: 'The app client is not authorized for this request.',
    remediation: 'Check the app client id and secret.',
  },
  ERR_COGNITO_LIMIT_EXCEEDED: {
    title: 'A Cognito limit was exceeded.',
    remediation: 'Wait and try again later.',
  },
  ERR_COGNITO_CODE_DELIVERY_FAILED: {
    title: 'Cognito could not deliver a verification code.',
    remediation: 'Check the user’s email or phone number, and the pool’s messaging settings.',
  },
  ERR_COGNITO_LAMBDA_FAILED: {
    title: 'A Lambda trigger of the pool failed.',
    remediation: 'A pre-authentication or similar trigger rejected or failed the request. Check the trigger’s logs.',
  },
  ERR_COGNITO_INVALID_LAMBDA_RESPONSE: {
    title: 'A Lambda trigger returned an invalid response.',
    remediation: 'Check the output of the pool’s Lambda triggers.',
  },
  ERR_COGNITO_INVALID_PASSWORD: {
    title: 'The password does not meet the pool’s requirements.',
    remediation: 'Choose a password that satisfies the pool’s password policy.',
  },
  ERR_COGNITO_INVALID_SMS_ROLE: {
    title: 'The pool’s SMS role is misconfigured.',
    remediation: 'Ask the pool owner to check the SMS role and its trust policy.',
  },
  ERR_COGNITO_INVALID_EMAIL_ROLE: {
    title: 'The pool’s email configuration is not allowed.',
    remediation: 'Ask the pool owner to check the pool’s SES settings.',
  },
  ERR_COGNITO_USERNAME_EXISTS: {
    title: 'A user with this username already exists.',
    remediation: 'Pick another username, or sign in as the existing user.',
  },
  ERR_COGNITO_DEVICE_KEY_EXISTS: {
    title: 'This device is already confirmed.',
    remediation: 'Nothing to do: the device is tracked already. Reload the device list.',
  },
  ERR_COGNITO_REFRESH_TOKEN_REUSE: {
    title: 'This refresh token was already used and has been rotated.',
    remediation:
      'The pool rotates refresh tokens and this one was spent (perhaps by another tab). Import the session again or sign in.',
  },
  ERR_COGNITO_USER_POOL_TAGGING: {
    title: 'Cognito could not read the user pool’s tags.',
    remediation: 'Ask the pool owner to check the pool’s tags and the IAM permissions for tagging.',
  },
  ERR_COGNITO_USER_DISABLED: {
    title: 'This user is disabled.',
    remediation: 'Ask an administrator of the pool to enable the user again.',
  },
  ERR_COGNITO_SECRET_HASH_INVALID: {
    title: 'Cognito could not verify the secret hash for this app client.',
    remediation: 'This app client has a secret: enter the exact client secret (and username) from the Cognito console.',
  },
  ERR_COGNITO_MFA_METHOD_NOT_FOUND: {
    title: 'No MFA method is set up for this user.',
    remediation: 'Set up an MFA method for the user in the app first.',
  },
  ERR_COGNITO_UNKNOWN: {
    title: 'Cognito answered with an error this dashboard does not know.',
    remediation: 'The error name is shown as Cognito sent it; look it up in the Cognito API reference.',
  },

  // ── AWS request signing (Admin operations) ─────────────────────────────
  ERR_AWS_UNRECOGNIZED_CLIENT: {
    title: 'AWS does not recognise the access key id.',
    remediation:
      'Check the access key id, that the key is active, and that temporary credentials include their session token.',
  },
  ERR_AWS_SIGNATURE_MISMATCH: {
    title: 'The request signature does not match.',
    remediation: 'The secret access key is wrong. Enter it again.',
  },
  ERR_AWS_CLOCK_SKEW: {
    title: 'The request was signed at the wrong time (clock skew).',
    remediation: 'Your computer’s clock is more than 5 minutes off. Correct it and try again.',
  },
  ERR_AWS_CREDENTIALS_EXPIRED: {
    title: 'The temporary IAM credentials have expired.',
    remediation: 'Get new temporary credentials (for example with `aws sts get-session-token`) and enter them again.',
  },
  ERR_AWS_ACCESS_DENIED: {
    title: 'IAM denied this request.',
    remediation:
      'The credentials’ policy does not allow this cognito-idp action on this pool. Add the permission or use other credentials.',
  },
  ERR_AWS_MISSING_CREDENTIALS: {
    title: 'No IAM credentials are set.',
    remediation: 'Enter an access key id and secret access key on the Admin page.',
  },

  // ── network and transport ───────────────────────────────────────────────
  ERR_NETWORK: {
    title: 'Could not reach Cognito.',
    remediation: 'Check your connection (or that the local sandbox is running) and try again.',
  },
  ERR_TIMEOUT: {
    title: 'Cognito did not answer in time.',
    remediation: 'Try again; if it keeps happening, raise the timeout in Settings.',
  },
  ERR_ACTION_INTERRUPTED: {
    title: 'The extension stopped during this action, and the change is not in place.',
    remediation: 'Cognito was checked afterwards; nothing was sent again. Do it again if you still want it.',
  },
  ERR_ABORTED: {
    title: 'The request was cancelled.',
    remediation: 'Nothing was changed by this dashboard after the cancellation. Start it again when ready.',
  },
  ERR_BAD_RESPONSE: {
    title: 'Cognito sent a response this dashboard could not read.',
    remediation: 'Check that the endpoint is a Cognito user-pools endpoint.',
  },
  ERR_HOST_PERMISSION_DENIED: {
    title: 'The extension may not contact this Cognito region yet.',
    remediation: 'Allow access to the Cognito endpoint when the browser asks.',
  },

  // ── tokens (decode, verify, scope) ─────────────────────────────────────
  ERR_TOKEN_MALFORMED: {
    title: 'This is not a readable JSON Web Token.',
    remediation: 'Copy the whole access token again; it has three parts separated by dots.',
  },
  ERR_TOKEN_NOT_ACCESS: {
    title: 'This is not an access token.',
    remediation:
      'The token’s token_use is not "access" (it may be an ID token). Use the accessToken value of the session.',
  },
  ERR_TOKEN_SCOPE_MISSING: {
    title: 'The access token lacks the scope aws.cognito.signin.user.admin.',
    remediation:
      'Device calls need it. Tokens from the hosted UI / OAuth carry it only if the app client allows that scope and the sign-in requests it; SDK sign-ins (InitiateAuth) always carry it.',
  },
  ERR_TOKEN_EXPIRED: {
    title: 'The access token has expired.',
    remediation: 'Refresh the session, or sign in again.',
  },
  ERR_TOKEN_NOT_YET_VALID: {
    title: 'The token is not valid yet.',
    remediation: 'Your clock may be behind. Correct it and try again.',
  },
  ERR_TOKEN_SIGNATURE_INVALID: {
    title: 'The token’s signature does not verify.',
    remediation:
      'This token was not signed by the pool’s keys. Do not trust it; import the session from the real app again.',
  },
  ERR_TOKEN_KID_UNKNOWN: {
    title: 'The pool has no key with this token’s key id.',
    remediation: 'The token was signed by another key or pool. Import the session again.',
  },
  ERR_TOKEN_ALG_UNSUPPORTED: {
    title: 'The token uses an algorithm Cognito never uses.',
    remediation: 'Cognito signs with RS256. Do not trust this token.',
  },
  ERR_TOKEN_ISSUER_MISMATCH: {
    title: 'The token was issued by another pool than expected.',
    remediation: 'Check that you imported the session of the right pool.',
  },
  ERR_TOKEN_ISSUER_UNTRUSTED: {
    title: 'The token’s issuer is not a Cognito endpoint, so it cannot be verified.',
    remediation:
      'Only Cognito regional hosts, and the loopback sandbox named in Settings → Endpoint override, are contacted. Check where this token came from.',
  },
  ERR_TOKEN_CLIENT_MISMATCH: {
    title: 'The token belongs to another app client.',
    remediation: 'Pick the session of the matching client id.',
  },
  ERR_TOKEN_JWKS_UNAVAILABLE: {
    title: 'Could not fetch the pool’s signing keys.',
    remediation: 'Check the connection and try verifying again.',
  },
  ERR_TOKEN_CLAIMS_INVALID: {
    title: 'The token’s claims are not those of a Cognito access token.',
    remediation: 'Import the session again from the app.',
  },

  // ── sessions ────────────────────────────────────────────────────────────
  ERR_SESSION_KEPT_UNAVAILABLE: {
    title: 'Sessions cannot be kept across restarts in this browser.',
    remediation: 'The browser refused the storage that holds their key (private window?). Sessions stay in memory.',
  },
  ERR_SESSION_KEPT_UNREADABLE: {
    title: 'The kept sessions could not be opened.',
    remediation: 'They were removed. Import or sign in again.',
  },
  ERR_SESSION_NONE: {
    title: 'There is no Cognito session yet.',
    remediation:
      'Open your web app in a tab and import its session, paste an access token, or sign in on the Sessions page.',
  },
  ERR_SESSION_NOT_FOUND_IN_PAGE: {
    title: 'This page holds no Cognito session.',
    remediation:
      'Open the web app where you are signed in and try again. The extension reads what the page’s own script can: localStorage, sessionStorage and cookies (Amplify, amazon-cognito-identity-js, oidc-client-ts). Tokens in httpOnly cookies cannot be read by any page script.',
  },
  ERR_SESSION_HTTPONLY: {
    title: 'This app keeps its tokens in cookies the page cannot read (httpOnly).',
    remediation:
      'The page shows who is signed in, but its tokens are httpOnly cookies, hidden from every page script and so from this extension. Sign in here on the Sessions page, or paste an access token.',
  },
  ERR_SESSION_REFRESH_ROTATING: {
    title: 'This app client rotates refresh tokens: the extension does not refresh this session.',
    remediation:
      'A refresh here would replace the web app’s refresh token and sign the app out. Import the session again from the app’s tab (the app refreshes it itself), or sign in on the Sessions page for a session of the extension’s own.',
  },
  ERR_SESSION_OTHER_CLIENT: {
    title: 'The tokens stored under this app client belong to another app client or pool.',
    remediation:
      'The page mixes sessions: these tokens were not issued to the client their keys name, so they are not imported as it. Choose another entry, or sign in to the app again.',
  },
  ERR_SESSION_PAGE_UNREADABLE: {
    title: 'The extension cannot read this page.',
    remediation: 'Browser pages and the extension store cannot be read. Switch to your web app’s tab and try again.',
  },
  ERR_SESSION_INCOMPLETE: {
    title: 'The session on this page is incomplete.',
    remediation: 'The access token is missing or unreadable. Sign in to the app again, then import.',
  },
  ERR_SESSION_CHALLENGE_UNSUPPORTED: {
    title: 'Cognito asks for a step this dashboard cannot answer.',
    remediation: 'Finish the sign-in (MFA, new password, …) in the app itself, then import its session.',
  },
  ERR_SESSION_NO_REFRESH_TOKEN: {
    title: 'This session has no refresh token.',
    remediation: 'Import the session again with its refresh token, or sign in.',
  },
  ERR_SESSION_EXPIRED: {
    title: 'The session has expired.',
    remediation: 'Refresh it, or import or sign in again.',
  },

  // ── history (IndexedDB) ────────────────────────────────────────────────
  ERR_HISTORY_UNAVAILABLE: {
    title: 'The history log could not be opened.',
    remediation:
      'The browser refused storage (private mode or disk full). Actions still run; free some space and reload.',
  },
  ERR_HISTORY_WRITE_FAILED: {
    title: 'The history log could not be written.',
    remediation: 'The browser’s storage may be full. Clear old history in Settings.',
  },

  // ── admin mode and the pool audit ──────────────────────────────────────
  ERR_ADMIN_NOT_CONNECTED: {
    title: 'Admin mode is not set up.',
    remediation: 'Enter the user pool id and IAM credentials on the Admin page and check them first.',
  },
  ERR_ADMIN_AUDIT_NOT_FOUND: {
    title: 'That audit no longer exists.',
    remediation: 'Start a new audit of the pool.',
  },
  ERR_ADMIN_AUDIT_RUNNING: {
    title: 'An audit of this pool is already running.',
    remediation: 'Pause or cancel it before starting another one.',
  },
  ERR_ADMIN_AUDIT_ENDPOINT_CHANGED: {
    title: 'This audit was started against another endpoint.',
    remediation:
      'The endpoint override in Settings changed since the audit started, so it stays paused. Restore the setting to resume it, or start a new audit.',
  },
  ERR_ADMIN_BULK_RUNNING: {
    title: 'A bulk remediation is already running.',
    remediation: 'Wait for it to finish or cancel it, then start the next one.',
  },

  // ── messaging between pages and the background worker ──────────────────
  ERR_MESSAGE_FOREIGN_SENDER: {
    title: 'A message from outside this extension was refused.',
    remediation: 'Nothing to do: only the extension’s own pages may ask for actions.',
  },
  ERR_BULK_TOO_LARGE: {
    title: 'A bulk action takes at most 1,000 devices.',
    remediation: 'Select fewer devices and run the action in parts.',
  },
  ERR_MESSAGE_INVALID: {
    title: 'The extension received a message it does not understand.',
    remediation: 'Reload the extension page.',
  },
  ERR_BACKGROUND_UNAVAILABLE: {
    title: 'The extension’s background worker did not answer.',
    remediation: 'Reload the page; if it persists, reload the extension.',
  },

  ERR_INTERNAL: {
    title: 'Something went wrong inside the extension.',
    remediation: 'Reload the page and try again.',
  },
} as const satisfies Record<ErrorCode, ErrorText>;

/** True when `value` is a known error code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_TEXT, value);
}

/** The words for a code. */
export function describeError(code: ErrorCode): ErrorText {
  return ERROR_TEXT[code];
}
