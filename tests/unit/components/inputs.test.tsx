/**
 * One input style with visible labels (issue 19, point 8): every field of the
 * History filters and of Settings has a visible <label> of its own (not only a
 * placeholder) and the shared `.input` style; a device's name and key are
 * separated in the tables; the remediation's checkbox sits in its label.
 */
import { render, screen } from '@testing-library/preact';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeviceTable } from '../../../components/DeviceTable';
import { HistorySection } from '../../../entrypoints/options/HistorySection';
import { SettingsSection } from '../../../entrypoints/options/SettingsSection';
import { staticTableProps } from './device-table-props';

/** Each text, number, search or select field inside `root`: its visible label and whether it has the shared style. */
function fields(root: ParentNode) {
  return [...root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input:not([type=checkbox]), select')].map(
    (field) => {
      const label = field.labels?.[0];
      // A label's own text, without the field's (a <select>'s options are inside it).
      const text = label
        ? [...label.childNodes]
            .filter((n) => n !== field && !n.contains(field))
            .map((n) => n.textContent)
            .join('')
            .trim()
        : '';
      return { label: text, styled: field.classList.contains('input') || field.classList.contains('select') };
    },
  );
}

describe('inputs', () => {
  it('History’s filters: each field has a visible label and the shared style', async () => {
    render(<HistorySection />);
    const filters = await screen.findByRole('toolbar', { name: 'History filters' });
    const found = fields(filters);
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const f of found) {
      expect(f.label).not.toBe('');
      expect(f.styled).toBe(true);
    }
  });

  it('Settings: each field has a visible label and the shared style', async () => {
    const { container } = render(<SettingsSection />);
    await screen.findByLabelText('Endpoint override (loopback only)');
    const found = fields(container);
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const f of found) {
      expect(f.label).not.toBe('');
      expect(f.styled).toBe(true);
    }
  });

  it('a device’s name and key are separated in the table', () => {
    render(
      <DeviceTable
        {...staticTableProps(
          'Devices',
          [{ key: 'us-east-1_aaaa', name: 'registered only', remembered: true, source: 'listed', isCurrent: false }],
          0,
        )}
      />,
    );
    expect(screen.getByRole('rowheader').textContent).toContain('registered only · us-east-1_aaaa');
  });
});
