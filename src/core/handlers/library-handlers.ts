import { filterOptions, listApps, listProjects, listSources } from '../store/library-queries';
import type { StoreDatabase } from '../store/open-store';
import { listProblems } from '../store/problem-queries';
import type { HandlersOf } from './handler-types';

/** What the library holds: sources, projects, apps, the filter bar's choices, and Problems. */
export function libraryHandlers(
  db: StoreDatabase,
): HandlersOf<'sources:list' | 'library:projects' | 'library:apps' | 'filters:options' | 'problems:list'> {
  return {
    'sources:list': async () => listSources(db),
    'library:projects': async ({ sourceId }) => listProjects(db, sourceId),
    'library:apps': async ({ filter, limit, offset }) => listApps(db, filter, limit, offset),
    'filters:options': async ({ project }) => filterOptions(db, project),
    'problems:list': async ({ sourceId, limit }) => listProblems(db, sourceId, limit),
  };
}
