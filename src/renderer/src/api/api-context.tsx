import { QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { DataTopic } from '../../../shared/contract';
import type { HostKind } from './get-api';
import type { HostApi } from './host-api';
import { createQueryClient } from './query-client';
import { type DataChange, isStaleAfter, mergeChanges } from './query-topics';

type TopicVersions = Readonly<Record<DataTopic, number>>;

interface ApiContextValue {
  api: HostApi;
  host: HostKind;
  /** Bumped per topic when the host says that data changed (for views that page by hand). */
  versions: TopicVersions;
}

const ApiContext = createContext<ApiContextValue | null>(null);

/** data:changed can arrive once per imported batch; queries refetch at most this often. */
const REFRESH_THROTTLE_MS = 400;

export function ApiProvider({ api, host, children }: { api: HostApi; host: HostKind; children: ReactNode }) {
  const queryClient = useMemo(() => createQueryClient(), []);
  const [versions, setVersions] = useState<TopicVersions>({
    streams: 0,
    sources: 0,
    problems: 0,
    settings: 0,
  });

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    let pending: DataChange | null = null;
    const flush = (): void => {
      timer = null;
      last = Date.now();
      const change = pending;
      pending = null;
      if (!change) return;
      void queryClient.invalidateQueries({ predicate: (q) => isStaleAfter(q.queryKey, change) });
      setVersions((v) => {
        const next = { ...v };
        for (const topic of change.topics) next[topic] += 1;
        return next;
      });
    };
    const offChanged = api.on('data:changed', ({ topics, apps }) => {
      pending = mergeChanges(pending, { topics, ...(apps ? { apps } : {}) });
      if (timer === null) timer = setTimeout(flush, Math.max(0, last + REFRESH_THROTTLE_MS - Date.now()));
    });
    return () => {
      offChanged();
      if (timer !== null) clearTimeout(timer);
    };
  }, [api, queryClient]);

  const value = useMemo(() => ({ api, host, versions }), [api, host, versions]);
  return (
    <QueryClientProvider client={queryClient}>
      <ApiContext.Provider value={value}>{children}</ApiContext.Provider>
    </QueryClientProvider>
  );
}

function useApiContext(): ApiContextValue {
  const ctx = useContext(ApiContext);
  if (ctx === null) throw new Error('useApi outside ApiProvider');
  return ctx;
}

export function useApi(): HostApi {
  return useApiContext().api;
}

export function useHost(): HostKind {
  return useApiContext().host;
}

/** A number that grows each time data of this topic changed. */
export function useDataVersion(topic: DataTopic): number {
  return useApiContext().versions[topic];
}
