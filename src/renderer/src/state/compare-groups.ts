import type { StreamFilter } from '../../../shared/filter';
import { type CompareGroup, cleanFilter } from './app-state';

export const MAX_GROUPS = 6;

/** Groups made from picked apps: one per app, which is what "compare these runs" means. */
export function groupsFromApps(picked: ReadonlyMap<number, string>): CompareGroup[] {
  return [...picked.entries()]
    .slice(0, MAX_GROUPS)
    .map(([ref, id]) => ({ name: id.slice(0, 80), filter: { appRefs: [ref] } }));
}

/** One group of all picked apps together. */
export function groupOfApps(picked: ReadonlyMap<number, string>, name: string): CompareGroup {
  return { name, filter: { appRefs: [...picked.keys()] } };
}

/**
 * A group for an app glob within the current selection: the project, time range and timing
 * filters carry over, the app choice is replaced.
 */
export function groupForGlob(base: StreamFilter, glob: string): CompareGroup {
  return { name: glob.slice(0, 80), filter: cleanFilter({ ...base, app: glob, appRefs: undefined }) };
}

/** A name not used by another group yet ("current filter", "current filter (2)"). */
export function uniqueName(groups: CompareGroup[], name: string): string {
  const taken = new Set(groups.map((g) => g.name));
  const base = name.slice(0, 72) || 'group';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`)) return `${base} (${i})`;
}
