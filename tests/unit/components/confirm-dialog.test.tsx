/** The confirmation dialog keeps Tab inside: it wraps from the last control to the first and back. */
import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { ConfirmDialog } from '../../../components/ConfirmDialog';

describe('ConfirmDialog', () => {
  function open() {
    render(
      <ConfirmDialog
        open
        title="Forget this device?"
        confirmLabel="Forget"
        onConfirm={() => undefined}
        onCancel={() => undefined}
      >
        <a href="#why">Why?</a>
      </ConfirmDialog>,
    );
    return {
      dialog: screen.getByRole('dialog', { hidden: true }),
      cancel: screen.getByRole('button', { name: 'Cancel', hidden: true }),
      confirm: screen.getByRole('button', { name: 'Forget', hidden: true }),
      link: screen.getByRole('link', { name: 'Why?', hidden: true }),
    };
  }

  it('starts on Cancel', () => {
    const { cancel } = open();
    expect(document.activeElement).toBe(cancel);
  });

  it('Tab on the last control wraps to the first; Shift+Tab on the first wraps to the last', () => {
    const { dialog, confirm, link } = open();
    confirm.focus();
    expect(fireEvent.keyDown(dialog, { key: 'Tab' })).toBe(false); // default prevented: focus did not leave
    expect(document.activeElement).toBe(link);
    expect(fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true })).toBe(false);
    expect(document.activeElement).toBe(confirm);
  });

  it('leaves Tab between inner controls to the browser', () => {
    const { dialog, cancel } = open();
    cancel.focus();
    expect(fireEvent.keyDown(dialog, { key: 'Tab' })).toBe(true);
    expect(document.activeElement).toBe(cancel);
  });
});
