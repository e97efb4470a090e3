/**
 * The Settings form as pure logic: turn what a person typed into Settings, or
 * say which field is wrong and why. Each Cognito quota (per account and Region,
 * or per user) may be set lower than Cognito's rate, never higher — except an
 * adjustable category, up to the provisioned limit the person says their
 * account has (AWS raises those on request through Service Quotas).
 */
import { isLoopbackUrl, QUOTAS, type QuotaCategory, type QuotaName, resolveEndpoint } from './cognito';
import { AppError } from './errors';
import { DEFAULT_AUDIT_RETENTION, quotaCeiling, WATCH_PERIOD } from './settings';
import type { Settings, ThemeSetting } from './storage';

/** The form's raw values (strings, as inputs give them). */
export interface SettingsFormValues {
  endpointOverride: string;
  /** The rate per quota. */
  quotas: Record<QuotaName, string>;
  /** "My account has a provisioned limit of N", per adjustable category ('' = none). */
  provisioned: Partial<Record<QuotaCategory, string>>;
  maxEntries: string;
  maxAgeDays: string;
  /** Finished pool audits kept to compare, and their days. */
  auditsKept: string;
  auditDays: string;
  keepSessions: boolean;
  theme: ThemeSetting;
  watchPeriodMinutes: string;
}

/** A field of the form: a plain one, `quota:<name>` or `provisioned:<category>`. */
export type SettingsField =
  | Exclude<keyof SettingsFormValues, 'quotas' | 'provisioned'>
  | `quota:${QuotaName}`
  | `provisioned:${QuotaCategory}`;

export type SettingsFormErrors = Partial<Record<SettingsField, string>>;

export const LIMITS = {
  maxEntries: { min: 100, max: 1_000_000 },
  maxAgeDays: { min: 1, max: 3650 },
  watchPeriodMinutes: WATCH_PERIOD,
  /** At least two: a comparison needs two audits. */
  auditsKept: { min: 2, max: 100 },
  auditDays: { min: 1, max: 3650 },
  /** The highest provisioned limit accepted (a typo guard, far above any default). */
  provisioned: { max: 100_000 },
} as const;

/** The quotas whose limit the account may have raised. */
export const ADJUSTABLE = QUOTAS.filter((q) => q.adjustable).map((q) => q.name as QuotaCategory);

/** The endpoint override's error when the browser did not grant access to that loopback host. */
export const LOOPBACK_ACCESS_REFUSED =
  'The browser did not give the extension access to this address, which the override needs. Save again and allow it, or leave the field empty.';

/** The form values of stored settings. */
export function toFormValues(settings: Settings): SettingsFormValues {
  return {
    endpointOverride: settings.endpointOverride,
    quotas: Object.fromEntries(QUOTAS.map((q) => [q.name, String(settings.quotas[q.name])])) as Record<
      QuotaName,
      string
    >,
    provisioned: Object.fromEntries(
      ADJUSTABLE.map((c) => [c, settings.provisioned[c] === undefined ? '' : String(settings.provisioned[c])]),
    ),
    maxEntries: String(settings.history.maxEntries),
    maxAgeDays: String(settings.history.maxAgeDays),
    auditsKept: String((settings.audits ?? DEFAULT_AUDIT_RETENTION).keep),
    auditDays: String((settings.audits ?? DEFAULT_AUDIT_RETENTION).maxAgeDays),
    keepSessions: settings.keepSessions,
    theme: settings.theme,
    watchPeriodMinutes: String(settings.watch.periodMinutes),
  };
}

function integer(value: string, field: SettingsField, min: number, max: number, errors: SettingsFormErrors) {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    errors[field] = `Enter a whole number from ${min} to ${max}.`;
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
  const provisioned: Partial<Record<QuotaCategory, number>> = {};
  for (const c of ADJUSTABLE) {
    const raw = (values.provisioned[c] ?? '').trim();
    if (!raw) continue;
    const rate = QUOTAS.find((q) => q.name === c)?.rate ?? 0;
    const n = integer(raw, `provisioned:${c}`, rate + 1, LIMITS.provisioned.max, errors);
    if (errors[`provisioned:${c}`])
      errors[`provisioned:${c}`] =
        `A provisioned limit is above Cognito’s default of ${rate}/s (a whole number up to ${LIMITS.provisioned.max}); leave it empty if your account has the default.`;
    else provisioned[c] = n;
  }
  const quotas = {} as Record<QuotaName, number>;
  for (const q of QUOTAS) {
    const ceiling = quotaCeiling(q.name, provisioned);
    quotas[q.name] = integer(values.quotas[q.name] ?? '', `quota:${q.name}`, 1, ceiling, errors);
  }
  const maxEntries = integer(values.maxEntries, 'maxEntries', LIMITS.maxEntries.min, LIMITS.maxEntries.max, errors);
  const maxAgeDays = integer(values.maxAgeDays, 'maxAgeDays', LIMITS.maxAgeDays.min, LIMITS.maxAgeDays.max, errors);
  const { min: watchMin, max: watchMax } = LIMITS.watchPeriodMinutes;
  const periodMinutes = integer(values.watchPeriodMinutes, 'watchPeriodMinutes', watchMin, watchMax, errors);
  const auditsKept = integer(values.auditsKept, 'auditsKept', LIMITS.auditsKept.min, LIMITS.auditsKept.max, errors);
  const auditDays = integer(values.auditDays, 'auditDays', LIMITS.auditDays.min, LIMITS.auditDays.max, errors);
  if (!['system', 'light', 'dark'].includes(values.theme)) errors.theme = 'Choose system, light or dark.';
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    settings: {
      endpointOverride,
      quotas,
      provisioned,
      history: { maxEntries, maxAgeDays },
      audits: { keep: auditsKept, maxAgeDays: auditDays },
      keepSessions: values.keepSessions,
      theme: values.theme,
      watch: { periodMinutes },
    },
  };
}

/** The element id of a field. */
export const fieldId = (field: SettingsField) => `setting-${field.replace(':', '-')}`;
