/**
 * The shape of the history log: what one action leaves behind. Pure types and
 * constants, importable anywhere without pulling in idb or IndexedDB.
 *
 * No type here has a free-form bag: every field is named, so there is no place
 * a token, refresh token, password or IAM secret could be put by accident.
 * `store.begin`/`complete` also refuse secret-looking strings at runtime.
 */
import type { ErrorCode } from '../errors';
import { storableIdentity } from './secrets';

/** Who acted: the extension user with a token, or an admin with IAM credentials. */
export type HistoryMode = 'user' | 'admin';

/** Every action the log records. `admin.*` actions always have mode `admin`. */
export const HISTORY_ACTIONS = [
  'device.list',
  'device.remember',
  'device.notRemember',
  'device.forget',
  'admin.device.list',
  'admin.device.remember',
  'admin.device.notRemember',
  'admin.device.forget',
  'bulk.run',
  'audit.run',
  'session.import',
  'session.signIn',
  'session.signOut',
  'session.globalSignOut',
  'session.refresh',
  'token.verifyFailed',
  'watch.newDevice',
  'watch.newIp',
  'watch.signedIn',
  'watch.gone',
] as const;

/** One recorded action. */
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** Where an entry stands: written `pending` before the call, settled after it. */
export type HistoryOutcome = 'pending' | 'ok' | 'failed' | 'interrupted';

/** The final outcomes a caller may report through `complete`. */
export type SettledOutcome = 'ok' | 'failed';

/** A device's remembered state as history knows it (`forgotten`: ForgetDevice succeeded). */
export type DeviceStatus = 'remembered' | 'not_remembered' | 'forgotten';

/**
 * What a check of a device found after the worker stopped mid-call: a status,
 * or `unlisted` when a user token's GetDevice answered ResourceNotFound, which
 * with a user token means not remembered or forgotten (DESIGN.md, "Cognito wire
 * protocol": GetDevice on a not-remembered device fails with ResourceNotFound).
 */
export type FoundStatus = DeviceStatus | 'unlisted';

/** An entry whose call was cut short by a worker stop, settled from what Cognito showed afterwards. */
export interface Reconciliation {
  readonly found: FoundStatus;
  /** When the check was made (epoch ms). */
  readonly at: number;
}

/** The account an action concerns. Identifiers only — never a token. */
export interface HistoryActor {
  /** User pool id, e.g. `us-east-1_Demo1`. */
  readonly pool: string;
  /** App client id (user mode). */
  readonly clientId?: string;
  /** Cognito username (the user acted as, or the user an admin acts on). */
  readonly username?: string;
  /** The user's `sub`. */
  readonly sub?: string;
}

/** The device an action concerns, with its name as it was at that time. */
export interface HistoryTarget {
  readonly deviceKey?: string;
  readonly deviceName?: string;
}

/** Counts of a bulk run or audit, set when the parent entry completes. */
export interface HistoryCounts {
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
}

/** The error of a failed action: a stable code and its (non-secret) message. */
export interface HistoryError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** What Watch found about a device (a `watch.*` entry): the IP it signed in from, and when (epoch ms). */
export interface WatchFact {
  readonly ip?: string;
  /** When it happened as Cognito says (a sign-in), else when it was found. */
  readonly at: number;
}

/** What a caller knows before the call: written as the `pending` entry. */
export interface HistoryDraft {
  readonly action: HistoryAction;
  readonly mode: HistoryMode;
  readonly actor: HistoryActor;
  readonly target?: HistoryTarget;
  /** The device's status before the call, when known. */
  readonly statusBefore?: DeviceStatus;
  /** The parent `bulk.run` / `audit.run` entry of one step of a bulk run. */
  readonly parentId?: EntryId;
  /** A `watch.*` finding's facts. */
  readonly watch?: WatchFact;
}

/** What a caller learns after the call. */
export interface HistoryCompletion {
  readonly outcome: SettledOutcome;
  /** Required when `outcome` is `failed`. */
  readonly error?: HistoryError;
  /** `x-amzn-requestid` of the (last) Cognito call. */
  readonly requestId?: string;
  /** Number of HTTP attempts, retries included. */
  readonly attempts?: number;
  /** The device's status after the call; derived from the action when omitted and `ok`. */
  readonly statusAfter?: DeviceStatus;
  readonly counts?: HistoryCounts;
  /** Settled from a check of the device after the worker stopped during the call. */
  readonly reconciled?: Reconciliation;
}

/** The primary key of an entry (IndexedDB auto-increment). */
export type EntryId = number;

/** One entry of the log, as stored and returned by queries. */
export interface HistoryEntry extends HistoryDraft {
  readonly id: EntryId;
  /** When the action started (epoch ms). Entries are ordered by `time`, then `id`. */
  readonly time: number;
  readonly outcome: HistoryOutcome;
  /** When the entry was settled (epoch ms). */
  readonly finishedAt?: number;
  /** `finishedAt - time`, ms (absent while pending and for interrupted entries). */
  readonly durationMs?: number;
  readonly error?: HistoryError;
  readonly requestId?: string;
  readonly attempts?: number;
  readonly statusAfter?: DeviceStatus;
  readonly counts?: HistoryCounts;
  readonly reconciled?: Reconciliation;
  /** `${pool}|${username}`: the key of the actor index (schema v2). */
  readonly actorKey: string;
}

