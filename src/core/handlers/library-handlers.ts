import { filterOptionsOf } from '../metrics/filter-options';
import type { FactsCache } from '../runtime/facts-cache';
import { streamCountsByProject } from '../store/facts-snapshot';
import { filterOptions, listApps, listProjects, listSources } from '../store/library-queries';
import type { StoreDatabase } from '../store/open-store';
import { listProblems } from '../store/problem-queries';
import type { HandlersOf } from './handler-types';

/** What the library holds: sources, projects, apps, the filter bar's choices, and Problems. */
export function libraryHandlers(
  db: StoreDatabase,
  facts?: Pick<FactsCache, 'ready'>,
): HandlersOf<'sources:list' | 'library:projects' | 'library:apps' | 'filters:options' | 'problems:list'> {
  return {
    'sources:list': async () => listSources(db),
    // Stream counts from the snapshot once it is loaded, else from SQL (as filters:options).
    'library:projects': async ({ sourceId }) => {
      const snapshot = facts?.ready();
      return listProjects(db, sourceId, snapshot ? streamCountsByProject(snapshot) : undefined);
    },
    'library:apps': async ({ filter, limit, offset }) => listApps(db, filter, limit, offset),
    // From the in-memory snapshot once it is loaded (one pass over typed arrays), else from SQL.
    'filters:options': async ({ project }) => {
      const snapshot = facts?.ready();
      return snapshot ? filterOptionsOf(snapshot, project) : filterOptions(db, project);
    },
    'problems:list': async ({ sourceId, limit }) => listProblems(db, sourceId, limit),
  };
}
