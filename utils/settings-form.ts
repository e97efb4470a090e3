/**
 * The Settings form as pure logic: turn what a person typed into Settings, or
 * say which field is wrong and why. Bounds follow Cognito's quotas (reads 50/s,
 * writes 25/s per account and region: the dashboard may go slower, never faster).
 */
import { isLoopbackUrl, resolveEndpoint } from './cognito';
import { AppError } from './errors';
import type { Settings, ThemeSetting } from './storage';

/** The form's raw values (strings, as inputs give them). */
export interface SettingsFormValues {
  endpointOverride: string;
  read: string;
  write: string;
  maxEntries: string;
  maxAgeDays: string;
  keepSessions: boolean;
  theme: ThemeSetting;
}

export type SettingsFormErrors = Partial<Record<keyof SettingsFormValues, string>>;

export const LIMITS = {
  read: { min: 1, max: 50 },
  write: { min: 1, max: 25 },
  maxEntries: { min: 100, max: 1_000_000 },
  maxAgeDays: { min: 1, max: 3650 },
} as const;

/** The endpoint override's error when the browser did not grant access to that loopback host. */
export const LOOPBACK_ACCESS_REFUSED =
  'The browser did not give the extension access to this address, which the override needs. Save again and allow it, or leave the field empty.';

/** The form values of stored settings. */
export function toFormValues(settings: Settings): SettingsFormValues {
  return {
    endpointOverride: settings.endpointOverride,
    read: String(settings.quotas.read),
    write: String(settings.quotas.write),
    maxEntries: String(settings.history.maxEntries),
    maxAgeDays: String(settings.history.maxAgeDays),
    keepSessions: settings.keepSessions,
    theme: settings.theme,
  };
}

function integer(value: string, name: keyof typeof LIMITS, errors: SettingsFormErrors): number {
  const { min, max } = LIMITS[name];
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < min || n > max) errors[name] = `Enter a whole number from ${min} to ${max}.`;
  return n;
}

/** Parse and check the form; `errors` is empty exactly when `settings` is set. */
export function parseSettingsForm(values: SettingsFormValues): { settings?: Settings; errors: SettingsFormErrors } {
  const errors: SettingsFormErrors = {};
  let endpointOverride = values.endpointOverride.trim();
  if (endpointOverride) {
    try {
      endpointOverride = resolveEndpoint({ custom: endpointOverride });
      if (!isLoopbackUrl(new URL(endpointOverride))) throw new AppError('ERR_INVALID_ENDPOINT');
    } catch {
      errors.endpointOverride =
        'Use a loopback address such as http://127.0.0.1:9329 (the local sandbox), or leave empty.';
    }
  }
  const read = integer(values.read, 'read', errors);
  const write = integer(values.write, 'write', errors);
  const maxEntries = integer(values.maxEntries, 'maxEntries', errors);
  const maxAgeDays = integer(values.maxAgeDays, 'maxAgeDays', errors);
  if (!['system', 'light', 'dark'].includes(values.theme)) errors.theme = 'Choose system, light or dark.';
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    settings: {
      endpointOverride,
      quotas: { read, write },
      history: { maxEntries, maxAgeDays },
      keepSessions: values.keepSessions,
      theme: values.theme,
    },
  };
}
