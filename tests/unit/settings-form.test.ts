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
    ['read', '51'],
    ['read', '0'],
    ['write', '26'],
    ['write', '2.5'],
    ['maxEntries', '10'],
    ['maxAgeDays', ''],
  ] as const)('refuses %s = %j with a message for that field', (field, value) => {
    const result = parseSettingsForm({ ...base, [field]: value });
    expect(result.settings).toBeUndefined();
    expect(Object.keys(result.errors)).toEqual([field]);
  });

  it('keeps the opt-in and theme', () => {
    const { settings } = parseSettingsForm({ ...base, keepSessions: true, theme: 'dark', read: '10', write: '5' });
    expect(settings).toMatchObject({ keepSessions: true, theme: 'dark', quotas: { read: 10, write: 5 } });
  });
});
