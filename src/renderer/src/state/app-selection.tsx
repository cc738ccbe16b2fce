import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

/** Apps ticked in the sidebar or the Runs list for "compare these runs"; not part of the URL. */
export interface AppSelection {
  /** appRef → app id (kept for group names). */
  selected: ReadonlyMap<number, string>;
  toggle: (appRef: number, appId: string) => void;
  clear: () => void;
}

const SelectionContext = createContext<AppSelection | null>(null);

export function AppSelectionProvider({ children }: { children: ReactNode }) {
  const [selected, setSelected] = useState<ReadonlyMap<number, string>>(new Map());
  const toggle = useCallback((appRef: number, appId: string) => {
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(appRef)) next.delete(appRef);
      else next.set(appRef, appId);
      return next;
    });
  }, []);
  const clear = useCallback(() => setSelected(new Map()), []);
  const value = useMemo(() => ({ selected, toggle, clear }), [selected, toggle, clear]);
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

export function useAppSelection(): AppSelection {
  const ctx = useContext(SelectionContext);
  if (ctx === null) throw new Error('useAppSelection outside AppSelectionProvider');
  return ctx;
}
