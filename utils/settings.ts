/**
 * The Settings type and its defaults: pure, so Node scripts and tests can use
 * them too. The storage item itself is in storage.ts.
 */

/** Theme choice of Settings. */
export type ThemeSetting = 'system' | 'light' | 'dark';

/** User settings (version 1). Others read them through {@link settingsItem}. */
export interface Settings {
  /** A loopback URL (sandbox) used instead of the issuer's endpoint; '' = none. Validated with utils/cognito resolveEndpoint. */
  readonly endpointOverride: string;
  /** Requests per second per pool the dashboard allows itself. */
  readonly quotas: { readonly read: number; readonly write: number };
  readonly history: { readonly maxEntries: number; readonly maxAgeDays: number };
  /** Keep sessions (tokens) across browser restarts in storage.local. Off by default. */
  readonly keepSessions: boolean;
  readonly theme: ThemeSetting;
}

export const DEFAULT_SETTINGS: Settings = {
  endpointOverride: '',
  quotas: { read: 50, write: 25 },
  history: { maxEntries: 10_000, maxAgeDays: 180 },
  keepSessions: false,
  theme: 'system',
};
