import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { QuotaFields } from '../../../components/QuotaFields';
import { RememberedBadge } from '../../../components/RememberedBadge';
import { parseSettingsForm, toFormValues } from '../../../utils/settings-form';
import { DEFAULT_SETTINGS } from '../../../utils/storage';

const values = toFormValues(DEFAULT_SETTINGS);

describe('QuotaFields', () => {
  it('shows each quota’s Cognito rate and what it limits; a provisioned-limit entry only for adjustable ones', () => {
    render(<QuotaFields {...values} errors={{}} onQuota={() => {}} onProvisioned={() => {}} />);
    const writes = screen.getByLabelText('Device changes per second') as HTMLInputElement;
    expect(writes.value).toBe('25');
    expect(writes.getAttribute('aria-describedby')).toContain('hint-setting-quota-UserResourceUpdate');
    expect(screen.getByText(/UserResourceUpdate quota: 25\/s per AWS account and Region/)).toBeTruthy();
    expect(screen.getByText(/Cognito allows 10\/s for any one user \(PerUserWrite\): UpdateDeviceStatus/)).toBeTruthy();
    expect(screen.getByText(/UserList quota: 30\/s .*ListUsers/)).toBeTruthy();
    expect(screen.getByText(/UserPoolRead quota: 15\/s .*DescribeUserPool/)).toBeTruthy();
    expect(screen.getAllByLabelText('My account has a provisioned limit of (requests/s)')).toHaveLength(4);
  });

  it('reports edits by quota name, and shows a refusal next to its field', () => {
    const onQuota = vi.fn();
    const onProvisioned = vi.fn();
    const { errors } = parseSettingsForm({ ...values, quotas: { ...values.quotas, UserResourceUpdate: '26' } });
    render(<QuotaFields {...values} errors={errors} onQuota={onQuota} onProvisioned={onProvisioned} />);
    const writes = screen.getByLabelText('Device changes per second');
    expect(writes.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a whole number from 1 to 25.')).toBeTruthy();
    fireEvent.input(writes, { target: { value: '5' } });
    expect(onQuota).toHaveBeenCalledWith('UserResourceUpdate', '5');
    fireEvent.input(screen.getAllByLabelText('My account has a provisioned limit of (requests/s)')[0] as Element, {
      target: { value: '200' },
    });
    expect(onProvisioned).toHaveBeenCalledWith('UserResourceRead', '200');
  });
});

describe('RememberedBadge', () => {
  it.each([
    [{ remembered: true }, 'Remembered'],
    [{ remembered: true, inferred: true }, 'Remembered (inferred)'],
    [{ remembered: false }, 'Not remembered'],
    [{ remembered: undefined }, 'Status unknown'],
  ])('%j → %s', (props, text) => {
    render(<RememberedBadge {...props} />);
    expect(screen.getByText(text, { exact: true })).toBeTruthy();
  });
});
