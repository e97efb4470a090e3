/**
 * The seed file of the sandbox: its types, and the validation that runs at
 * start and names the first bad field (`pools[0].users[2].devices[1].key: …`).
 * Ids, usernames, device keys and names are checked against the model's
 * shapes, so a seed can never hold something real Cognito would refuse.
 */
import { readFileSync } from 'node:fs';
import type { ModelValidator } from './model-validate';

/** One IAM key pair the SigV4-signed operations accept. */
export interface SeedIamKey {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** The AWS account the key belongs to (default 000000000000): quotas are pooled per account and Region. */
  account?: string;
}

/** A device remembered (or not) for a user. Dates are epoch seconds. */
export interface SeedDevice {
  key: string;
  name: string;
  remembered: boolean;
  lastIp?: string;
  createdAt: number;
  lastModifiedAt?: number;
  /** Absent or null: the device never authenticated. */
  lastAuthenticatedAt?: number | null;
}

export type SeedUserStatus = 'CONFIRMED' | 'UNCONFIRMED' | 'RESET_REQUIRED';
export type SeedChallenge = 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'NEW_PASSWORD_REQUIRED';

export interface SeedUser {
  username: string;
  password: string;
  status: SeedUserStatus;
  attributes?: Record<string, string>;
  groups?: string[];
  devices?: SeedDevice[];
  /** When set, InitiateAuth answers this challenge instead of tokens. */
  challenge?: SeedChallenge;
  enabled?: boolean;
  createdAt?: number;
}

export interface SeedClient {
  id: string;
  name: string;
  allowedScopes: string[];
  /** When set, SECRET_HASH (or ClientSecret) is required. */
  secret?: string;
  /** Allowed flows, e.g. ALLOW_USER_PASSWORD_AUTH; absent = password and refresh allowed. */
  authFlows?: string[];
  /** RefreshTokenRotationType of the model: with Feature ENABLED, GetTokensFromRefreshToken rotates the refresh token. */
  refreshTokenRotation?: { Feature: 'ENABLED' | 'DISABLED'; RetryGracePeriodSeconds?: number };
  /** Minutes a sign-in challenge Session stays valid (AuthSessionValidity, 3–15; default 3). */
  authSessionValidity?: number;
}

/** One rule of a pool's web ACL (WAF): a request matching every given condition is blocked with ForbiddenException. */
export interface SeedWebAclRule {
  /** Source addresses to block (exact, e.g. "127.0.0.1"). */
  sourceIps?: string[];
  /** Operations to block, e.g. ["InitiateAuth"]. */
  operations?: string[];
}

export interface SeedPool {
  id: string;
  name?: string;
  deviceConfiguration?: { ChallengeRequiredOnNewDevice?: boolean; DeviceOnlyRememberedOnUserPrompt?: boolean };
  clients: SeedClient[];
  users: SeedUser[];
  /** The AWS account that owns the pool (default 000000000000). */
  account?: string;
  /** Answer user-token ListDevices / GetDevice with device_status, device_name and last_ip_used only. */
  leanUserDeviceAttributes?: boolean;
  /** Seed switch: the pool's configuration is invalid; the operations that declare it answer InvalidUserPoolConfigurationException with this text. */
  invalidConfiguration?: string;
  /** A web ACL associated with the pool: matching requests get ForbiddenException. */
  webAcl?: SeedWebAclRule[];
}

/** The whole seed file. */
export interface SeedFile {
  iam: SeedIamKey[];
  pools: SeedPool[];
}

/** A seed that fails validation; the message names the field. */
export class SeedError extends Error {
  constructor(message: string) {
    super(`Invalid seed: ${message}`);
    this.name = 'SeedError';
  }
}

const STATUSES: readonly string[] = ['CONFIRMED', 'UNCONFIRMED', 'RESET_REQUIRED'];
const CHALLENGES: readonly string[] = ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'NEW_PASSWORD_REQUIRED'];
const AUTH_FLOWS: readonly string[] = [
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_USER_AUTH',
];

