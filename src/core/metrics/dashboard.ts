import type { StatMetric, Stats } from '../../shared/stream-row';
import { appIdOf } from './app-table';
import {
  type BreakdownPlan,
  breakdownRowsOf,
  planBreakdowns,
  planTrend,
  trendPoints,
} from './dashboard-groups';
import { type ColumnMoments, type MomentsInput, momentsOf, rowOrderStats } from './dashboard-moments';
import { type WalkPlan, type WalkResult, walkMetric } from './dashboard-walk';
import { cdfPoints, histogram } from './histogram';
import { type PercentileRank, percentileRankSorted } from './percentile-rank';
import { leaseScratch, type ScratchLease } from './scratch-arrays';
import { type SortedColumn, sortColumn } from './sorted-column';
import type { SortedKey } from './sorted-orders';
import { statsOfSorted } from './stats';
import type { StreamColumns } from './stream-columns';
import { topKeys } from './top-keys';

/**
 * Everything the project dashboard draws, computed from one column scan.
 * Charts receive bins, CDF points, a bounded number of bars and a sampled
 * scatter: never one mark per raw stream when there are thousands.
 * Failed streams are excluded from every timing number and counted apart.
 *
 * No sort per request: every percentile, CDF and histogram reads the selection's values out of
 * columns sorted once per data version (sorted-orders.ts) with one walk over a row mask. Means and
 * standard deviations are summed in row order, as the sorting implementation summed them, so every
 * number is the same to the last bit (test/integration/dashboard-exact.test.ts holds the two together).
 */

const MAX_SPLIT_BARS = 300;
const MAX_SCATTER_POINTS = 2000;

export type SplitSort = 'total' | 'generation' | 'consumer' | 'share';

interface SplitBar {
  streamId: number;
  appRef: number;
  appId: string;
  sequenceId: number;
  action: string | null;
  generationMs: number;
  consumerMs: number;
  ttftMs: number | null;
  ttftRank: PercentileRank | null;
}

/** Which snapshot rows the dashboard covers, and where their columns' sorted orders come from. */
export interface DashboardSelection {
  /** Selected rows, ascending; null: every row. */
  rows: Int32Array | null;
  /** The sorted column of the whole snapshot (SortedOrders keeps them per data version). */
  sorted: (key: SortedKey) => SortedColumn;
}

/** Sorts on demand, once per column: for callers without a SortedOrders (tests, one-off reports). */
export function sortingSelection(c: StreamColumns, rows: Int32Array | null = null): DashboardSelection {
  const kept = new Map<SortedKey, SortedColumn>();
  return {
    rows,
    sorted: (key) => {
      let s = kept.get(key);
      if (!s) {
        s = sortColumn(c[key], c.failed);
        kept.set(key, s);
      }
      return s;
    },
  };
}

export function computeDashboard(
  c: StreamColumns,
  opts: { ttftLog: boolean; splitSort: SplitSort },
  selection: DashboardSelection = sortingSelection(c),
) {
  // Its working arrays come from (and go back to) a pool: see scratch-arrays.ts.
  const scratch = leaseScratch();
  try {
    const planned = planDashboard(c, selection, scratch);
    const walked = walkDashboard(c, selection, planned, scratch);
    const charts = chartsOf(c, opts, planned, walked, scratch);
    return assembleDashboard(planned, walked, charts, momentsOf(planned.moments));
  } finally {
    scratch.release();
  }
}

/**
 * computeDashboard with its passes in row order handed to `moments` (a worker thread:
 * moments-off-thread.ts) while this thread walks the sorted columns: the same numbers, on two
 * cores. Its working arrays are shared memory, so the worker reads them where they are.
 */
