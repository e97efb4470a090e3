/**
 * Errors leave a way forward: a Retry where trying again may help (never for
 * a refused token or bad input), and in the popup it runs the failed task again.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { App } from '../../../entrypoints/popup/App';
import { AppError, type ErrorCode } from '../../../utils/errors';
import type { Envelope } from '../../../utils/messages';
import { mayPassByItself } from '../../../utils/transient';
import { answerMessages } from './fake-runtime';

describe('mayPassByItself', () => {
  it.each<[ErrorCode, Record<string, unknown>, boolean]>([
    ['ERR_NETWORK', {}, true],
    ['ERR_TIMEOUT', {}, true],
    ['ERR_COGNITO_TOO_MANY_REQUESTS', {}, true],
    ['ERR_COGNITO_INTERNAL', {}, true],
    ['ERR_COGNITO_UNKNOWN', { retryable: true }, true],
    ['ERR_TOKEN_SCOPE_MISSING', {}, false],
    ['ERR_TOKEN_MALFORMED', {}, false],
    ['ERR_COGNITO_NOT_AUTHORIZED', {}, false],
    ['ERR_COGNITO_UNKNOWN', { retryable: false }, false],
  ])('%s %j → %s', (code, details, expected) => {
    expect(mayPassByItself({ code, details })).toBe(expected);
  });
});

describe('ErrorNotice', () => {
  it('offers Retry when given one, beside its other action', () => {
    const onRetry = vi.fn();
    render(<ErrorNotice error={new AppError('ERR_NETWORK').toJSON()} onRetry={onRetry} action={<span>other</span>} />);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(screen.getByText('other')).toBeTruthy();
  });
});

describe('the popup', () => {
  afterEach(() => vi.restoreAllMocks());

  it('Retry asks again after Cognito could not be reached, and the popup recovers', async () => {
    let sessionLists = 0;
    answerMessages(async (type): Promise<Envelope> => {
      if (type === 'devices.list') return { ok: false, error: new AppError('ERR_SESSION_NONE').toJSON() };
      if (type === 'session.list') {
        sessionLists += 1;
        return sessionLists === 1
          ? { ok: false, error: new AppError('ERR_NETWORK').toJSON() }
          : { ok: true, value: { sessions: [], activeId: undefined } };
      }
      return new Promise<never>(() => {});
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    await screen.findByText('No Cognito session yet');
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(sessionLists).toBe(2);
  });

  it('offers no Retry for a failure that would only repeat', async () => {
    answerMessages(async (type): Promise<Envelope> => {
      if (type === 'devices.list') return { ok: false, error: new AppError('ERR_SESSION_NONE').toJSON() };
      if (type === 'session.list') return { ok: false, error: new AppError('ERR_MESSAGE_INVALID').toJSON() };
      return new Promise<never>(() => {});
    });
    render(<App />);
    await screen.findByRole('alert');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });
});
