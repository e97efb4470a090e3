import { describe, expect, it } from 'vitest';
import { parseSettingsForm, type SettingsFormValues, toFormValues } from '../../utils/settings-form';
import { DEFAULT_SETTINGS } from '../../utils/storage';

const base: SettingsFormValues = toFormValues(DEFAULT_SETTINGS);

describe('parseSettingsForm', () => {
  it('round-trips the defaults', () => {
    expect(parseSettingsForm(base)).toEqual({ errors: {}, settings: DEFAULT_SETTINGS });
  });

  it('accepts a loopback sandbox endpoint and normalises it', () => {
    const { settings } = parseSettingsForm({ ...base, endpointOverride: ' http://127.0.0.1:9329 ' });
    expect(settings?.endpointOverride).toBe('http://127.0.0.1:9329/');
  });

  it.each([
    ['endpointOverride', 'https://evil.example.com/'],
    ['endpointOverride', 'http://10.0.0.5:9329/'],
    ['endpointOverride', 'not a url'],
    ['maxEntries', '10'],
    ['maxAgeDays', ''],
  ] as const)('refuses %s = %j with a message for that field', (field, value) => {
    const result = parseSettingsForm({ ...base, [field]: value });
    expect(result.settings).toBeUndefined();
    expect(Object.keys(result.errors)).toEqual([field]);
  });

  // Lower than Cognito's rate is allowed, higher never (an adjustable one only up to a provisioned limit).
  it.each([
    ['UserResourceRead', '51'],
    ['UserResourceRead', '0'],
    ['UserResourceUpdate', '26'],
    ['UserResourceUpdate', '2.5'],
    ['UserList', '31'],
    ['UserPoolRead', '16'],
    ['PerUserWrite', '11'],
    ['PerUserRead', ''],
  ] as const)('refuses the %s rate %j with a message for that field', (name, value) => {
    const result = parseSettingsForm({ ...base, quotas: { ...base.quotas, [name]: value } });
    expect(result.settings).toBeUndefined();
    expect(Object.keys(result.errors)).toEqual([`quota:${name}`]);
  });

  it('lets an adjustable category go above Cognito’s rate up to the provisioned limit given, and no further', () => {
    const raised = {
      ...base,
      quotas: { ...base.quotas, UserResourceRead: '200' },
      provisioned: { UserResourceRead: '200' },
    };
    expect(parseSettingsForm(raised).settings).toMatchObject({
      quotas: { UserResourceRead: 200 },
      provisioned: { UserResourceRead: 200 },
    });
    const over = { ...raised, quotas: { ...raised.quotas, UserResourceRead: '201' } };
    expect(Object.keys(parseSettingsForm(over).errors)).toEqual(['quota:UserResourceRead']);
    // Without the entry, 200 is refused.
    const unraised = { ...raised, provisioned: {} };
    expect(Object.keys(parseSettingsForm(unraised).errors)).toEqual(['quota:UserResourceRead']);
  });

  it.each([
    ['UserResourceRead', '50'],
    ['UserResourceRead', '12.5'],
    ['UserAuthentication', '100001'],
  ] as const)('refuses a provisioned limit of %s = %j (not above the default, or absurd)', (name, value) => {
    const result = parseSettingsForm({ ...base, provisioned: { ...base.provisioned, [name]: value } });
    expect(Object.keys(result.errors)).toEqual([`provisioned:${name}`]);
  });

  it('offers a provisioned limit only for the adjustable categories', () => {
    expect(Object.keys(base.provisioned).sort()).toEqual([
      'UserAuthentication',
      'UserRead',
      'UserResourceRead',
      'UserToken',
    ]);
  });

  it('keeps the opt-in and theme', () => {
    const quotas = { ...base.quotas, UserResourceRead: '10', UserResourceUpdate: '5' };
    const { settings } = parseSettingsForm({ ...base, keepSessions: true, theme: 'dark', quotas });
    expect(settings).toMatchObject({
      keepSessions: true,
      theme: 'dark',
      quotas: { UserResourceRead: 10, UserResourceUpdate: 5 },
    });
  });
});
