import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { EmptyState } from '../../../components/EmptyState';
import { SectionNav } from '../../../components/SectionNav';
import { sectionFromHash } from '../../../entrypoints/options/sections';

describe('EmptyState', () => {
  it('names itself by its title and shows the next step', () => {
    render(
      <EmptyState title="No Cognito session yet" actions={<button type="button">Import</button>}>
        Import a session.
      </EmptyState>,
    );
    expect(screen.getByRole('region', { name: 'No Cognito session yet' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'No Cognito session yet', level: 2 })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Import' })).toBeTruthy();
  });
});

describe('SectionNav', () => {
  const sections = [
    { id: 'a', label: 'Alpha' },
    { id: 'b', label: 'Beta' },
  ] as const;

  it('marks the current section and reports the chosen one', () => {
    const onSelect = vi.fn();
    render(<SectionNav sections={sections} current="a" onSelect={onSelect} />);
    expect(screen.getByRole('link', { name: 'Alpha' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Beta' }).getAttribute('aria-current')).toBeNull();
    fireEvent.click(screen.getByRole('link', { name: 'Beta' }));
    expect(onSelect).toHaveBeenCalledWith('b');
  });
});

describe('sectionFromHash', () => {
  it.each([
    ['#history', 'history'],
    ['#settings', 'settings'],
    ['', 'devices'],
    ['#nope', 'devices'],
  ])('%s → %s', (hash, expected) => {
    expect(sectionFromHash(hash)).toBe(expected);
  });
});
