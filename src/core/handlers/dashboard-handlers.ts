import type { ResponseOf } from '../../shared/contract';
import { computeDashboard } from '../metrics/dashboard';
import { dashboardChangePoints } from '../metrics/dashboard-change-points';
import { goodputOfColumns } from '../metrics/goodput-columns';
import { selectStreams } from '../metrics/select-streams';
import type { FactsCache } from '../runtime/facts-cache';
import type { HandlersOf } from './handler-types';

/** Switching views and toggles asks for the same dashboards again: the last few are kept per data version. */
const MAX_CACHED_DASHBOARDS = 24;

export interface DashboardDomain {
  handlers: HandlersOf<'dashboard:get'>;
  /** Forgets computed dashboards (not the snapshot): benchmarks measure the computation itself. */
  clearCache(): void;
}

/** The dashboard of a selection, computed on the in-memory snapshot of stream facts. */
export function dashboardDomain(facts: FactsCache): DashboardDomain {
  const cache = new Map<string, ResponseOf<'dashboard:get'>>();
  facts.onChange(() => cache.clear());
  return {
    handlers: {
      'dashboard:get': async ({ filter, ttftLog, splitSort, slo, changePoints }) => {
        const key = JSON.stringify([filter, ttftLog, splitSort, slo ?? null, changePoints === true]);
        let dashboard = cache.get(key);
        if (!dashboard) {
          const selection = selectStreams(await facts.facts(), filter);
          dashboard = {
            ...computeDashboard(selection, { ttftLog, splitSort }),
            goodput: slo ? goodputOfColumns(selection, slo) : null,
            changePoints: changePoints === true ? dashboardChangePoints(selection) : null,
          };
          if (cache.size >= MAX_CACHED_DASHBOARDS) cache.delete(cache.keys().next().value as string);
          cache.set(key, dashboard);
        }
        return dashboard;
      },
    },
    clearCache: () => cache.clear(),
  };
}