export async function computeDashboardWith(
  c: StreamColumns,
  opts: { ttftLog: boolean; splitSort: SplitSort },
  selection: DashboardSelection,
  moments: (input: MomentsInput) => Promise<ColumnMoments[]>,
) {
  const scratch = leaseScratch({ shared: true });
  let pending: Promise<ColumnMoments[]> | null = null;
  try {
    const planned = planDashboard(c, selection, scratch);
    pending = moments({ ...planned.moments, rows: sharedRows(planned.moments.rows, scratch) });
    const walked = walkDashboard(c, selection, planned, scratch);
    // Everything that does not read them first: the worker's passes finish meanwhile.
    const charts = chartsOf(c, opts, planned, walked, scratch);
    return assembleDashboard(planned, walked, charts, await pending);
  } finally {
    // The worker reads the lease's arrays until it answers: they go back to the pool only then.
    await pending?.catch(() => undefined);
    scratch.release();
  }
}

/** The selection's rows where a worker can read them: as they are if shared, else a shared copy. */
function sharedRows(rows: Int32Array | null, scratch: ScratchLease): Int32Array | null {
  if (rows === null || rows.buffer instanceof SharedArrayBuffer) return rows;
  const out = scratch.i32(rows.length);
  out.set(rows);
  return out;
}

type Planned = ReturnType<typeof planDashboard>;
type Walked = ReturnType<typeof walkDashboard>;

/** The counts, the breakdown and trend plans and the per-row tables every later step reads. */
function planDashboard(c: StreamColumns, selection: DashboardSelection, scratch: ScratchLease) {
  const rows = selection.rows ?? identity(c);
  const n = rows.length;
  // Mask (1) of the selected rows every timing number covers (not failed); the same pass in row
  // order counts everything counted.
  const base = scratch.u16(c.n, true);
  let failed = 0;
  let hooks = 0;
  let failedLegacy = 0;
  let hooksCount = 0;
  let legacyCount = 0;
  let ttftLegacy = 0;
  const seenApp = new Uint8Array(maxAppRef(c) + 1);
  let apps = 0;
  for (let j = 0; j < n; j++) {
    const i = rows[j] as number;
    const f = c.failed[i] as number;
    const h = c.hooks[i] as number;
    failed += f;
    hooks += h;
    if (f === 1 && h === 0) failedLegacy++;
    if (f === 0) {
      base[i] = 1;
      if (h === 1) hooksCount++;
      else {
        legacyCount++;
        if (Number.isFinite(c.ttft[i])) ttftLegacy++;
      }
    }
    const ref = c.appRef[i] as number;
    if (seenApp[ref] === 0) {
      seenApp[ref] = 1;
      apps++;
    }
  }
  const counts = { failed, hooks, failedLegacy, hooksCount, legacyCount, ttftLegacy };

  const [byAction, byPartition] = planBreakdowns(c, rows);
  const buckets = planTrend(
    c,
    rows,
    base,
    selection.rows === null ? selection.sorted('startUs') : null,
    scratch,
  );
  const breakdownRows = breakdownRowsOf(c, rows, byAction, byPartition, scratch);
  // Means, deviations, minima and maxima in row order (see rowOrderStats), for the selection and,
  // for TTFT, generation and items/s, each breakdown row: two passes for all of them.
  const A = byAction.labels.length;
  const keyed = A + byPartition.labels.length > 0;
  const moments: MomentsInput = {
    rows: selection.rows,
    base,
    breakdownRows,
    actionRows: A,
    keyedSlots: 1 + A + byPartition.labels.length,
    columns: MOMENT_COLUMNS.map((key) => c[key]),
    keyed: MOMENT_COLUMNS.map((key) => keyed && KEYED_MOMENTS.has(key)),
  };
  return { rows, n, base, counts, apps, byAction, byPartition, buckets, breakdownRows, moments };
}

/** The columns whose moments the dashboard reads, in rowOrderStats' order; those per breakdown row too. */
const MOMENT_COLUMNS = [
  'ttft',
  'generation',
  'consumer',
  'genShare',
  'interItem',
  'itemsPerS',
  'legacyMsPerItem',
] as const;
const KEYED_MOMENTS = new Set<string>(['ttft', 'generation', 'itemsPerS']);

/**
 * One walk per sorted column fills every group that reads it (the selection, the breakdown rows,
 * the trend buckets, one timing source), reading each row's groups from the plan's tables.
 */
