import { keepPreviousData, replaceEqualDeep, useQuery as useTanstackQuery } from '@tanstack/react-query';
import { useDeferredValue, useMemo, useRef } from 'react';
import type { MethodName, RequestOf, ResponseOf } from '../../../shared/contract';
import { useApi } from './api-context';
import { errorText } from './error-text';

export interface Query<T> {
  data: T | undefined;
  error: string | null;
  /** A request is in flight (the first one, or a refresh). */
  loading: boolean;
  /** The data shown belongs to an earlier request (filters changed, refresh running). */
  stale: boolean;
  reload: () => void;
}

/**
 * One contract method's answer, cached by method and request (see query-client.ts): switching
 * views and back shows the cached answer at once, and a `data:changed` refetches only the queries
 * that read what changed (query-topics.ts). While a new request runs the previous answer stays
 * on screen, so views dim instead of blanking.
 *
 * Parts of a new answer equal to the answer shown before keep their identity, across requests
 * too (react-query shares structure only within one request's cache entry): a dashboard asked
 * again with a log TTFT axis brings a new histogram but the same scatter, bars and trend, and the
 * charts drawn from those (React.memo) are not drawn again. On 48,000 streams that is the
 * difference between a one-chart and a whole-page redraw.
 */
export function useQuery<M extends MethodName>(
  method: M,
  request: RequestOf<M>,
  enabled = true,
): Query<ResponseOf<M>> {
  const api = useApi();
  const q = useTanstackQuery({
    queryKey: [method, request] as const,
    // TypeScript cannot relate a generic method's request to its function: the contract types both.
    queryFn: () => (api[method] as unknown as (r: RequestOf<M>) => Promise<ResponseOf<M>>)(request),
    enabled,
    placeholderData: keepPreviousData,
  });
  // A request that fails keeps the last answer on screen next to the error (as a refresh that
  // fails does), rather than blanking the view.
  const last = useRef<ResponseOf<M> | undefined>(undefined);
  const data = useMemo(
    () => (q.data === undefined ? undefined : (replaceEqualDeep(last.current, q.data) as ResponseOf<M>)),
    [q.data],
  );
  if (data !== undefined) last.current = data;
  const fresh = data ?? (q.error ? last.current : undefined);
  // A new answer is drawn in a deferred render, which React splits into slices of a few ms between
  // which the page handles input: a dashboard of 48,000 streams no longer blocks for one long task.
  // Until it is drawn the previous answer stays on screen, marked stale.
  const shown = useDeferredValue(fresh);
  return {
    data: shown,
    error: q.error ? errorText(q.error) : null,
    loading: enabled && q.isFetching,
    stale: q.isPlaceholderData || q.isFetching || shown !== fresh,
    reload: () => void q.refetch(),
  };
}
