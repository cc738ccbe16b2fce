import type { DashboardChangePoint } from '../../shared/schemas/dashboard';
import { formatBurrTime } from '../burr/timestamps';
import type { ChangePoint } from './change-points';
import { type EDivisiveJob, runEDivisive } from './change-points-off-thread';
import { type DashboardSelection, sortingSelection } from './dashboard';
import { bucketSeries, type RegressionSettings, regressionSettings, regressionsAt } from './regressions';
import { inSortedOrder } from './sorted-column';
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
 * (preparing a series walks every stream: at 1M streams the TTFT runs then start some 20 ms
 * sooner); everything before them happens synchronously when this is called, so a caller can
 * compute other things while they run.
 */
export async function dashboardChangePointsWith(
  c: StreamColumns,
  selection: DashboardSelection,
  run: (jobs: EDivisiveJob[]) => Promise<ChangePoint[][]>,
): Promise<DashboardChangePoint[]> {
  const settings = regressionSettings();
  const order = startOrder(c, selection);
  const prepared: PreparedSeries = [];
  const running: Promise<ChangePoint[][]>[] = [];
  for (const series of SERIES) {
    const p = prepareOne(c, selection, settings, order, series);
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
  const order = startOrder(c, selection);
  return SERIES.map((series) => prepareOne(c, selection, settings, order, series));
}

type PreparedSeries = ReturnType<typeof prepareOne>[];

function prepareOne(
  c: StreamColumns,
  selection: DashboardSelection,
  settings: RegressionSettings,
  order: Int32Array,
  { metric, column }: (typeof SERIES)[number],
) {
  const sorted = selection.sorted(column);
  // The rows with a finite value are the sorted column's: a byte per row marks them, so the filter
  // below reads 1 MB at random per 1M streams rather than the 8 MB column.
  const finite = new Uint8Array(c.n);
  for (let k = 0; k < sorted.rows.length; k++) finite[sorted.rows[k] as number] = 1;
  const rows = new Int32Array(order.length);
  let m = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (finite[i] === 1) rows[m++] = i;
  }
  const inOrder = rows.subarray(0, m);
  const summarize = summarizeBySorted(c.n, inOrder, sorted);
  return {
    metric,
    length: m,
    atOf: (k: number) => formatBurrTime(c.startUs[inOrder[k] as number] as number, true),
    series: bucketSeries({ length: m }, settings.min_bucket, settings.max_points, summarize),
    summarize,
  };
}

/**
 * The selection's non-failed rows with a stream start, in stream-start order with the stream id
 * breaking ties (the order timeOrderedValues gives stream rows): a walk of the sorted start column,
 * then a sort of each run of equal starts only.
 */
function startOrder(c: StreamColumns, selection: DashboardSelection): Int32Array {
  const start = selection.sorted('startUs');
  // Every row selected: the failed flags in start order (kept per data version) are read in order;
  // a filtered selection marks its kept rows, then reads that mask row by row.
  let keep: Uint8Array;
  let want: number;
  let inStartOrder: boolean;
  if (selection.rows === null) {
    keep = inSortedOrder(start, c, 'failed');
    want = 0;
    inStartOrder = true;
  } else {
    keep = new Uint8Array(c.n);
    for (let j = 0; j < selection.rows.length; j++) {
      const i = selection.rows[j] as number;
      if (c.failed[i] === 0) keep[i] = 1;
    }
    want = 1;
    inStartOrder = false;
  }
  const order = new Int32Array(start.rows.length);
  // The kept rows' starts alongside, so runs of equal starts are found reading in order (not one
  // random read of startUs per row: 10 ms at 1M streams).
  const starts = new Float64Array(start.rows.length);
  let m = 0;
  for (let k = 0; k < start.rows.length; k++) {
    const i = start.rows[k] as number;
    if (keep[inStartOrder ? k : i] === want) {
      starts[m] = start.values[k] as number;
      order[m++] = i;
    }
  }
  for (let a = 0; a < m; ) {
    const t = starts[a] as number;
    let b = a + 1;
    while (b < m && starts[b] === t) b++;
    if (b - a > 1) order.subarray(a, b).sort((x, y) => (c.streamId[x] as number) - (c.streamId[y] as number));
    a = b;
  }
  return order.subarray(0, m);
}
