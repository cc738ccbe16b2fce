import type { Slo } from '../../../shared/slo';
import { useQuery } from './use-query';

export interface ProjectSlo {
  /** undefined while loading (or for a project whose answer is not in yet); null: none set or no project. */
  slo: Slo | null | undefined;
  error: string | null;
  reload: () => void;
}

/** A project's SLOs as stored in the library (`slo:get`); null without a project. */
export function useProjectSlo(project: string | undefined): ProjectSlo {
  const q = useQuery('slo:get', { project: project ?? '' }, !!project);
  if (!project) return { slo: null, error: null, reload: q.reload };
  // An error leaves the SLO unknown-as-none, so views still load (without goodput) and show the error.
  if (q.error && q.stale) return { slo: null, error: q.error, reload: q.reload };
  return { slo: q.stale ? undefined : (q.data?.slo ?? null), error: q.error, reload: q.reload };
}
