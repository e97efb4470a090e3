/**
 * Refresh-token rotation and borrowed sessions. A session imported from a tab
 * (or pasted) shares the web app's refresh token; where the app client rotates
 * refresh tokens, GetTokensFromRefreshToken replaces that token and the app's
 * copy stops working: the app is signed out. So:
 * - a client that rotates refuses REFRESH_TOKEN_AUTH ("REFRESH_TOKEN_AUTH flow not enabled for this client":
 *   the RefreshTokenRotationType reference); that answer spends nothing, and teaches the session that its
 *   client rotates. So does a refresh answer that carries a new refresh token;
 * - a session the extension signed in itself (or whose token it already rotated) refreshes freely, with
 *   GetTokensFromRefreshToken where the client rotates;
 * - a borrowed session of a rotating client is never refreshed on the extension's own: the person imports
 *   it again from the tab, or allows one rotation after a plain warning (`allowRotation`). Pure.
 */
import { AppError } from '../errors';
import type { Session } from './types';

/** What the extension knows of a session's client and rotation (Session.rotation). */
export type RefreshRotation = NonNullable<Session['rotation']>;

/** How to refresh: REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken (rotates), or not at all. */
export type RefreshPlan = 'initiateAuth' | 'rotate' | 'refuse';

type Owned = Pick<Session, 'source' | 'ownsRefreshToken'>;

/** Whether the refresh token is the extension's own: signed in here, or rotated here already. */
export function ownsRefreshToken(session: Owned): boolean {
  return session.source === 'signIn' || session.ownsRefreshToken === true;
}

/** How to refresh `session`; `allowRotation` is the person's consent to sign the web app out. */
export function refreshPlan(
  session: Owned & Pick<Session, 'rotation'>,
  options: { allowRotation?: boolean } = {},
): RefreshPlan {
  if (!session.rotation) return 'initiateAuth';
  return ownsRefreshToken(session) || options.allowRotation === true ? 'rotate' : 'refuse';
}

/** What the stored sessions of `session`'s app client (same issuer and client id) know of its rotation. */
export function knownRotation(
  stored: readonly Pick<Session, 'issuer' | 'clientId' | 'rotation'>[],
  session: Pick<Session, 'issuer' | 'clientId'>,
): RefreshRotation | undefined {
  return stored.find((s) => s.rotation && s.issuer === session.issuer && s.clientId === session.clientId)?.rotation;
}

/** Whether the popup and Sessions page should offer the choice (import again, or refresh and sign the app out). */
export function needsRotationChoice(session: Owned & Pick<Session, 'rotation' | 'status'>): boolean {
  return session.rotation !== undefined && !ownsRefreshToken(session) && session.status.state !== 'signedOut';
}

/** Cognito's refusal of REFRESH_TOKEN_AUTH for a rotating client, as ERR_SESSION_REFRESH_ROTATING; else `error`. */
export function asRotationRefusal(error: unknown): unknown {
  if (
    error instanceof AppError &&
    (error.code === 'ERR_COGNITO_AUTH_FLOW_DISABLED' || error.code === 'ERR_COGNITO_INVALID_PARAMETER') &&
    /REFRESH_TOKEN_AUTH flow not enabled/.test(error.details.awsMessage ?? '')
  ) {
    return new AppError('ERR_SESSION_REFRESH_ROTATING', undefined, { cause: error, details: error.details });
  }
  return error;
}

/** The refusal a borrowed session of a rotating client gets without any call. */
export function rotationRefusal(): AppError {
  return new AppError('ERR_SESSION_REFRESH_ROTATING');
}

/** Whether Cognito's answer rotated the refresh token (a new one, not the one sent). */
export function rotatedInAnswer(sent: string, received: string | undefined): boolean {
  return received !== undefined && received !== sent;
}
