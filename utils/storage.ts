/**
 * THE one module that defines every storage item of the extension, and the
 * shapes stored in them. It imports no area (session/, devices/, admin/): the
 * areas import their stored types from here.
 * Sessions hold tokens: they live in `session:` (memory, gone when the browser
 * closes). The `local:` copy is written only when the user opted in
 * (Settings → keep sessions), and only sealed. Settings are in `local:settings`.
 */
import { storage } from 'wxt/utils/storage';
import type { ErrorCode } from './errors';
import type { AuditRun } from './history/audit-types';
import type { KnownDeviceSource } from './history/types';
import { DEFAULT_SETTINGS, migrateSettingsV1, SETTINGS_VERSION, type Settings, type SettingsV1 } from './settings';
import { DIRECT_KEYS } from './storage-direct';
import type { ClaimsSnapshot } from './token/claims';

export { DEFAULT_SETTINGS, type Settings, type ThemeSetting } from './settings';

// ── stored shapes ───────────────────────────────────────────────────────────

/** Secret material of a session. Never logged, exported or written to IndexedDB. */
export interface SessionTokens {
  readonly accessToken: string;
  readonly idToken?: string;
  readonly refreshToken?: string;
  /** App client secret, when the session was signed in with one (needed for SECRET_HASH on refresh). */
  readonly clientSecret?: string;
}

/** Signature verification state of the current access token. */
export interface VerificationState {
  readonly state: 'unverified' | 'verifying' | 'verified' | 'failed' | 'unverifiable';
  readonly code?: ErrorCode;
  readonly reason?: string;
  /** Epoch ms. */
  readonly at?: number;
}

/** Lifecycle state of a session. */
export interface SessionStatus {
  readonly state: 'active' | 'expired' | 'signedOut';
  readonly reason?: ErrorCode;
}

export type SessionSource = 'page' | 'paste' | 'signIn';

/** One Cognito session held by the extension. */
export interface Session {
  readonly id: string;
  readonly source: SessionSource;
  /** Page origin for imports from a tab. */
  readonly origin?: string;
  readonly clientId: string;
  readonly username: string;
  readonly poolId?: string;
  readonly region?: string;
  readonly issuer: string;
  /** Cognito API endpoint used for this session's calls (origin of `iss`, or Settings' override). */
  readonly endpoint: string;
  readonly tokens: SessionTokens;
  readonly deviceKey?: string;
  readonly deviceGroupKey?: string;
  /** Local clock minus server clock, seconds (amazon-cognito-identity-js `clockDrift`). */
  readonly clockDriftSec: number;
  readonly claims: ClaimsSnapshot;
  readonly verification: VerificationState;
  readonly status: SessionStatus;
  /** Epoch ms. */
  readonly importedAt: number;
  readonly refreshedAt?: number;
  /** The app client rotates refresh tokens: learned how, when (epoch ms); utils/session/rotation.ts. */
  readonly rotation?: { readonly learnedFrom: 'refusal' | 'rotatedAnswer' | 'describeClient'; readonly at: number };
  /** The extension rotated this refresh token itself: the app's copy is spent, this one is the extension's. */
  readonly ownsRefreshToken?: boolean;
}

/** A session without its secrets, plus which secrets exist. */
export type PublicSession = Omit<Session, 'tokens'> & {
  readonly has: { readonly idToken: boolean; readonly refreshToken: boolean; readonly clientSecret: boolean };
};

/** The sealed copy of the kept sessions that storage.local holds (utils/session/kept-crypto.ts). */
export interface SealedSessions {
  readonly v: 1;
  /** base64 of the 12-byte IV. */
  readonly iv: string;
  /** base64 of the AES-GCM ciphertext (with its tag). */
  readonly data: string;
}

/** A device as it travels between the background worker and the pages. */
export interface DeviceDto {
  key: string;
  name?: string;
  lastIp?: string;
  /** `dev:device_remembered_status`; undefined when Cognito did not say. */
  remembered?: boolean;
  createdAt?: number;
  lastModifiedAt?: number;
  lastAuthenticatedAt?: number;
}

