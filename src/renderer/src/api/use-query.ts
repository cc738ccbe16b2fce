import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useApi, useDataVersion } from './api-context';
import { errorText } from './error-text';
import type { HostApi } from './host-api';

export interface Query<T> {
  data: T | undefined;
  error: string | null;
  /** A request is in flight (the first one, or a refresh). */
  loading: boolean;
  /** The data shown belongs to an earlier request (filters changed, refresh running). */
  stale: boolean;
  reload: () => void;
}

interface State<T> {
  data: T | undefined;
  dataKey: string | null;
  error: string | null;
  loading: boolean;
}

/**
 * Runs `run` whenever `deps` change or the data changed (import, watched folder), keeping the
 * previous answer on screen meanwhile so views dim instead of blanking. Answers to superseded
 * requests are dropped, so a fast typist never sees an older filter's numbers last.
 */
export function useQuery<T>(
  run: (api: HostApi) => Promise<T>,
  deps: readonly unknown[],
  enabled = true,
): Query<T> {
  const api = useApi();
  const version = useDataVersion();
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(deps);
  const runRef = useRef(run);
  useLayoutEffect(() => {
    runRef.current = run;
  });
  const [state, setState] = useState<State<T>>({
    data: undefined,
    dataKey: null,
    error: null,
    loading: enabled,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps (as `key`), the data version and reload ticks decide when to ask again; `run` is read from a ref
  useEffect(() => {
    if (!enabled) {
      setState((s) => ({ ...s, loading: false }));
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    runRef.current(api).then(
      (data) => {
        if (live) setState({ data, dataKey: key, error: null, loading: false });
      },
      (e: unknown) => {
        if (live) setState((s) => ({ ...s, error: errorText(e), loading: false }));
      },
    );
    return () => {
      live = false;
    };
  }, [api, key, version, tick, enabled]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return {
    data: state.data,
    error: state.error,
    loading: state.loading,
    stale: state.loading || state.dataKey !== key,
    reload,
  };
}
