import type { DashboardChangePoint } from '../../shared/schemas/dashboard';
import { formatBurrTime } from '../burr/timestamps';
import type { ChangePoint } from './change-points';
import { type EDivisiveJob, runEDivisive } from './change-points-off-thread';
import { timeOrderedRows } from './change-points-order';
import { type DashboardSelection, sortingSelection } from './dashboard';
import { bucketSeries, type RegressionSettings, regressionSettings, regressionsAt } from './regressions';
import type { StreamColumns } from './stream-columns';
import { summarizeBySorted } from './summarize-by-sorted';

/** The trend card's series: TTFT and items/s, p50 and p90 (the lines it draws). */
const SERIES = [
  { metric: 'ttft_ms', column: 'ttft' },
  { metric: 'items_per_s', column: 'itemsPerS' },
] as const;

/**
 * Change points of the selection's TTFT and items/s p50/p90 over time, for the trend chart's markers:
 * findRegressions' series and test (equal-count buckets in stream-start order, failed excluded,
 * E-divisive means with the default settings), run on the dashboard's columns. The E-divisive runs
 * go to `run` (a worker: see ChangePointWorker), each metric's two as soon as its series is ready
 * (preparing a series walks the metric's sorted column: at 1M streams the TTFT runs then start
 * several ms sooner); everything before them happens synchronously when this is called, so a caller
 * can compute other things while they run. The rows in time order come from timeOrderedRows (made
 * once per data version, then filtered by the selection).
 */
export async function dashboardChangePointsWith(
  c: StreamColumns,
  selection: DashboardSelection,
  run: (jobs: EDivisiveJob[]) => Promise<ChangePoint[][]>,
): Promise<DashboardChangePoint[]> {
  const settings = regressionSettings();
  const prepared: PreparedSeries = [];
  const running: Promise<ChangePoint[][]>[] = [];
  for (const series of SERIES) {
    const p = prepareOne(c, selection, settings, series);
    prepared.push(p);
    running.push(run(eDivisiveJobs([p], settings)));
  }
  return changePointsFound(prepared, (await Promise.all(running)).flat());
}

/** dashboardChangePointsWith, E-divisive on this thread: the same answer, synchronously. */
export function dashboardChangePoints(
  c: StreamColumns,
  selection: DashboardSelection = sortingSelection(c),
): DashboardChangePoint[] {
  const settings = regressionSettings();
  const prepared = prepareSeries(c, selection, settings);
  return changePointsFound(prepared, eDivisiveJobs(prepared, settings).map(runEDivisive));
}

/** One E-divisive run per series and statistic, in the order changePointsFound reads their results. */
function eDivisiveJobs(prepared: PreparedSeries, settings: RegressionSettings): EDivisiveJob[] {
  return prepared.flatMap((p) =>
    STATS.map((stat) => ({
      series: p.series[stat],
      minSize: settings.min_segment,
      alpha: settings.alpha,
      permutations: settings.permutations,
      seed: settings.seed,
    })),
  );
}

/** The trend's markers from each run's change points (`found`, in eDivisiveJobs' order). */
function changePointsFound(prepared: PreparedSeries, found: ChangePoint[][]): DashboardChangePoint[] {
  return prepared.flatMap((p, s) =>
    STATS.flatMap((stat, k) =>
      regressionsAt(
        'selection',
        p.metric,
        p.length,
        p.atOf,
        p.series,
        stat,
        found[s * STATS.length + k] ?? [],
        p.summarize,
      ),
    ).map((r) => ({
      metric: p.metric,
      stat: r.stat,
      t: Math.floor(Date.parse(r.at)),
      at: r.at,
      before: r.before,
      after: r.after,
      changePct: r.change_pct,
      direction: r.direction,
      p: r.p,
    })),
  );
}

const STATS = ['p50', 'p90'] as const;

/** Each series' time-ordered values, their bucket series and how to summarize their ranges. */
function prepareSeries(c: StreamColumns, selection: DashboardSelection, settings: RegressionSettings) {
  return SERIES.map((series) => prepareOne(c, selection, settings, series));
}

type PreparedSeries = ReturnType<typeof prepareOne>[];

function prepareOne(
  c: StreamColumns,
  selection: DashboardSelection,
  settings: RegressionSettings,
  { metric, column }: (typeof SERIES)[number],
) {
  const sorted = selection.sorted(column);
  const { rows: inOrder, indexOfSorted } = timeOrderedRows(c, selection, sorted);
  const m = inOrder.length;
  const summarize = summarizeBySorted(c.n, inOrder, sorted, indexOfSorted);
  return {
    metric,
    length: m,
    atOf: (k: number) => formatBurrTime(c.startUs[inOrder[k] as number] as number, true),
    series: bucketSeries({ length: m }, settings.min_bucket, settings.max_points, summarize),
    summarize,
  };
}