/** One device row as the popup last showed it: device facts only (no session, no token). */
export interface KeptDeviceRow extends DeviceDto {
  source: 'listed' | 'history';
  isCurrent: boolean;
  /** A history row's facts are as of this listing time (epoch ms). */
  factsAsOf?: number;
  /** A history row: how the extension last learned of it. */
  learnedFrom?: KnownDeviceSource;
}

/** The last device list the popup showed, for one session, drawn at once the next time it opens. */
export interface KeptDeviceList {
  /** The session it was listed for: another active session shows nothing kept. */
  sessionId: string;
  /** When Cognito listed it (epoch ms): the popup says "as of" this time. */
  listedAt: number;
  listed: KeptDeviceRow[];
  knownOnly: KeptDeviceRow[];
}

import type { BulkJobSnapshot, BulkProgress } from './storage-bulk';
import { NO_WATCH, type WatchState } from './storage-watch';

export type { BulkJobItem, BulkJobSnapshot, BulkProgress, DeviceAction } from './storage-bulk';
export type { WatchSession, WatchState, WatchStop } from './storage-watch';

// ── admin mode's progress (published by the worker, watched by the Admin page) ─

/** Device categories of the report and the remediation rules. */
export const AUDIT_CATEGORIES = ['all', 'stale', 'neverAuthenticated', 'notRemembered', 'remembered', 'ip'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

/** Which devices a table, an export or a remediation is about. */
export interface AuditFilter {
  readonly category: AuditCategory;
  /** `stale`: not authenticated for more than this many days (created, when never authenticated). */
  readonly staleDays?: number;
  /** `ip`: the last IP used. */
  readonly ip?: string;
  /** Case-insensitive substring of the username or device name. */
  readonly text?: string;
  /**
   * Only devices not in this earlier finished audit of the same pool (an audit comparison's "added"),
   * so a suggested remediation goes through the same dry run first.
   */
  readonly addedSince?: string;
}

/** What a remediation does to each selected device. */
export type RemediationAction = 'forget' | 'notRemember';

/** One device of a remediation and how it went. */
export interface RemediationItem {
  readonly username: string;
  readonly sub?: string;
  readonly deviceKey: string;
  readonly deviceName?: string;
  /** The device's status when selected (its entry's "before"). */
  readonly remembered?: boolean;
  /** `wouldRun`: a dry run's answer; inFlight / reconciled: as a bulk run's (utils/admin/remediation-job.ts). */
  outcome: 'pending' | 'inFlight' | 'ok' | 'failed' | 'cancelled' | 'reconciled' | 'wouldRun';
  errorCode?: ErrorCode;
  alreadyForgotten?: boolean;
  /** The device's history entry, begun before its call; a resumed run completes it. */
  entryId?: number;
}

/** A remediation as the pages see it (identifiers and counts only). */
export interface RemediationJob {
  readonly id: string;
  readonly runId: string;
  readonly poolId: string;
  readonly action: RemediationAction;
  readonly dryRun: boolean;
  readonly filter: AuditFilter;
  /** `interrupted`: a new worker found no admin credentials, so every open device was settled with the reason. */
  state: 'running' | 'done' | 'cancelled' | 'interrupted';
  progress: BulkProgress;
  items: RemediationItem[];
  readonly startedAt: number;
  finishedAt?: number;
  /** The `bulk.run` history entry (real runs). */
  historyId?: number;
  /** When a new worker took the run over from one that stopped. */
  resumedAt?: number;
}

/** An audit run as the page sees it: the checkpoint without its pending list, and the speed. */
export interface AuditStatus {
  readonly run: Omit<AuditRun, 'pendingUsers' | 'nextPageToken'> & { readonly pendingCount: number };
  /** Users expected in all: exact once the listing is done, else an estimate. */
  readonly totalUsers: number;
  readonly totalExact: boolean;
  readonly usersPerSec: number;
  readonly readsPerSec: number;
  /** The read quota the pacer keeps to. */
  readonly readQuota: number;
  readonly etaMs?: number;
  /** Retries the client made after TooManyRequests since the worker started (absorbed, not errors). */
  readonly throttledRetries: number;
}

/** IAM credentials for the SigV4-signed Admin operations. Secret: never log or return them. */
export interface AdminCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What admin mode keeps in storage.session. */
export interface AdminConnection {
  readonly poolId: string;
  readonly credentials: AdminCredentials;
}

// ── items ───────────────────────────────────────────────────────────────────

/** The settings item; `fallback` is the defaults. Version 2: a rate per Cognito quota (was: one read, one write rate). */
export const settingsItem = storage.defineItem<Settings>(DIRECT_KEYS.settings, {
  fallback: DEFAULT_SETTINGS,
  version: SETTINGS_VERSION,
  migrations: { 2: (v1: SettingsV1) => migrateSettingsV1(v1) },
});

/** Sessions in memory (storage.session): the default place of tokens. */
export const sessionsItem = storage.defineItem<Session[]>('session:sessions', { fallback: [], version: 1 });

/** Id of the active session, in memory. */
export const activeSessionIdItem = storage.defineItem<string | null>(DIRECT_KEYS.activeSessionId, { fallback: null });

/**
 * Opt-in copy of the sessions and the active id in storage.local, sealed
 * (AES-GCM, utils/session/kept-crypto.ts); null unless Settings.keepSessions.
 */
export const keptSealedSessionsItem = storage.defineItem<SealedSessions | null>('local:keptSealedSessions', {
  fallback: null,
});

/** Before #13 the opt-in copy was clear text: read once to move it into the sealed copy, then removed. */
export const legacyKeptSessionsItem = storage.defineItem<Session[]>('local:keptSessions', { fallback: [], version: 1 });

/** Before #13: the clear-text copy of the active session id (removed at start). */
export const legacyKeptActiveSessionIdItem = storage.defineItem<string | null>('local:keptActiveSessionId', {
  fallback: null,
});

/** Read settings, filling any field missing from an older stored value with its default. */
export async function readSettings(): Promise<Settings> {
  let stored: Partial<Settings> = await settingsItem.getValue();
  // A version-1 value the migration has not reached yet (written before the item was defined).
  if (stored.quotas && ('read' in stored.quotas || 'write' in stored.quotas)) {
    stored = migrateSettingsV1({ ...DEFAULT_SETTINGS, ...stored } as unknown as SettingsV1);
  }
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    quotas: { ...DEFAULT_SETTINGS.quotas, ...stored.quotas },
    provisioned: { ...stored.provisioned },
    history: { ...DEFAULT_SETTINGS.history, ...stored.history },
    watch: { ...DEFAULT_SETTINGS.watch, ...stored.watch },
  };
}

