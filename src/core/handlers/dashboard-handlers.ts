import type { ResponseOf } from '../../shared/contract';
import { ChangePointWorker } from '../metrics/change-points-off-thread';
import { computeDashboard, computeDashboardWith, type DashboardSelection } from '../metrics/dashboard';
import { dashboardChangePointsWith } from '../metrics/dashboard-change-points';
import { goodputOfColumns } from '../metrics/goodput-columns';
import { MomentsWorker } from '../metrics/moments-off-thread';
import { selectRows } from '../metrics/select-streams';
import { SortedOrders } from '../metrics/sorted-orders';
import type { FactsCache } from '../runtime/facts-cache';
import { KeptUntilChange } from '../runtime/kept-until-change';
import type { SavedViews, ViewPart } from '../runtime/saved-views';
import type { HandlersOf } from './handler-types';
import { savedDashboard } from './saved-dashboard';

/** Switching views and toggles asks for the same dashboards again: the last few are kept per data version. */
const MAX_CACHED = 24;
/**
 * Change points of data that changed since are still answered for this long: a live folder changes
 * the data every few hundred ms, and recomputing them (hundreds of ms) on each change would hold up
 * every other request. The markers then trail a live import by at most this much.
 */
export const CHANGE_POINTS_REUSE_MS = 10_000;

type Dashboard = ResponseOf<'dashboard:get'>;

export interface DashboardDomain {
  handlers: HandlersOf<'dashboard:get'>;
  /** Forgets computed dashboards (not the snapshot): benchmarks measure the computation itself. */
  clearCache(): void;
  /** Stops the dashboard's worker threads. */
  close(): void;
}

/** Built worker scripts (the desktop app's); from source each is found next to its module. */
export interface DashboardWorkerFiles {
  changePoints?: string;
  moments?: string;
}

/**
 * The dashboard of a selection, computed on the in-memory snapshot of stream facts. The parts are
 * kept apart: the charts per (filter, toggles), goodput per (filter, SLO) and change points per
 * filter. Change points cost up to several hundred ms (E-divisive's permutation tests, one per
 * change point found), so they are computed only when asked (the trend card asks in a request of
 * its own, after the dashboard is on screen), a toggle or an SLO edit never recomputes them, and
 * after a data change they are recomputed at most every CHANGE_POINTS_REUSE_MS.
 * Each part computed is also kept in `views`, saved for the next start, which answers from there
 * while the snapshot is still being read (saved-views.ts says when a saved part is exact).
 */
export function dashboardDomain(
  facts: FactsCache,
  views: SavedViews,
  workerFiles: DashboardWorkerFiles = {},
): DashboardDomain {
  const charts = new KeptUntilChange<Omit<Dashboard, 'goodput' | 'changePoints'>>(facts, MAX_CACHED);
  const goodputs = new KeptUntilChange<Dashboard['goodput']>(facts, MAX_CACHED);
  const changes = new Map<string, { value: Dashboard['changePoints']; at: number; outdated: boolean }>();
  // Each data version's columns sorted once; every dashboard of that version reads them.
  const orders = new SortedOrders();
  // E-divisive's permutation tests run in worker threads (one series each where cores allow)
  // while the charts are computed here.
  const worker = new ChangePointWorker(workerFiles.changePoints);
  // The charts' passes in row order run on a thread of their own while this one walks sorted columns.
  const moments = new MomentsWorker(workerFiles.moments);
  const changePointsOf = async (filterKey: string, compute: () => Promise<Dashboard['changePoints']>) => {
    const kept = changes.get(filterKey);
    if (kept && (!kept.outdated || Date.now() - kept.at < CHANGE_POINTS_REUSE_MS)) return kept.value;
    const value = await compute();
    changes.delete(filterKey);
    if (changes.size >= MAX_CACHED) changes.delete(changes.keys().next().value as string);
    changes.set(filterKey, { value, at: Date.now(), outdated: false });
    return value;
  };
  const clear = (): void => {
    charts.clear();
    goodputs.clear();
    changes.clear();
    views.clear();
  };
  // Change points outlive a change for a while (see CHANGE_POINTS_REUSE_MS): marked, not dropped.
  facts.onChange(() => {
    for (const c of changes.values()) c.outdated = true;
  });
  return {
    handlers: {
      'dashboard:get': async ({ filter, ttftLog, splitSort, slo, changePoints }) => {
        const f = JSON.stringify(filter);
        const chartsKey = JSON.stringify([f, ttftLog, splitSort]);
        const goodputKey = JSON.stringify([f, slo ?? null]);
        const keys = {
          charts: chartsKey,
          goodput: slo ? goodputKey : null,
          changePoints: changePoints === true ? f : null,
        };
        const saved = savedDashboard(views, keys);
        if (saved) return saved;
        // As of before the streams are read: a change while this request computes is not kept.
        const asOf = { charts: charts.generation, goodput: goodputs.generation };
        const snapshot = await facts.facts();
        // Sorting a new data version's columns yields between columns (see SortedOrders.prepare).
        await orders.prepare(snapshot);
        let selection: DashboardSelection | null = null;
        const selected = (): DashboardSelection => {
          selection ??= { rows: selectRows(snapshot, filter), sorted: (key) => orders.column(snapshot, key) };
          return selection;
        };
        // Each part computed is kept for the next start too.
        const kept = <T>(part: ViewPart, key: string, value: T): T => {
          views.keep(part, key, value, snapshot.stamp);
          return value;
        };
        // Change points first: their series are prepared here and their tests start in the
        // worker, then the charts are computed while those run.
        const changed =
          changePoints === true
            ? changePointsOf(f, async () =>
                kept(
                  'changePoints',
                  f,
                  await dashboardChangePointsWith(snapshot, selected(), (jobs) => worker.run(jobs)),
                ),
              )
            : null;
        // Awaited below; until then a failure of the charts must not leave it unhandled.
        changed?.catch(() => undefined);
        const chartsPart = await charts.getAsync(
          chartsKey,
          async () =>
            kept(
              'charts',
              chartsKey,
              // With change points asked for too, their tests already take the other cores: the
              // passes in row order then stay on this thread rather than queue for a core.
              changePoints === true
                ? computeDashboard(snapshot, { ttftLog, splitSort }, selected())
                : await computeDashboardWith(snapshot, { ttftLog, splitSort }, selected(), (input) =>
                    moments.run(input),
                  ),
            ),
          asOf.charts,
        );
        return {
          ...chartsPart,
          goodput: slo
            ? goodputs.get(
                goodputKey,
                () => kept('goodput', goodputKey, goodputOfColumns(snapshot, slo, selected().rows)),
                asOf.goodput,
              )
            : null,
          changePoints: changed ? await changed : null,
        };
      },
    },
    clearCache: clear,
    close: () => {
      worker.close();
      moments.close();
    },
  };
}
