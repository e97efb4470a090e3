import { options, render as renderNow } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorTitle } from '../../components/ErrorTitle';
import { loadErrorText } from '../../utils/use-error-text';

const original = options.requestAnimationFrame;
afterEach(() => {
  options.requestAnimationFrame = original;
});

describe('useErrorText', () => {
  it('shows the words even when the table arrives between the render and its effect', async () => {
    // Hold Preact's effects back, so the table arrives after the render but before the effect runs.
    const held: (() => void)[] = [];
    options.requestAnimationFrame = (callback: () => void) => {
      held.push(callback);
    };
    const root = document.createElement('div');
    renderNow(<ErrorTitle code="ERR_TOKEN_EXPIRED" />, root);
    expect(root.textContent).toBe('ERR_TOKEN_EXPIRED');
    await loadErrorText();
    options.requestAnimationFrame = original;
    for (const run of held.splice(0)) run();
    await vi.waitFor(() => expect(root.textContent).toBe('The access token has expired.'));
    // Mounted once the table is there: the words at once.
    const later = document.createElement('div');
    renderNow(<ErrorTitle code="ERR_NETWORK" />, later);
    expect(later.textContent).toBe('Could not reach Cognito.');
  });
});