/** The running or last bulk device action: its durable plan (no secrets), kept in storage.local so a new
 * worker, even after a browser restart, resumes it (utils/devices/durable-job.ts explains the choice). */
export const bulkJobItem = storage.defineItem<BulkJobSnapshot | null>('local:bulkJob', { fallback: null });

/** The popup's last shown device list (device facts only, never a token), in memory. */
export const keptDeviceListItem = storage.defineItem<KeptDeviceList | null>(DIRECT_KEYS.keptDeviceList, {
  fallback: null,
});

/** Admin mode's pool and IAM credentials: storage.session only (memory), never persisted or exported. */
export const adminConnectionItem = storage.defineItem<AdminConnection | null>('session:adminConnection', {
  fallback: null,
});

/** The latest audit run's progress as the worker publishes it (no secret, no pending list), in memory. */
export const auditProgressItem = storage.defineItem<AuditStatus | null>('session:auditProgress', { fallback: null });

/** The running or last remediation: its durable plan (identifiers and counts only), in storage.local so a new
 * worker resumes it, or settles it when the credentials are gone (utils/admin/remediation-job.ts explains). */
export const remediationJobItem = storage.defineItem<RemediationJob | null>('local:remediationJob', {
  fallback: null,
});

/**
 * Watch (utils/watch/): which sessions are watched, why one stopped, the unseen count. storage.local, so
 * a watch outlives a worker stop and a browser restart (a session that did not is then stopped, with why).
 */
export const watchItem = storage.defineItem<WatchState>(DIRECT_KEYS.watch, { fallback: NO_WATCH });
