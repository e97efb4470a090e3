/**
 * A component whose module loads after the page's first frame: it draws nothing until its module has
 * come, then draws as itself. The popup keeps what it shows only later (the Watch switch, the rotation
 * notice, the forget dialog) out of what it loads before its first rows (npm run bench -- popup).
 * `preload()` starts the load early; the load is shared, and a failed one is tried again at the next
 * render (utils/lazy.ts): a component that stays mounted, like the forget dialog, is not left out.
 */
import { type ComponentType, type FunctionComponent, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { lazily } from '../utils/lazy';

export type LazyComponent<P> = FunctionComponent<P> & { preload: () => Promise<ComponentType<P>> };

export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  const open = lazily(load);
  let loaded: ComponentType<P> | undefined;
  const preload = () =>
    open().then((component) => {
      loaded = component;
      return component;
    });
  function Lazy(props: P) {
    const [component, setComponent] = useState<ComponentType<P> | undefined>(() => loaded);
    // After every render until it has come: the load in flight is shared, a failed one is tried again.
    useEffect(() => {
      if (component) return;
      let mounted = true;
      preload().then(
        (c) => mounted && setComponent(() => c),
        () => undefined,
      );
      return () => {
        mounted = false;
      };
    });
    return component ? h(component, props) : null;
  }
  return Object.assign(Lazy, { preload });
}
