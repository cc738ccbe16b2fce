import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

/** A component of a chunk of its own (React.lazy), whose chunk can be asked for before it renders. */
export type Preloadable<P extends object> = LazyExoticComponent<ComponentType<P>> & {
  /** Starts loading the chunk: once, unless that load failed. */
  preload(): Promise<unknown>;
};

/**
 * `load` (a dynamic import picking one export) as a lazy component: the page's first script then
 * leaves that module, and what only it imports, to a chunk fetched and evaluated when the
 * component first renders, or earlier when `preload` is called. A failed preload is not kept (the
 * first render fetches again); a failed render is React's to keep, so render it inside a
 * LoadErrorBoundary, which shows it.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  return Object.assign(
    lazy(() => preload().then((component) => ({ default: component }))),
    { preload },
  );
}
