/**
 * The sandbox's in-memory state, built from a validated seed: pools, app
 * clients, users (indexed by username), their devices (indexed by key), and
 * the server-side sign-in sessions behind refresh tokens.
 *
 * Operations read and check first and mutate last, synchronously, so a change
 * is applied whole or not at all (faults are decided before any handler runs).
 */
import { createHash } from 'node:crypto';
import type { SeedChallenge, SeedClient, SeedFile, SeedIamKey, SeedUserStatus, SeedWebAclRule } from './seed';

export interface DeviceRecord {
  key: string;
  name: string;
  remembered: boolean;
  lastIp: string | undefined;
  createdAt: number;
  lastModifiedAt: number;
  lastAuthenticatedAt: number | null;
  /** From NewDeviceMetadata: the "pool name" of the device's SRP. */
  groupKey?: string;
  /** From ConfirmDevice's DeviceSecretVerifierConfig: what DEVICE_PASSWORD_VERIFIER is checked against. */
  secretVerifier?: { saltHex: string; verifier: bigint };
}

export interface UserRecord {
  username: string;
  sub: string;
  password: string;
  status: SeedUserStatus;
  attributes: Record<string, string>;
  groups: string[];
  devices: Map<string, DeviceRecord>;
  challenge: SeedChallenge | undefined;
  enabled: boolean;
  createdAt: number;
  lastModifiedAt: number;
  /** Last GlobalSignOut (epoch seconds): revokes tokens of sign-ins the sandbox no longer tracks. */
  signedOutAt: number | null;
  /** The SRP salt (hex, stable per pool and user) and, once computed, the password verifier. */
  srpSalt: string;
  srpVerifier?: bigint;
}

export interface PoolRecord {
  id: string;
  name: string;
  region: string;
  deviceConfiguration:
    | { ChallengeRequiredOnNewDevice?: boolean; DeviceOnlyRememberedOnUserPrompt?: boolean }
    | undefined;
  clients: Map<string, SeedClient>;
  /** The AWS account that owns the pool: quotas are pooled per account and Region. */
  account: string;
  /** User-token device answers carry only device_status, device_name, last_ip_used (the ListDevices reference's example). */
  leanUserDeviceAttributes: boolean;
  /** Seed switch: the pool's configuration is invalid (InvalidUserPoolConfigurationException). */
  invalidConfiguration: string | undefined;
  webAcl: SeedWebAclRule[];
  users: Map<string, UserRecord>;
  /** Users in seed order, for ListUsers pagination. */
  userList: UserRecord[];
  createdAt: number;
}

/** One sign-in: what a refresh token stands for, and what its access tokens' origin_jti points to. */
export interface SessionRecord {
  originJti: string;
  poolId: string;
  clientId: string;
  username: string;
  scope: string;
  authTime: number;
  /** The device the sign-in is bound to (NewDeviceMetadata, DEVICE_KEY, or /_sandbox/tokens). */
  deviceKey: string | undefined;
  /** Set when the bound device is forgotten: the refresh token then stops working. */
  deviceForgotten: boolean;
  revoked: boolean;
  refreshToken: string | undefined;
}

/** An open sign-in challenge (the `Session` of InitiateAuth / RespondToAuthChallenge). */
export interface ChallengeRecord {
  name: 'PASSWORD_VERIFIER' | 'DEVICE_SRP_AUTH' | 'DEVICE_PASSWORD_VERIFIER' | 'MFA';
  poolId: string;
  clientId: string;
  username: string;
  /** Epoch seconds after which the session is refused. */
  expiresAt: number;
  /** SRP values of the open verifier challenge. */
  srp?: { A: bigint; b: bigint; B: bigint; verifier: bigint; secretBlock: string; poolName: string; user: string };
  deviceKey?: string;
}

/** A device key handed out in NewDeviceMetadata, waiting for ConfirmDevice. */
export interface IssuedDevice {
  poolId: string;
  username: string;
  groupKey: string;
}

/** Everything the sandbox knows; replaced whole by a reset. */
export interface SandboxState {
  pools: Map<string, PoolRecord>;
  /** App client id → pool id (client ids are unique across the seed's pools in practice). */
  clientPools: Map<string, string>;
  iam: Map<string, SeedIamKey>;
  sessions: Map<string, SessionRecord>;
  refreshTokens: Map<string, string>;
  /** Refresh tokens rotated out (refresh-token rotation): token → epoch seconds until which it still works. */
  rotatedRefreshTokens: Map<string, number>;
  challenges: Map<string, ChallengeRecord>;
  issuedDevices: Map<string, IssuedDevice>;
}

