import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { HostKind } from './get-api';
import type { HostApi } from './host-api';

interface ApiContextValue {
  api: HostApi;
  host: HostKind;
  /** Bumped when the data behind the views changed (an import finished, a folder changed). */
  dataVersion: number;
}

const ApiContext = createContext<ApiContextValue | null>(null);

/** data:changed can arrive once per imported batch; views refetch at most this often. */
const REFRESH_THROTTLE_MS = 400;

export function ApiProvider({ api, host, children }: { api: HostApi; host: HostKind; children: ReactNode }) {
  const [dataVersion, setDataVersion] = useState(0);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const bump = (): void => {
      if (timer !== null) return;
      const wait = Math.max(0, last + REFRESH_THROTTLE_MS - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        setDataVersion((v) => v + 1);
      }, wait);
    };
    const offs = [api.on('data:changed', bump), api.on('import:done', bump)];
    return () => {
      for (const off of offs) off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [api]);

  const value = useMemo(() => ({ api, host, dataVersion }), [api, host, dataVersion]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
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

export function useDataVersion(): number {
  return useApiContext().dataVersion;
}
