/**
 * The Settings type, its defaults and its stored versions: pure, so Node
 * scripts and tests can use them too. The storage item itself is in storage.ts.
 */
import { COGNITO_RATES, type QuotaCategory, type QuotaName, type QuotaRates, quotaInfo } from './quotas';

/** Theme choice of Settings. */
export type ThemeSetting = 'system' | 'light' | 'dark';

/** User settings (version 2). Others read them through {@link settingsItem}. */
export interface Settings {
  /** A loopback URL (sandbox) used instead of the issuer's endpoint; '' = none. Validated with utils/cognito resolveEndpoint. */
  readonly endpointOverride: string;
  /**
   * Requests per second the dashboard allows itself, per Cognito quota (a category per account and
   * Region, or a per-user limit). At most Cognito's rate, or the provisioned limit below.
   */
  readonly quotas: QuotaRates;
  /**
   * Adjustable categories only: the limit AWS provisioned for the user's account (Service Quotas), as
   * the user told us. Absent: Cognito's default, and `quotas` may not go above it.
   */
  readonly provisioned: Readonly<Partial<Record<QuotaCategory, number>>>;
  readonly history: { readonly maxEntries: number; readonly maxAgeDays: number };
  /** How many finished pool audits (and for how many days) Admin keeps to compare. Absent: the defaults. */
  readonly audits?: AuditRetention;
  /** Keep sessions (tokens) across browser restarts in storage.local. Off by default. */
  readonly keepSessions: boolean;
  readonly theme: ThemeSetting;
  /** Watch: minutes between two checks of a watched session's devices (WATCH_PERIOD bounds). */
  readonly watch: { readonly periodMinutes: number };
}

/** The audit retention of Settings. */
export interface AuditRetention {
  readonly keep: number;
  readonly maxAgeDays: number;
}

export const DEFAULT_AUDIT_RETENTION: AuditRetention = { keep: 10, maxAgeDays: 365 };

/** The version of the stored settings item. */
export const SETTINGS_VERSION = 2;

export const DEFAULT_SETTINGS: Settings = {
  endpointOverride: '',
  quotas: COGNITO_RATES,
  provisioned: {},
  history: { maxEntries: 10_000, maxAgeDays: 180 },
  audits: DEFAULT_AUDIT_RETENTION,
  keepSessions: false,
  theme: 'system',
  watch: { periodMinutes: 15 },
};

/**
 * Watch's period bounds, minutes. Chrome runs an alarm at most every 30 s (chrome.alarms docs); a
 * minute at the least keeps a watched account's ListDevices far below its per-user quota. A day at most.
 */
export const WATCH_PERIOD = { min: 1, max: 1440 } as const;

/** Version 1's settings: one read rate and one write rate "per pool". */
export interface SettingsV1 extends Omit<Settings, 'quotas' | 'provisioned'> {
  readonly quotas: { readonly read?: number; readonly write?: number };
}

/** The categories version 1's `read` and `write` rates stood for. */
const V1_READS: readonly QuotaName[] = ['UserResourceRead', 'UserList', 'UserPoolRead', 'UserRead'];
const V1_WRITES: readonly QuotaName[] = ['UserResourceUpdate', 'UserUpdate'];

/**
 * Version 1 → 2: a lowered read rate lowers every read category to it (never raising one above
 * Cognito's rate), a lowered write rate every write category; the rest keep Cognito's rates.
 */
export function migrateSettingsV1(v1: SettingsV1): Settings {
  const stored = (v1.quotas ?? {}) as Record<string, unknown>;
  // A value already in version 2's shape (written without its version mark) is kept as it is.
  if (!('read' in stored) && !('write' in stored)) return v1 as unknown as Settings;
  const quotas: Record<QuotaName, number> = { ...COGNITO_RATES };
  const lower = (names: readonly QuotaName[], rate: number | undefined) => {
    if (typeof rate !== 'number' || !(rate > 0)) return;
    for (const n of names) quotas[n] = Math.min(quotas[n], rate);
  };
  lower(V1_READS, v1.quotas?.read);
  lower(V1_WRITES, v1.quotas?.write);
  return { ...v1, quotas, provisioned: {} };
}

/** The most a quota may be set to: Cognito's rate, or a provisioned limit of an adjustable category. */
export function quotaCeiling(name: QuotaName, provisioned: Settings['provisioned']): number {
  const info = quotaInfo(name);
  const raised = info.adjustable ? provisioned[name as QuotaCategory] : undefined;
  return raised !== undefined && raised > info.rate ? raised : info.rate;
}

/** The rates the pacer uses: the stored ones, each re-checked against its ceiling (a bad stored value never raises one). */
export function effectiveRates(settings: Pick<Settings, 'quotas' | 'provisioned'>): QuotaRates {
  const out = { ...COGNITO_RATES };
  for (const name of Object.keys(out) as QuotaName[]) {
    const wanted = settings.quotas?.[name];
    const ceiling = quotaCeiling(name, settings.provisioned ?? {});
    out[name] = typeof wanted === 'number' && wanted > 0 ? Math.min(wanted, ceiling) : Math.min(out[name], ceiling);
  }
  return out;
}
