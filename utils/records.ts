/**
 * Pure functions over the shapes utils/storage.ts defines: what of a stored
 * record may leave the background. No storage access (so pages can import it
 * without the storage items), no area.
 */
import type { DeviceStatus, HistoryActor } from './history/types';
import type { DeviceDto, PublicSession, Session } from './storage';

/** Strip the secrets of a session for the UI and messages. */
export function publicSession(session: Session): PublicSession {
  const { tokens, ...rest } = session;
  return {
    ...rest,
    has: {
      idToken: tokens.idToken !== undefined,
      refreshToken: tokens.refreshToken !== undefined,
      clientSecret: tokens.clientSecret !== undefined,
    },
  };
}

/** A device from the client (Dates) as a DTO (epoch ms). */
export function toDeviceDto(device: {
  key: string;
  name?: string;
  lastIp?: string;
  remembered?: boolean;
  createdAt?: Date;
  lastModifiedAt?: Date;
  lastAuthenticatedAt?: Date;
}): DeviceDto {
  return {
    key: device.key,
    name: device.name,
    lastIp: device.lastIp,
    remembered: device.remembered,
    createdAt: device.createdAt?.getTime(),
    lastModifiedAt: device.lastModifiedAt?.getTime(),
    lastAuthenticatedAt: device.lastAuthenticatedAt?.getTime(),
  };
}

/** A device's remembered flag as the history names it (undefined when Cognito did not say). */
export function rememberedStatus(remembered: boolean | undefined): DeviceStatus | undefined {
  return remembered === undefined ? undefined : remembered ? 'remembered' : 'not_remembered';
}

/**
 * The facts a listing states of a device that the device memory keeps (epoch ms), only those
 * present: copied by name, so nothing else the device carries reaches IndexedDB.
 */
export function listedFacts(
  device: DeviceDto,
): Pick<DeviceDto, 'lastIp' | 'createdAt' | 'lastAuthenticatedAt' | 'lastModifiedAt'> {
  return {
    ...(device.lastIp === undefined ? {} : { lastIp: device.lastIp }),
    ...(device.createdAt === undefined ? {} : { createdAt: device.createdAt }),
    ...(device.lastAuthenticatedAt === undefined ? {} : { lastAuthenticatedAt: device.lastAuthenticatedAt }),
    ...(device.lastModifiedAt === undefined ? {} : { lastModifiedAt: device.lastModifiedAt }),
  };
}

/** The account a session's actions are recorded under: identifiers only. */
export function actorOf(session: Session): HistoryActor {
  return {
    pool: session.poolId ?? session.claims.poolId ?? 'unknown',
    clientId: session.clientId,
    username: session.username,
    sub: session.claims.sub,
  };
}
