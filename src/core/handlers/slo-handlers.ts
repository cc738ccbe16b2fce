import { getProjectSlo, setProjectSlo } from '../store/slo-store';
import type { HandlersOf } from './handler-types';
import type { ServiceContext } from './service-context';

/** A project's latency SLOs, set in the app and kept in the library database. */
export function sloHandlers({ db }: Pick<ServiceContext, 'db'>): HandlersOf<'slo:get' | 'slo:set'> {
  return {
    'slo:get': async ({ project }) => ({ slo: getProjectSlo(db, project) }),
    'slo:set': async ({ project, slo }) => {
      setProjectSlo(db, project, slo);
      return { slo: getProjectSlo(db, project) };
    },
  };
}