/** Filters of a query; each may be combined with the others. */
export interface HistoryFilters {
  readonly deviceKey?: string;
  readonly action?: HistoryAction;
  readonly outcome?: HistoryOutcome;
  /** The account: pool and (optionally) username. */
  readonly actor?: { readonly pool: string; readonly username?: string };
  readonly mode?: HistoryMode;
  /** Only the steps of one bulk run. */
  readonly parentId?: EntryId;
  /** Entries at or after this time (epoch ms). */
  readonly since?: number;
  /** Entries at or before this time (epoch ms). */
  readonly until?: number;
  /** Case-insensitive substring of the device name (at the time of the action). */
  readonly text?: string;
}

/** One page request, newest first. */
export interface HistoryQuery extends HistoryFilters {
  /** Page size, 1..500. */
  readonly limit: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
  /** Upper bound on records read for one page when filters cannot use an index (free text, mode…); default 5000. */
  readonly scanLimit?: number;
}

/** One page of entries, newest first. */
export interface HistoryPage {
  readonly entries: HistoryEntry[];
  /** Pass back as `cursor` for the next page; absent at the end. */
  readonly nextCursor?: string;
  /** Records read to build the page (index walk, not the whole store). */
  readonly scanned: number;
  /** True when the page stopped at `scanLimit` before `limit` matches: more may follow `nextCursor`. */
  readonly scanCapped: boolean;
}

/** The dashboard's memory of a device, kept even after it leaves ListDevices. */
/** An IP a listing showed as a device's last IP, and when one first did (epoch ms). */
export interface IpSeen {
  readonly ip: string;
  readonly at: number;
}

/** How the device memory last learned of a device: a listing or an action, with a user's token or as an admin. */
export type KnownDeviceSource = 'userListing' | 'adminListing' | 'userAction' | 'adminAction';

export interface KnownDevice {
  readonly pool: string;
  readonly username: string;
  readonly deviceKey: string;
  /** The last name seen for it. */
  readonly deviceName?: string;
  /** The last status history knows. */
  readonly lastStatus?: DeviceStatus;
  /** When it was last seen in an action or a listing (epoch ms). */
  readonly lastSeen: number;
  /** How the extension last learned of it (absent in rows written before it was kept). */
  readonly learnedFrom?: KnownDeviceSource;
  /**
   * Every last IP a listing showed for it, with when a listing first showed it (epoch ms): distinct,
   * oldest first, capped. What makes an IP "new for this account" (utils/devices/ip-context.ts).
   */
  readonly ipsSeen?: readonly IpSeen[];
  /**
   * What the last listing that showed it said (Cognito's own facts, epoch ms), kept when the device
   * leaves the list (e.g. marked not remembered) so the pages can still show them "as of" `factsAt`.
   * Identifiers and facts only: nothing of a session or a token.
   */
  readonly lastIp?: string;
  readonly createdAt?: number;
  readonly lastAuthenticatedAt?: number;
  /** Cognito's DeviceLastModifiedDate as that listing said (an action since then changed it again). */
  readonly lastModifiedAt?: number;
  /** When that listing was (epoch ms): the facts above are "as of" this time. */
  readonly factsAt?: number;
}

/** The fields of a {@link KnownDevice} that a listing states and later actions keep. */
export const LISTED_FACTS = ['lastIp', 'createdAt', 'lastAuthenticatedAt', 'lastModifiedAt', 'factsAt'] as const;

/** The listed facts of a {@link KnownDevice}. */
export type ListedFacts = { -readonly [K in (typeof LISTED_FACTS)[number]]?: KnownDevice[K] };

/** The listed facts of `device`, only those it has (nothing of anything else it carries). */
export function listedFactsOf(device: ListedFacts | undefined): ListedFacts {
  const facts: ListedFacts = {};
  if (!device) return facts;
  for (const field of LISTED_FACTS) if (device[field] !== undefined) Object.assign(facts, { [field]: device[field] });
  return facts;
}

/** Retention limits (from Settings). */
export interface RetentionPolicy {
  readonly maxEntries: number;
  readonly maxAgeDays: number;
}

/** Defaults when Settings say nothing: 10,000 entries, 180 days. */
export const DEFAULT_RETENTION: RetentionPolicy = { maxEntries: 10_000, maxAgeDays: 180 };

/** What a retention pass removed. */
export interface RetentionResult {
  readonly deletedByAge: number;
  readonly deletedByCount: number;
  readonly devicesForgotten: number;
}

/** The status a successful action leaves a device in, when the action implies one. */
export function impliedStatusAfter(action: HistoryAction): DeviceStatus | undefined {
  switch (action) {
    case 'device.remember':
    case 'admin.device.remember':
      return 'remembered';
    case 'device.notRemember':
    case 'admin.device.notRemember':
      return 'not_remembered';
    case 'device.forget':
    case 'admin.device.forget':
      return 'forgotten';
    default:
      return undefined;
  }
}

/** The actor index key: `${pool}|${username}` (username may be empty; masked as the log keeps it). */
export function actorKeyOf(actor: { readonly pool: string; readonly username?: string }): string {
  return `${storableIdentity(actor.pool)}|${storableIdentity(actor.username ?? '')}`;
}
