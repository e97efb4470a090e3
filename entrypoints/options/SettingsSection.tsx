import { useEffect, useState } from 'preact/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { QuotaFields } from '../../components/QuotaFields';
import { releaseLoopbackAccess, requestHostAccess } from '../../utils/permissions';
import {
  fieldId,
  LIMITS,
  LOOPBACK_ACCESS_REFUSED,
  parseSettingsForm,
  type SettingsFormErrors,
  type SettingsFormValues,
  toFormValues,
} from '../../utils/settings-form';
import { readSettings, settingsItem } from '../../utils/storage';

type NumberField = 'maxEntries' | 'maxAgeDays' | 'auditsKept' | 'auditDays' | 'watchPeriodMinutes';

const NUMBER_FIELDS: { name: NumberField; label: string; hint: string }[] = [
  { name: 'maxEntries', label: 'History: most entries kept', hint: 'Older entries are deleted first.' },
  { name: 'maxAgeDays', label: 'History: days kept', hint: 'Entries older than this are deleted.' },
  {
    name: 'auditsKept',
    label: 'Pool audits: most kept',
    hint: 'Finished audits kept to compare; the oldest go first.',
  },
  { name: 'auditDays', label: 'Pool audits: days kept', hint: 'Finished audits older than this are deleted.' },
  {
    name: 'watchPeriodMinutes',
    label: 'Watch: minutes between checks',
    hint: 'How often a watched account’s devices are listed again (one ListDevices each time).',
  },
];

/** The Settings section: endpoint override, quotas, retention, keeping sessions, theme. */
export function SettingsSection() {
  const [values, setValues] = useState<SettingsFormValues>();
  const [errors, setErrors] = useState<SettingsFormErrors>({});
  const [saved, setSaved] = useState(false);
  const [confirmKeep, setConfirmKeep] = useState(false);

  useEffect(() => {
    void readSettings().then((s) => setValues(toFormValues(s)));
  }, []);
  if (!values) return <p class="muted section-placeholder">Loading…</p>;

  const change = (patch: Partial<SettingsFormValues>) => {
    setSaved(false);
    setValues({ ...values, ...patch });
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const result = parseSettingsForm(values);
    setErrors(result.errors);
    if (!result.settings) {
      const first = Object.keys(result.errors)[0];
      if (first) document.getElementById(fieldId(first as keyof SettingsFormErrors))?.focus();
      return;
    }
    // Asked before any await (the browser wants the click's gesture): loopback access only while an override needs it.
    const override = result.settings.endpointOverride;
    const granted = await (override ? requestHostAccess(override) : releaseLoopbackAccess());
    if (override && !granted) {
      setErrors({ endpointOverride: LOOPBACK_ACCESS_REFUSED });
      document.getElementById('setting-endpointOverride')?.focus();
      return;
    }
    await settingsItem.setValue(result.settings);
    setValues(toFormValues(result.settings));
    setSaved(true);
  };

  return (
    <form class="settings-form panel" onSubmit={(e) => void save(e)} noValidate>
      <fieldset>
        <legend>Endpoint</legend>
        <label for="setting-endpointOverride">Endpoint override (loopback only)</label>
        <input
          class="input"
          id="setting-endpointOverride"
          type="url"
          placeholder="http://127.0.0.1:9329"
          value={values.endpointOverride}
          aria-invalid={errors.endpointOverride ? true : undefined}
          aria-describedby="hint-endpoint err-endpointOverride"
          onInput={(e) => change({ endpointOverride: e.currentTarget.value })}
        />
        <p id="hint-endpoint" class="muted small">
          For testing against the local sandbox. Empty: each session talks to the Cognito endpoint of its token’s
          issuer.
        </p>
        {errors.endpointOverride ? (
          <p id="err-endpointOverride" class="field-error">
            {errors.endpointOverride}
          </p>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>Request rates</legend>
        <p class="muted small">
          Cognito limits requests per AWS account and Region (each quota below), and to 10 reads and 10 writes per
          second for any one user. The dashboard paces itself to stay under them.
        </p>
        <QuotaFields
          quotas={values.quotas}
          provisioned={values.provisioned}
          errors={errors}
          onQuota={(name, v) => change({ quotas: { ...values.quotas, [name]: v } })}
          onProvisioned={(name, v) => change({ provisioned: { ...values.provisioned, [name]: v } })}
        />
      </fieldset>

      <fieldset>
        <legend>History, audits and Watch</legend>
        <div class="form-grid">
          {NUMBER_FIELDS.map((f) => (
            <div key={f.name} class="field">
              <label for={`setting-${f.name}`}>{f.label}</label>
              <input
                class="input"
                id={`setting-${f.name}`}
                type="number"
                inputMode="numeric"
                min={LIMITS[f.name].min}
                max={LIMITS[f.name].max}
                value={values[f.name]}
                aria-invalid={errors[f.name] ? true : undefined}
                aria-describedby={`hint-${f.name} err-${f.name}`}
                onInput={(e) => change({ [f.name]: e.currentTarget.value })}
              />
              <p id={`hint-${f.name}`} class="muted small">
                {f.hint}
              </p>
              {errors[f.name] ? (
                <p id={`err-${f.name}`} class="field-error">
                  {errors[f.name]}
                </p>
              ) : null}
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>Sessions</legend>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={values.keepSessions}
            onChange={(e) => {
              if (e.currentTarget.checked) {
                e.currentTarget.checked = false;
                setConfirmKeep(true);
              } else change({ keepSessions: false });
            }}
          />
          Keep sessions when the browser restarts
        </label>
        <p class="muted small">
          Off: tokens live in memory only and are gone when the browser closes. On: sessions are also kept in this
          browser profile on disk, encrypted. Turning it off deletes that copy and its key, and signs out the sessions
          the extension signed in itself.
        </p>
      </fieldset>

      <fieldset>
        <legend>Appearance</legend>
        <label for="setting-theme">Theme</label>
        <select
          class="input"
          id="setting-theme"
          value={values.theme}
          onChange={(e) => change({ theme: e.currentTarget.value as SettingsFormValues['theme'] })}
        >
          <option value="system">Follow the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </fieldset>

      <div class="form-actions">
        <button type="submit" class="btn btn-primary">
          Save settings
        </button>
        <span role="status" class="ok-text">
          {saved ? 'Settings saved.' : ''}
        </span>
      </div>

      <ConfirmDialog
        open={confirmKeep}
        title="Keep sessions on disk?"
        confirmLabel="Keep sessions"
        danger
        onCancel={() => setConfirmKeep(false)}
        onConfirm={() => {
          setConfirmKeep(false);
          change({ keepSessions: true });
        }}
      >
        <p>
          Sessions — their access, ID and refresh tokens and any client secret — will be kept in this browser profile
          and survive restarts. They are encrypted (AES-GCM) with a key that no script can read out, so the profile’s
          files never hold them as readable text. The key is kept in the same profile, though: malware, or anyone who
          can copy your browser profile, can still decrypt them and use a refresh token until it is revoked. Use this
          only on a machine you alone use.
        </p>
        <p>
          Turning it off deletes the kept copy and destroys its key, and signs out the sessions the extension signed in
          itself (their refresh tokens are revoked). Sessions imported from a web page or pasted share their refresh
          token with that app: they stay usable until the browser closes — sign out in that app to end them.
        </p>
      </ConfirmDialog>
    </form>
  );
}