/** Reads a seed from a path (relative to the working directory) or takes the object as is. */
export function readSeed(seed: SeedFile | string): unknown {
  if (typeof seed !== 'string') return seed;
  let text: string;
  try {
    text = readFileSync(seed, 'utf8');
  } catch (e) {
    throw new SeedError(`cannot read ${seed} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SeedError(`${seed} is not JSON (${(e as Error).message})`);
  }
}

/** Validates an untrusted seed; throws SeedError naming the first bad field. */
export function validateSeed(input: unknown, model: ModelValidator): SeedFile {
  const fail = (path: string, problem: string): never => {
    throw new SeedError(`${path}: ${problem}`);
  };
  const obj = (v: unknown, path: string): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : fail(path, 'must be an object');
  const arr = (v: unknown, path: string): unknown[] => (Array.isArray(v) ? v : fail(path, 'must be an array'));
  const str = (v: unknown, path: string): string =>
    typeof v === 'string' && v.length > 0 ? v : fail(path, 'must be a non-empty string');
  const optStr = (v: unknown, path: string) => (v === undefined ? undefined : str(v, path));
  const num = (v: unknown, path: string): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fail(path, 'must be epoch seconds (a number >= 0)');
  const optBool = (v: unknown, path: string) =>
    v === undefined || typeof v === 'boolean' ? v : fail(path, 'must be true or false');
  const accountId = (v: unknown, path: string): string =>
    typeof v === 'string' && /^\d{12}$/.test(v) ? v : fail(path, 'must be a 12-digit AWS account id');
  const shaped = (shape: string, v: unknown, path: string): string => {
    const s = str(v, path);
    const problems = model.checkValue(shape, s, path);
    return problems.length ? fail(path, `${problems[0]} (model shape ${shape})`) : s;
  };

  const rotation = (v: unknown, path: string): SeedClient['refreshTokenRotation'] => {
    const r = obj(v, path);
    const problems = model.checkValue('RefreshTokenRotationType', r, path);
    if (problems.length) fail(path, `${problems[0]} (model shape RefreshTokenRotationType)`);
    return {
      Feature: r.Feature as 'ENABLED' | 'DISABLED',
      RetryGracePeriodSeconds: r.RetryGracePeriodSeconds as number,
    };
  };
  const webAclRule = (v: unknown, path: string): SeedWebAclRule => {
    const r = obj(v, path);
    const list = (x: unknown, at: string) =>
      x === undefined ? undefined : arr(x, at).map((e, i) => str(e, `${at}[${i}]`));
    const rule = {
      sourceIps: list(r.sourceIps, `${path}.sourceIps`),
      operations: list(r.operations, `${path}.operations`),
    };
    if (!rule.sourceIps && !rule.operations) fail(path, 'needs sourceIps or operations');
    return rule;
  };

  const root = obj(input, '(root)');
  const iam = arr(root.iam, 'iam').map((raw, i) => {
    const p = `iam[${i}]`;
    const k = obj(raw, p);
    return {
      accessKeyId: str(k.accessKeyId, `${p}.accessKeyId`),
      secretAccessKey: str(k.secretAccessKey, `${p}.secretAccessKey`),
      sessionToken: optStr(k.sessionToken, `${p}.sessionToken`),
      account: k.account === undefined ? undefined : accountId(k.account, `${p}.account`),
    };
  });
  const poolIds = new Set<string>();
  const pools = arr(root.pools, 'pools').map((raw, pi): SeedPool => {
    const p = `pools[${pi}]`;
    const pool = obj(raw, p);
    const id = shaped('UserPoolIdType', pool.id, `${p}.id`);
    if (poolIds.has(id)) fail(`${p}.id`, `duplicate pool id ${id}`);
    poolIds.add(id);
    const name = pool.name === undefined ? undefined : shaped('UserPoolNameType', pool.name, `${p}.name`);
    let deviceConfiguration: SeedPool['deviceConfiguration'];
    if (pool.deviceConfiguration !== undefined) {
      const dc = obj(pool.deviceConfiguration, `${p}.deviceConfiguration`);
      deviceConfiguration = {
        ChallengeRequiredOnNewDevice: optBool(
          dc.ChallengeRequiredOnNewDevice,
          `${p}.deviceConfiguration.ChallengeRequiredOnNewDevice`,
        ),
        DeviceOnlyRememberedOnUserPrompt: optBool(
          dc.DeviceOnlyRememberedOnUserPrompt,
          `${p}.deviceConfiguration.DeviceOnlyRememberedOnUserPrompt`,
        ),
      };
    }
    const clientIds = new Set<string>();
    const clients = arr(pool.clients, `${p}.clients`).map((rawC, ci): SeedClient => {
      const cp = `${p}.clients[${ci}]`;
      const c = obj(rawC, cp);
      const cid = shaped('ClientIdType', c.id, `${cp}.id`);
      if (clientIds.has(cid)) fail(`${cp}.id`, `duplicate client id ${cid}`);
      clientIds.add(cid);
      const authFlows =
        c.authFlows === undefined
          ? undefined
          : arr(c.authFlows, `${cp}.authFlows`).map((f, fi) =>
              AUTH_FLOWS.includes(f as string)
                ? (f as string)
                : fail(`${cp}.authFlows[${fi}]`, `must be one of ${AUTH_FLOWS.join(', ')}`),
            );
      return {
        id: cid,
        name: str(c.name, `${cp}.name`),
        allowedScopes: arr(c.allowedScopes, `${cp}.allowedScopes`).map((s, si) => str(s, `${cp}.allowedScopes[${si}]`)),
        secret: c.secret === undefined ? undefined : shaped('ClientSecretType', c.secret, `${cp}.secret`),
        authFlows,
        refreshTokenRotation:
          c.refreshTokenRotation === undefined
            ? undefined
            : rotation(c.refreshTokenRotation, `${cp}.refreshTokenRotation`),
        authSessionValidity:
          c.authSessionValidity === undefined
            ? undefined
            : typeof c.authSessionValidity === 'number' &&
                Number.isInteger(c.authSessionValidity) &&
                c.authSessionValidity >= 3 &&
                c.authSessionValidity <= 15
              ? c.authSessionValidity
              : fail(`${cp}.authSessionValidity`, 'must be an integer number of minutes from 3 to 15'),
      };
    });
    const usernames = new Set<string>();
    const deviceKeys = new Set<string>();
    const users = arr(pool.users, `${p}.users`).map((rawU, ui): SeedUser => {
      const up = `${p}.users[${ui}]`;
      const u = obj(rawU, up);
      const username = shaped('UsernameType', u.username, `${up}.username`);
      if (usernames.has(username)) fail(`${up}.username`, `duplicate username ${username}`);
      usernames.add(username);
      const status = STATUSES.includes(u.status as string)
        ? (u.status as SeedUserStatus)
        : fail(`${up}.status`, `must be one of ${STATUSES.join(', ')}`);
      const challenge =
        u.challenge === undefined
          ? undefined
          : CHALLENGES.includes(u.challenge as string)
            ? (u.challenge as SeedChallenge)
            : fail(`${up}.challenge`, `must be one of ${CHALLENGES.join(', ')}`);
      let attributes: Record<string, string> | undefined;
      if (u.attributes !== undefined) {
        attributes = {};
        for (const [k, v] of Object.entries(obj(u.attributes, `${up}.attributes`))) {
          shaped('AttributeNameType', k, `${up}.attributes.${k}`);
          if (k === 'sub') fail(`${up}.attributes.sub`, 'is derived from the pool and username; do not set it');
          if (typeof v !== 'string') fail(`${up}.attributes.${k}`, 'must be a string');
          attributes[k] = v as string;
        }
      }
      const devices = (u.devices === undefined ? [] : arr(u.devices, `${up}.devices`)).map((rawD, di): SeedDevice => {
        const dp = `${up}.devices[${di}]`;
        const d = obj(rawD, dp);
        const key = shaped('DeviceKeyType', d.key, `${dp}.key`);
        if (deviceKeys.has(key)) fail(`${dp}.key`, `duplicate device key ${key}`);
        deviceKeys.add(key);
        if (typeof d.remembered !== 'boolean') fail(`${dp}.remembered`, 'must be true or false');
        const createdAt = num(d.createdAt, `${dp}.createdAt`);
        return {
          key,
          name: shaped('DeviceNameType', d.name, `${dp}.name`),
          remembered: d.remembered as boolean,
          lastIp: optStr(d.lastIp, `${dp}.lastIp`),
          createdAt,
          lastModifiedAt: d.lastModifiedAt === undefined ? undefined : num(d.lastModifiedAt, `${dp}.lastModifiedAt`),
          lastAuthenticatedAt:
            d.lastAuthenticatedAt === undefined || d.lastAuthenticatedAt === null
              ? null
              : num(d.lastAuthenticatedAt, `${dp}.lastAuthenticatedAt`),
        };
      });
      return {
        username,
        password: str(u.password, `${up}.password`),
        status,
        attributes,
        groups:
          u.groups === undefined
            ? undefined
            : arr(u.groups, `${up}.groups`).map((g, gi) => str(g, `${up}.groups[${gi}]`)),
        devices,
        challenge,
        enabled: optBool(u.enabled, `${up}.enabled`),
        createdAt: u.createdAt === undefined ? undefined : num(u.createdAt, `${up}.createdAt`),
      };
    });
    return {
      id,
      name,
      deviceConfiguration,
      clients,
      users,
      account: pool.account === undefined ? undefined : accountId(pool.account, `${p}.account`),
      leanUserDeviceAttributes: optBool(pool.leanUserDeviceAttributes, `${p}.leanUserDeviceAttributes`),
      invalidConfiguration: optStr(pool.invalidConfiguration, `${p}.invalidConfiguration`),
      webAcl:
        pool.webAcl === undefined
          ? undefined
          : arr(pool.webAcl, `${p}.webAcl`).map((r, ri) => webAclRule(r, `${p}.webAcl[${ri}]`)),
    };
  });
  return { iam, pools };
}
