/**
 * What the device service needs of a session: the history action and actor of
 * its device actions, and the refusal, before any call, of a session that
 * cannot list or change devices.
 */
import { AppError } from '../errors';
import type { HistoryAction } from '../history/types';
import type { DeviceAction, Session } from '../storage';
import { hasRequiredScope } from '../token/scope';

export const HISTORY_ACTION: Record<DeviceAction, HistoryAction> = {
  remember: 'device.remember',
  notRemember: 'device.notRemember',
  forget: 'device.forget',
};

export { actorOf } from '../records';

/** Refuse, before any call, a session that cannot list or change devices. */
export function usableSession(session: Session, now: number): Session {
  if (session.status.state !== 'active') {
    throw new AppError(session.status.reason ?? 'ERR_SESSION_EXPIRED', undefined, {
      details: { field: 'session' },
    });
  }
  if (!hasRequiredScope(session.claims.scopes)) throw new AppError('ERR_TOKEN_SCOPE_MISSING');
  if (session.claims.expiresAt * 1000 <= now - session.clockDriftSec * 1000) throw new AppError('ERR_TOKEN_EXPIRED');
  return session;
}
