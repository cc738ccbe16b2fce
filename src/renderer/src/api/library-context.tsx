import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { ResponseOf } from '../../../shared/contract';
import { type Query, useQuery } from './use-query';

export type Source = ResponseOf<'sources:list'>[number];
export type ProjectSummary = ResponseOf<'library:projects'>[number];

interface Library {
  sources: Query<Source[]>;
  /** Projects over every source: the filter bar's list. */
  projects: Query<ProjectSummary[]>;
  sourceName: (id: number) => string | undefined;
  /** Quarantined lines plus file errors over every source: the Problems badge. */
  problemCount: number;
}

const LibraryContext = createContext<Library | null>(null);

/** The library lists several parts of the window show at once, fetched once and refreshed together. */
export function LibraryProvider({ children }: { children: ReactNode }) {
  const sources = useQuery('sources:list', {});
  const projects = useQuery('library:projects', {});
  const value = useMemo<Library>(() => {
    const list = sources.data ?? [];
    return {
      sources,
      projects,
      sourceName: (id) => list.find((s) => s.id === id)?.location,
      problemCount: list.reduce((n, s) => n + s.quarantined + s.fileErrors, 0),
    };
  }, [sources, projects]);
  return <LibraryContext.Provider value={value}>{children}</LibraryContext.Provider>;
}

export function useLibrary(): Library {
  const ctx = useContext(LibraryContext);
  if (ctx === null) throw new Error('useLibrary outside LibraryProvider');
  return ctx;
}
