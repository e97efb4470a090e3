/**
 * The remediation an audit comparison suggests: the devices added since the older audit that never
 * authenticated, previewed and dry-run through the report's own remediation (issue 18).
 */
import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CompareSuggestion } from '../../../entrypoints/options/admin/CompareSuggestion';
import { answerMessages } from './fake-runtime';

describe('CompareSuggestion', () => {
  afterEach(() => vi.restoreAllMocks());

  it('previews the added devices that never authenticated, in the newer audit, dry run first', async () => {
    const asked: unknown[] = [];
    answerMessages(async (type, message) => {
      asked.push(message);
      if (type === 'admin.remediation.preview')
        return {
          ok: true,
          value: { total: 1, targets: [{ username: 'bob', deviceKey: 'us-east-1_new', deviceName: 'New' }] },
        };
      return { ok: true, value: null };
    });
    render(<CompareSuggestion from="older" to="newer" added={3} connected />);
    expect(screen.getByText(/3 devices were added since the older audit/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Preview selection' }));
    await screen.findByRole('button', { name: 'Dry run: forget 1 devices' });
    expect(asked).toContainEqual({
      type: 'admin.remediation.preview',
      runId: 'newer',
      filter: { category: 'neverAuthenticated', addedSince: 'older' },
    });
  });

  it('suggests nothing when nothing was added', () => {
    const { container } = render(<CompareSuggestion from="a" to="b" added={0} connected />);
    expect(container.textContent).toBe('');
  });
});
