import { QUOTAS, type QuotaCategory, type QuotaName } from '../utils/cognito';
import { fieldId, type SettingsField, type SettingsFormErrors, type SettingsFormValues } from '../utils/settings-form';

export interface QuotaFieldsProps {
  quotas: SettingsFormValues['quotas'];
  provisioned: SettingsFormValues['provisioned'];
  errors: SettingsFormErrors;
  onQuota: (name: QuotaName, value: string) => void;
  onProvisioned: (category: QuotaCategory, value: string) => void;
}

function FieldError({ field, errors }: { field: SettingsField; errors: SettingsFormErrors }) {
  const text = errors[field];
  return text ? (
    <p id={`err-${fieldId(field)}`} class="field-error">
      {text}
    </p>
  ) : null;
}

/** One row per Cognito quota: its rate, what it limits, the rate the dashboard allows itself, a provisioned limit. */
export function QuotaFields({ quotas, provisioned, errors, onQuota, onProvisioned }: QuotaFieldsProps) {
  return (
    <div class="form-grid">
      {QUOTAS.map((q) => {
        const rate: SettingsField = `quota:${q.name}`;
        const raised: SettingsField = `provisioned:${q.name as QuotaCategory}`;
        const perUser = q.name.startsWith('PerUser');
        return (
          <div key={q.name} class="field">
            <label for={fieldId(rate)}>{`${q.label} per second`}</label>
            <input
              class="input"
              id={fieldId(rate)}
              type="number"
              inputMode="numeric"
              min={1}
              value={quotas[q.name]}
              aria-invalid={errors[rate] ? true : undefined}
              aria-describedby={`hint-${fieldId(rate)} err-${fieldId(rate)}`}
              onInput={(e) => onQuota(q.name, e.currentTarget.value)}
            />
            <p id={`hint-${fieldId(rate)}`} class="muted small">
              {perUser
                ? `Cognito allows ${q.rate}/s for any one user (${q.name}): ${q.operations.join(', ')}.`
                : `Cognito’s ${q.name} quota: ${q.rate}/s per AWS account and Region, shared by all its pools (${q.operations.join(', ')}).`}{' '}
              {q.adjustable
                ? 'Lower is allowed; higher only with a provisioned limit.'
                : 'Lower is allowed, never higher.'}
            </p>
            <FieldError field={rate} errors={errors} />
            {q.adjustable ? (
              <>
                <label for={fieldId(raised)} class="small">
                  My account has a provisioned limit of (requests/s)
                </label>
                <input
                  class="input"
                  id={fieldId(raised)}
                  type="number"
                  inputMode="numeric"
                  placeholder={`${q.rate} (default)`}
                  value={provisioned[q.name as QuotaCategory] ?? ''}
                  aria-invalid={errors[raised] ? true : undefined}
                  aria-describedby={`hint-${fieldId(raised)} err-${fieldId(raised)}`}
                  onInput={(e) => onProvisioned(q.name as QuotaCategory, e.currentTarget.value)}
                />
                <p id={`hint-${fieldId(raised)}`} class="muted small">
                  Only if AWS raised {q.name} for your account (Service Quotas). Going above the limit your account
                  really has gets requests refused with “Rate exceeded”.
                </p>
                <FieldError field={raised} errors={errors} />
              </>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
