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
  const [, setReady] = useState(loaded !== undefined);
  useEffect(() => {
    if (code && !loaded) {
      let live = true;
      void loadErrorText().then(() => live && setReady(true));
      return () => {
        live = false;
      };
    }
    return undefined;
  }, [code]);
  return code && loaded ? loaded.describeError(code) : undefined;
}