function walkDashboard(
  c: StreamColumns,
  selection: DashboardSelection,
  planned: Planned,
  scratch: ScratchLease,
) {
  const { byAction, byPartition, breakdownRows, buckets, counts } = planned;
  const selected = selection.rows === null ? null : planned.base;
  const walk = (key: SortedKey, parts: Omit<WalkPlan, 'selected' | 'column'>) =>
    walkMetric(c, selection.sorted(key), { column: c[key], selected, ...parts }, scratch);
  const perRow = { action: byAction, partition: byPartition, breakdownRows };
  const ttftW = walk('ttft', { ...perRow, trend: buckets });
  const ipsW = walk('itemsPerS', { ...perRow, trend: buckets });
  const genW = walk('generation', perRow);
  const interW = walk('interItem', { timing: { hooks: 1, capacity: counts.hooksCount } });
  const legacyW = walk('legacyMsPerItem', { timing: { hooks: 0, capacity: counts.legacyCount } });
  const sortedValues: Record<StatMetric, Float64Array> = {
    ttft_ms: ttftW.all,
    generation_ms: genW.all,
    consumer_ms: walk('consumer', {}).all,
    gen_share: walk('genShare', {}).all,
    inter_item_ms: interW.all,
    items_per_s: ipsW.all,
    legacy_ms_per_item: legacyW.all,
  };
  return { ttftW, ipsW, genW, interW, legacyW, sortedValues };
}

/** What the dashboard draws but its statistics and tables: all of it read from the walks. */
function chartsOf(
  c: StreamColumns,
  opts: { ttftLog: boolean; splitSort: SplitSort },
  { rows, n, counts, buckets }: Planned,
  { ttftW, ipsW, interW, legacyW, sortedValues }: Walked,
  scratch: ScratchLease,
) {
  const ttftValues = sortedValues.ttft_ms;
  return {
    counts: { streams: n, failed: counts.failed, hooks: counts.hooks, legacy: n - counts.hooks },
    ttft: {
      histogram: bins(ttftValues, opts.ttftLog),
      cdf: cdfPoints(ttftValues, 400, true),
      legacyCount: counts.ttftLegacy,
    },
    ...splitAndScatter(c, rows, opts.splitSort, ttftValues, scratch),
    throughput: {
      itemsPerS: bins(sortedValues.items_per_s, false),
      interItemMs: bins(interW.timing, false),
      legacyMsPerItem: bins(legacyW.timing, false),
      legacyCount: n - counts.hooks - counts.failedLegacy,
    },
    trend: buckets ? trendPoints(buckets, ttftW.trend, ipsW.trend) : { bucketMs: 0, points: [] },
  };
}

/** The dashboard: its charts, and its statistics and tables from the walks and the passes in row order. */
function assembleDashboard(
  planned: Planned,
  walked: Walked,
  charts: ReturnType<typeof chartsOf>,
  columnMoments: ColumnMoments[],
) {
  const { byAction, byPartition } = planned;
  const { ttftW, ipsW, genW, interW, legacyW, sortedValues } = walked;
  const withRows = (all: Float64Array, w: WalkResult): ArrayLike<number>[] => [
    all,
    ...w.action,
    ...w.partition,
  ];
  // In MOMENT_COLUMNS' order.
  const moments = rowOrderStats(columnMoments, [
    withRows(ttftW.all, ttftW),
    withRows(genW.all, genW),
    [sortedValues.consumer_ms],
    [sortedValues.gen_share],
    [interW.all],
    withRows(ipsW.all, ipsW),
    [legacyW.all],
  ]);
  const [ttftM, genM, consumerM, shareM, interM, ipsM, legacyM] = moments as Stats[][];
  const stats: Record<StatMetric, Stats> = {
    // TTFT's mean was always summed over its sorted values; the others' in row order.
    ttft_ms: statsOfSorted(sortedValues.ttft_ms),
    generation_ms: genM?.[0] as Stats,
    consumer_ms: consumerM?.[0] as Stats,
    gen_share: shareM?.[0] as Stats,
    inter_item_ms: interM?.[0] as Stats,
    items_per_s: ipsM?.[0] as Stats,
    legacy_ms_per_item: legacyM?.[0] as Stats,
  };
  const tableRows = (plan: BreakdownPlan, offset: number) =>
    plan.labels.map((key, r) => ({
      key,
      streams: plan.streams[r] as number,
      failed: plan.failed[r] as number,
      ttft: ttftM?.[offset + r] as Stats,
      generation: genM?.[offset + r] as Stats,
      itemsPerS: ipsM?.[offset + r] as Stats,
    }));
  const { counts, ...drawn } = charts;
  return {
    counts: { ...counts, apps: planned.apps },
    stats,
    ...drawn,
    byAction: tableRows(byAction, 1),
    byPartition: tableRows(byPartition, 1 + byAction.labels.length),
  };
}

