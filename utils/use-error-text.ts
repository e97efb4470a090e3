/**
 * The words of an error code for a component, loaded on first need: the table
 * (error-text.ts) is a few KB the popup should not load until it has an error
 * to show. Until it arrives (a few ms) the hook returns undefined.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ErrorText } from './error-text';
import type { ErrorCode } from './errors';

type TableModule = typeof import('./error-text');
let loaded: TableModule | undefined;
let loading: Promise<TableModule> | undefined;

/** Load the words table (once). */
export function loadErrorText(): Promise<TableModule> {
  loading ??= import('./error-text').then((m) => {
    loaded = m;
    return m;
  });
  return loading;
}

/** The words for `code`, or undefined while the table loads (or when there is no code). */
export function useErrorText(code: ErrorCode | undefined): ErrorText | undefined {
  const [ready, setReady] = useState(loaded !== undefined);
  useEffect(() => {
    // Decided on this component's own state, not the module's: the table may
    // arrive between this render and this effect, and the component must
    // still render again to show the words.
    if (!code || ready) return undefined;
    let live = true;
    void loadErrorText().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [code, ready]);
  return code && ready && loaded ? loaded.describeError(code) : undefined;
}
