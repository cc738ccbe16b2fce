import { getProjectSlo, setProjectSlo } from '../store/slo-store';
import type { HandlersOf } from './handler-types';
import type { ServiceContext } from './service-context';

/** A project's latency SLOs, set in the app and kept in the library database. */
export function sloHandlers({
  db,
  hub,
}: Pick<ServiceContext, 'db' | 'hub'>): HandlersOf<'slo:get' | 'slo:set'> {
  return {
    'slo:get': async ({ project }) => ({ slo: getProjectSlo(db, project) }),
    'slo:set': async ({ project, slo }) => {
      setProjectSlo(db, project, slo);
      // Every open window (a second desktop window, a browser on `serve`) shows the new SLOs.
      hub.emit('data:changed', { reason: 'slo set', topics: ['settings'] });
      return { slo: getProjectSlo(db, project) };
    },
  };
}