/** The largest app ref of the columns, worked out once per snapshot: the counting pass then also counts apps. */
const maxRefs = new WeakMap<StreamColumns, number>();
function maxAppRef(c: StreamColumns): number {
  let max = maxRefs.get(c);
  if (max === undefined) {
    max = 0;
    for (let i = 0; i < c.n; i++) if ((c.appRef[i] as number) > max) max = c.appRef[i] as number;
    maxRefs.set(c, max);
  }
  return max;
}

/** Every row, ascending: made once per snapshot (4 MB at 1M streams), only ever read. */
const identities = new WeakMap<StreamColumns, Int32Array>();
function identity(c: StreamColumns): Int32Array {
  let out = identities.get(c);
  if (!out) {
    out = new Int32Array(c.n);
    for (let i = 0; i < c.n; i++) out[i] = i;
    identities.set(c, out);
  }
  return out;
}

function bins(sorted: Float64Array, log: boolean): { edges: number[]; counts: number[] } {
  if (sorted.length === 0) return { edges: [], counts: [] };
  const h = histogram(sorted, { log, presorted: true });
  return { edges: h.edges, counts: h.counts };
}

function splitAndScatter(
  c: StreamColumns,
  rows: Int32Array,
  sort: SplitSort,
  sortedTtft: Float64Array,
  scratch: ScratchLease,
): { split: { bars: SplitBar[]; total: number }; scatter: SplitBar[] } {
  const idx = scratch.i32(rows.length);
  const keys = scratch.f64(rows.length);
  let m = 0;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const g = c.generation[i] as number;
    const k = c.consumer[i] as number;
    if (c.failed[i] !== 0 || !Number.isFinite(g) || !Number.isFinite(k)) continue;
    idx[m] = i;
    keys[m] =
      sort === 'generation'
        ? g
        : sort === 'consumer'
          ? k
          : sort === 'share'
            ? g + k > 0
              ? g / (g + k)
              : 0
            : g + k;
    m++;
  }
  const bar = (i: number): SplitBar => ({
    streamId: c.streamId[i] as number,
    appRef: c.appRef[i] as number,
    appId: appIdOf(c.apps, c.appRef[i] as number) ?? '',
    sequenceId: c.sequenceId[i] as number,
    action: (c.actionIdx[i] as number) >= 0 ? (c.actions[c.actionIdx[i] as number] ?? null) : null,
    generationMs: c.generation[i] as number,
    consumerMs: c.consumer[i] as number,
    ttftMs: Number.isFinite(c.ttft[i]) ? (c.ttft[i] as number) : null,
    ttftRank: percentileRankSorted(sortedTtft, c.ttft[i] as number),
  });
  // Only the top bars are drawn (equal keys in row order, as a stable sort of every bar put them).
  const top = topKeys(keys, m, MAX_SPLIT_BARS);
  // An even stride keeps the scatter's shape while bounding the marks drawn.
  const stride = Math.max(1, Math.ceil(m / MAX_SCATTER_POINTS));
  const scatter: SplitBar[] = [];
  for (let j = 0; j < m; j += stride) scatter.push(bar(idx[j] as number));
  return {
    split: { bars: top.map((j) => bar(idx[j] as number)), total: m },
    scatter,
  };
}
