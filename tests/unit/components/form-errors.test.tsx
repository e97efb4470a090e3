/**
 * On the Sessions page each form shows its own error inside it, as a live
 * region with focus moved to it — not at the top of the page, far from the form.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { SessionsSection } from '../../../entrypoints/options/SessionsSection';
import { AppError, type ErrorCode } from '../../../utils/errors';
import type { Envelope, MessageType } from '../../../utils/messages';
import { answerMessages } from './fake-runtime';

function background(failing: MessageType, code: ErrorCode) {
  answerMessages(async (type): Promise<Envelope> => {
    if (type === 'session.list') return { ok: true, value: { sessions: [], activeId: undefined } };
    if (type === failing) return { ok: false, error: new AppError(code).toJSON() };
    return new Promise<never>(() => {});
  });
}

describe('Sessions page form errors', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a token that is not a JWT: the error is in the paste form, focused', async () => {
    background('session.importTokens', 'ERR_TOKEN_MALFORMED');
    render(<SessionsSection />);
    const form = screen.getByRole('form', { name: 'Paste a token' });
    fireEvent.input(within(form).getByLabelText('Access token'), { target: { value: 'hello' } });
    fireEvent.submit(form);
    const alert = await within(form).findByRole('alert');
    await waitFor(() => expect(document.activeElement?.contains(alert)).toBe(true));
    // Nowhere else on the page: not at the top, not in the sign-in form.
    expect(screen.getAllByRole('alert')).toEqual([alert]);
  });

  it('a wrong password: the error is in the sign-in form, focused', async () => {
    background('session.signIn', 'ERR_COGNITO_INCORRECT_CREDENTIALS');
    // The pool's region host is asked for on the click; granted here.
    vi.spyOn(browser.permissions, 'request').mockResolvedValue(true as never);
    render(<SessionsSection />);
    const form = screen.getByRole('form', { name: 'Sign in' });
    for (const [label, value] of [
      ['User pool id', 'us-east-1_Demo1'],
      ['App client id', 'client1'],
      ['Username', 'alice'],
      ['Password', 'wrong'],
    ]) {
      fireEvent.input(within(form).getByLabelText(label as string, { exact: false }), { target: { value } });
    }
    fireEvent.submit(form);
    const alert = await within(form).findByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain('Incorrect username or password.'));
    await waitFor(() => expect(document.activeElement?.contains(alert)).toBe(true));
    expect(screen.getAllByRole('alert')).toEqual([alert]);
  });
});
