import type { ResponseOf } from '../../shared/contract';
import { computeDashboard } from '../metrics/dashboard';
import { dashboardChangePoints } from '../metrics/dashboard-change-points';
import { goodputOfColumns } from '../metrics/goodput-columns';
import { selectStreams } from '../metrics/select-streams';
import type { StreamColumns } from '../metrics/stream-columns';
import type { FactsCache } from '../runtime/facts-cache';
import type { HandlersOf } from './handler-types';

/** Switching views and toggles asks for the same dashboards again: the last few are kept per data version. */
const MAX_CACHED = 24;

type Dashboard = ResponseOf<'dashboard:get'>;

export interface DashboardDomain {
  handlers: HandlersOf<'dashboard:get'>;
  /** Forgets computed dashboards (not the snapshot): benchmarks measure the computation itself. */
  clearCache(): void;
}

/** A small first-in-first-out cache, emptied when the facts change. */
class Kept<T> {
  private readonly map = new Map<string, T>();
  get(key: string, make: () => T): T {
    let v = this.map.get(key);
    if (v === undefined) {
      v = make();
      if (this.map.size >= MAX_CACHED) this.map.delete(this.map.keys().next().value as string);
      this.map.set(key, v);
    }
    return v;
  }
  clear(): void {
    this.map.clear();
  }
}

/**
 * The dashboard of a selection, computed on the in-memory snapshot of stream facts. The parts are
 * kept apart: the charts per (filter, toggles), goodput per (filter, SLO) and change points per
 * filter. Change points cost several hundred ms on 100k streams (E-divisive's permutation tests),
 * so they are computed only when asked (the trend card asks in a request of its own, after the
 * dashboard is on screen) and a toggle or an SLO edit never recomputes them.
 */
export function dashboardDomain(facts: FactsCache): DashboardDomain {
  const charts = new Kept<Omit<Dashboard, 'goodput' | 'changePoints'>>();
  const goodputs = new Kept<Dashboard['goodput']>();
  const changes = new Kept<Dashboard['changePoints']>();
  const clear = (): void => {
    charts.clear();
    goodputs.clear();
    changes.clear();
  };
  facts.onChange(clear);
  return {
    handlers: {
      'dashboard:get': async ({ filter, ttftLog, splitSort, slo, changePoints }) => {
        const snapshot = await facts.facts();
        let selection: StreamColumns | null = null;
        const selected = (): StreamColumns => {
          selection ??= selectStreams(snapshot, filter);
          return selection;
        };
        const f = JSON.stringify(filter);
        return {
          ...charts.get(JSON.stringify([f, ttftLog, splitSort]), () =>
            computeDashboard(selected(), { ttftLog, splitSort }),
          ),
          goodput: slo
            ? goodputs.get(JSON.stringify([f, slo]), () => goodputOfColumns(selected(), slo))
            : null,
          changePoints:
            changePoints === true ? changes.get(f, () => dashboardChangePoints(selected())) : null,
        };
      },
    },
    clearCache: clear,
  };
}
