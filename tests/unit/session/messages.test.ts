import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { MESSAGE_SCHEMAS } from '../../../entrypoints/background';
import { AppError } from '../../../utils/errors';
import { createMessageRouter, sendMessage, unwrapEnvelope } from '../../../utils/messages';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const own = { id: ID, url: `${ORIGIN}popup.html` };

const router = () =>
  createMessageRouter(
    {
      'session.list': async () => ({ sessions: [], activeId: null }),
      'session.refresh': async () => {
        throw new AppError('ERR_COGNITO_REFRESH_TOKEN_INVALID', undefined, { details: { operation: 'InitiateAuth' } });
      },
    },
    { extensionId: ID, extensionOrigin: ORIGIN, schemas: MESSAGE_SCHEMAS },
  );

describe('createMessageRouter', () => {
  it('answers the extension’s own pages', async () => {
    expect(await router()({ type: 'session.list' }, own)).toEqual({
      ok: true,
      value: { sessions: [], activeId: null },
    });
  });

  it.each([
    ['another extension', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzz/popup.html' }],
    ['a content script on a web page', { id: ID, url: 'https://evil.example.com/' }],
    ['a page of another extension claiming our id', { id: ID, url: 'chrome-extension://other/popup.html' }],
    [
      'another extension presenting our page’s URL',
      { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: `${ORIGIN}popup.html` },
    ],
    [
      'another extension presenting our options URL',
      { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: `${ORIGIN}options.html` },
    ],
    ['no sender id', { url: `${ORIGIN}popup.html` }],
    ['an empty sender id', { id: '', url: `${ORIGIN}popup.html` }],
    ['a sender id that only starts with ours', { id: `${ID}x`, url: `${ORIGIN}popup.html` }],
    ['no sender url', { id: ID }],
    ['a URL on a host that only starts with our id', { id: ID, url: `chrome-extension://${ID}x/popup.html` }],
  ])('refuses %s', async (_name, sender) => {
    const handler = vi.fn();
    const r = createMessageRouter(
      { 'session.list': handler },
      { extensionId: ID, extensionOrigin: ORIGIN, schemas: MESSAGE_SCHEMAS },
    );
    expect(await r({ type: 'session.list' }, sender)).toMatchObject({
      ok: false,
      error: { code: 'ERR_MESSAGE_FOREIGN_SENDER' },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a look-alike host when the origin is given without its trailing slash', async () => {
    const handler = vi.fn();
    const r = createMessageRouter(
      { 'session.list': handler },
      { extensionId: ID, extensionOrigin: `chrome-extension://${ID}`, schemas: MESSAGE_SCHEMAS },
    );
    expect(await r({ type: 'session.list' }, { id: ID, url: `chrome-extension://${ID}x/popup.html` })).toMatchObject({
      ok: false,
      error: { code: 'ERR_MESSAGE_FOREIGN_SENDER' },
    });
    expect(await r({ type: 'session.list' }, own)).toMatchObject({ ok: true });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['unknown type', { type: 'session.hack' }],
    ['prototype key', { type: 'constructor' }],
    ['no type', {}],
    ['not an object', 'session.list'],
    ['null', null],
  ])('refuses %s as ERR_MESSAGE_INVALID', async (_name, message) => {
    expect(await router()(message, own)).toMatchObject({ ok: false, error: { code: 'ERR_MESSAGE_INVALID' } });
  });

  it('carries an AppError back with its code and details', async () => {
    const envelope = await router()({ type: 'session.refresh' }, own);
    expect(envelope).toEqual({
      ok: false,
      error: {
        code: 'ERR_COGNITO_REFRESH_TOKEN_INVALID',
        // The message is for logs: the code, unless the thrower said more; people get words from error-text.ts.
        message: 'ERR_COGNITO_REFRESH_TOKEN_INVALID',
        details: { operation: 'InitiateAuth' },
      },
    });
    expect(() => unwrapEnvelope(envelope)).toThrowError(
      expect.objectContaining({ code: 'ERR_COGNITO_REFRESH_TOKEN_INVALID' }),
    );
  });
});

/** The runtime's sendMessage, typed loosely so the test can script the background's answer. */
const sendSpy = () =>
  vi.spyOn(browser.runtime as unknown as { sendMessage: (m: unknown) => Promise<unknown> }, 'sendMessage');

describe('sendMessage', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('resolves with the value of the envelope', async () => {
    sendSpy().mockResolvedValue({ ok: true, value: { sessions: [], activeId: 'x' } });
    expect(await sendMessage({ type: 'session.list' })).toEqual({ sessions: [], activeId: 'x' });
  });

  it('rethrows the AppError of the background', async () => {
    sendSpy().mockResolvedValue({
      ok: false,
      error: { code: 'ERR_SESSION_NONE', message: 'none', details: {} },
    });
    await expect(sendMessage({ type: 'session.refresh' })).rejects.toMatchObject({ code: 'ERR_SESSION_NONE' });
  });

  it('reports a missing answer as ERR_BACKGROUND_UNAVAILABLE', async () => {
    sendSpy().mockRejectedValue(new Error('Receiving end does not exist.'));
    await expect(sendMessage({ type: 'session.list' })).rejects.toMatchObject({ code: 'ERR_BACKGROUND_UNAVAILABLE' });
  });
});