/** The region of a pool id (`us-east-1_Demo1` → `us-east-1`). */
export function regionOf(poolId: string): string {
  return poolId.slice(0, poolId.indexOf('_'));
}

/** A stable UUID-shaped `sub` derived from pool and username, so state is reproducible. */
export function deriveSub(poolId: string, username: string): string {
  const b = createHash('sha256').update(`${poolId}/${username}`).digest();
  b.writeUInt8((b.readUInt8(6) & 0x0f) | 0x50, 6);
  b.writeUInt8((b.readUInt8(8) & 0x3f) | 0x80, 8);
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The account of pools and IAM keys whose seed names none. */
export const DEFAULT_ACCOUNT = '000000000000';

/** Seed users without a creation date get this one (2024-01-01T00:00:00Z). */
const DEFAULT_CREATED_AT = 1704067200;

/** Builds fresh state from a validated seed (nothing is shared with the seed object). */
export function createState(seed: SeedFile): SandboxState {
  const pools = new Map<string, PoolRecord>();
  const clientPools = new Map<string, string>();
  for (const p of seed.pools) {
    const users = new Map<string, UserRecord>();
    const userList: UserRecord[] = [];
    for (const u of p.users) {
      const devices = new Map<string, DeviceRecord>();
      for (const d of u.devices ?? []) {
        devices.set(d.key, {
          key: d.key,
          name: d.name,
          remembered: d.remembered,
          lastIp: d.lastIp,
          createdAt: d.createdAt,
          lastModifiedAt: d.lastModifiedAt ?? d.createdAt,
          lastAuthenticatedAt: d.lastAuthenticatedAt ?? null,
        });
      }
      const createdAt = u.createdAt ?? DEFAULT_CREATED_AT;
      const record: UserRecord = {
        username: u.username,
        sub: deriveSub(p.id, u.username),
        password: u.password,
        status: u.status,
        attributes: { ...(u.attributes ?? {}) },
        groups: [...(u.groups ?? [])],
        devices,
        challenge: u.challenge,
        enabled: u.enabled ?? true,
        createdAt,
        lastModifiedAt: createdAt,
        signedOutAt: null,
        srpSalt: createHash('sha256').update(`salt/${p.id}/${u.username}`).digest('hex').slice(0, 32),
      };
      users.set(u.username, record);
      userList.push(record);
    }
    pools.set(p.id, {
      id: p.id,
      name: p.name ?? p.id.slice(p.id.indexOf('_') + 1),
      region: regionOf(p.id),
      deviceConfiguration: p.deviceConfiguration ? { ...p.deviceConfiguration } : undefined,
      clients: new Map(p.clients.map((c) => [c.id, { ...c }])),
      account: p.account ?? DEFAULT_ACCOUNT,
      leanUserDeviceAttributes: p.leanUserDeviceAttributes === true,
      invalidConfiguration: p.invalidConfiguration,
      webAcl: (p.webAcl ?? []).map((r) => ({ ...r })),
      users,
      userList,
      createdAt: DEFAULT_CREATED_AT,
    });
    for (const c of p.clients) clientPools.set(c.id, p.id);
  }
  return {
    pools,
    clientPools,
    iam: new Map(seed.iam.map((k) => [k.accessKeyId, { ...k }])),
    sessions: new Map(),
    refreshTokens: new Map(),
    rotatedRefreshTokens: new Map(),
    challenges: new Map(),
    issuedDevices: new Map(),
  };
}

/** The `/_sandbox/state` view: no passwords, no tokens. */
export function describeState(state: SandboxState) {
  return {
    pools: [...state.pools.values()].map((p) => ({
      id: p.id,
      users: p.userList.map((u) => ({
        username: u.username,
        sub: u.sub,
        status: u.status,
        devices: [...u.devices.values()].map((d) => ({
          key: d.key,
          name: d.name || null,
          remembered: d.remembered,
          confirmedWithVerifier: d.secretVerifier !== undefined,
          lastIp: d.lastIp ?? null,
          createdAt: d.createdAt,
          lastModifiedAt: d.lastModifiedAt,
          lastAuthenticatedAt: d.lastAuthenticatedAt,
        })),
      })),
    })),
  };
}
