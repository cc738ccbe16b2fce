import type { StatMetric, Stats } from '../../shared/stream-row';
import { cdfPoints, histogram } from './histogram';
import { type PercentileRank, percentileRankSorted } from './percentile-rank';
import { select } from './select-stats';
import { inSortedOrder, type SortedColumn, sortColumn } from './sorted-column';
import type { SortedKey } from './sorted-orders';
import { EMPTY_STATS, percentile, statsOfSorted } from './stats';
import type { StreamColumns } from './stream-columns';

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
const TARGET_TREND_BUCKETS = 40;
const MAX_BREAKDOWN_ROWS = 25;
const NICE_BUCKETS_MS = [
  60_000,
  5 * 60_000,
  15 * 60_000,
  3_600_000,
  6 * 3_600_000,
  86_400_000,
  7 * 86_400_000,
  30 * 86_400_000,
];

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
        s = sortColumn(c[key]);
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
  const rows = selection.rows ?? identity(c.n);
  const n = rows.length;
  // Mask (1) of the selected rows every timing number covers (not failed); the same pass in row
  // order counts everything counted.
  const base = new Uint16Array(c.n);
  let failed = 0;
  let hooks = 0;
  let failedLegacy = 0;
  let hooksCount = 0;
  let legacyCount = 0;
  let ttftLegacy = 0;
  let maxRef = 0;
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
    if ((c.appRef[i] as number) > maxRef) maxRef = c.appRef[i] as number;
  }
  const seenApp = new Uint8Array(maxRef + 1);
  let apps = 0;
  for (let j = 0; j < n; j++) {
    const ref = c.appRef[rows[j] as number] as number;
    if (seenApp[ref] === 0) {
      seenApp[ref] = 1;
      apps++;
    }
  }

  const byAction = planBreakdown(c, rows, c.actionIdx, c.actions);
  const byPartition = planBreakdown(c, rows, c.partitionIdx, c.partitions);
  const buckets = planTrend(c, rows, base);
  // One walk per sorted column fills every group that reads it (the selection, the breakdown rows,
  // the trend buckets, one timing source), reading the rows' attributes in the column's order.
  const selected = selection.rows === null ? null : base;
  const walk = (key: SortedKey, parts: Omit<WalkPlan, 'selected'>) =>
    walkMetric(c, selection.sorted(key), { selected, ...parts });
  const perRow = { action: byAction, partition: byPartition };
  const ttftW = walk('ttft', { ...perRow, trend: buckets });
  const ipsW = walk('itemsPerS', { ...perRow, trend: buckets });
  const genW = walk('generation', perRow);
  const interW = walk('interItem', { timing: { hooks: 1, capacity: hooksCount } });
  const legacyW = walk('legacyMsPerItem', { timing: { hooks: 0, capacity: legacyCount } });
  const sortedValues: Record<StatMetric, Float64Array> = {
    ttft_ms: ttftW.all,
    generation_ms: genW.all,
    consumer_ms: walk('consumer', {}).all,
    gen_share: walk('genShare', {}).all,
    inter_item_ms: interW.all,
    items_per_s: ipsW.all,
    legacy_ms_per_item: legacyW.all,
  };
  // Means, deviations, minima and maxima in row order (see rowOrderStats), for the selection and,
  // for TTFT, generation and items/s, each breakdown row: two passes for all of them.
  const A = byAction.labels.length;
  const withRows = (all: Float64Array, w: WalkResult) => [all, ...w.action, ...w.partition];
  const moments = rowOrderStats(
    c,
    rows,
    base,
    byAction,
    byPartition,
    [c.ttft, c.generation, c.consumer, c.genShare, c.interItem, c.itemsPerS, c.legacyMsPerItem],
    [
      withRows(ttftW.all, ttftW),
      withRows(genW.all, genW),
      [sortedValues.consumer_ms],
      [sortedValues.gen_share],
      [interW.all],
      withRows(ipsW.all, ipsW),
      [legacyW.all],
    ],
  );
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
  const ttftValues = sortedValues.ttft_ms;
  const breakdownRows = (plan: BreakdownPlan, offset: number) =>
    plan.labels.map((key, r) => ({
      key,
      streams: plan.streams[r] as number,
      failed: plan.failed[r] as number,
      ttft: ttftM?.[offset + r] as Stats,
      generation: genM?.[offset + r] as Stats,
      itemsPerS: ipsM?.[offset + r] as Stats,
    }));

  return {
    counts: { streams: n, failed, hooks, legacy: n - hooks, apps },
    stats,
    ttft: {
      histogram: bins(ttftValues, opts.ttftLog),
      cdf: cdfPoints(ttftValues, 400, true),
      legacyCount: ttftLegacy,
    },
    ...splitAndScatter(c, rows, opts.splitSort, ttftValues),
    throughput: {
      itemsPerS: bins(sortedValues.items_per_s, false),
      interItemMs: bins(interW.timing, false),
      legacyMsPerItem: bins(legacyW.timing, false),
      legacyCount: n - hooks - failedLegacy,
    },
    trend: buckets ? trendPoints(buckets, ttftW.trend, ipsW.trend) : { bucketMs: 0, points: [] },
    byAction: breakdownRows(byAction, 1),
    byPartition: breakdownRows(byPartition, 1 + A),
  };
}

interface WalkPlan {
  /** Mask (1) of the selected, non-failed rows; null: every non-failed row. */
  selected: Uint16Array | null;
  action?: BreakdownPlan;
  partition?: BreakdownPlan;
  trend?: TrendPlan | null;
  /** Also collect the values of one timing source (1 hooks, 0 legacy). */
  timing?: { hooks: number; capacity: number };
}

interface WalkResult {
  all: Float64Array;
  action: Float64Array[];
  partition: Float64Array[];
  trend: Float64Array[];
  timing: Float64Array;
}

/** Flat storage for groups of known capacities, filled in ascending order. */
function groupBuffers(capacity: ArrayLike<number>) {
  const start = new Int32Array(capacity.length);
  let total = 0;
  for (let g = 0; g < capacity.length; g++) {
    start[g] = total;
    total += capacity[g] as number;
  }
  const buffer = new Float64Array(total);
  const fill = start.slice();
  return {
    buffer,
    fill,
    groups: () => Array.from(start, (from, g) => buffer.subarray(from, fill[g] as number)),
  };
}

/**
 * One walk of a sorted column: the selection's values, and those of each breakdown row, trend
 * bucket and timing source asked for, each in ascending order. The rows' failed flag, keys and
 * start times are read in the column's order (inSortedOrder), sequentially; only a filtered
 * selection's mask is read row by row.
 */
function walkMetric(c: StreamColumns, sorted: SortedColumn, plan: WalkPlan): WalkResult {
  const { rows, values } = sorted;
  const failedS = inSortedOrder(sorted, c, 'failed');
  const selected = plan.selected;
  const all = new Float64Array(values.length);
  let nAll = 0;
  const none = new Int32Array(0);
  const action = plan.action ? groupBuffers(plan.action.capacity) : null;
  const actionS = plan.action ? inSortedOrder(sorted, c, 'actionIdx') : none;
  const actionRow = plan.action?.rowOfKey ?? none;
  const partition = plan.partition ? groupBuffers(plan.partition.capacity) : null;
  const partitionS = plan.partition ? inSortedOrder(sorted, c, 'partitionIdx') : none;
  const partitionRow = plan.partition?.rowOfKey ?? none;
  const trend = plan.trend ? groupBuffers(plan.trend.n) : null;
  const startS = plan.trend ? inSortedOrder(sorted, c, 'startUs') : new Float64Array(0);
  const { startMs = 0, bucketMs = 1, buckets = 0 } = plan.trend ?? {};
  const timing = plan.timing ? new Float64Array(plan.timing.capacity) : new Float64Array(0);
  const hooksS = plan.timing ? inSortedOrder(sorted, c, 'hooks') : new Uint8Array(0);
  const wantHooks = plan.timing?.hooks ?? -1;
  let nTiming = 0;
  for (let k = 0; k < rows.length; k++) {
    if (failedS[k] !== 0) continue;
    if (selected !== null && selected[rows[k] as number] !== 1) continue;
    const v = values[k] as number;
    all[nAll++] = v;
    if (action !== null) {
      const g = actionRow[(actionS[k] as number) + 1] as number;
      const at = action.fill[g] as number;
      action.buffer[at] = v;
      action.fill[g] = at + 1;
    }
    if (partition !== null) {
      const g = partitionRow[(partitionS[k] as number) + 1] as number;
      const at = partition.fill[g] as number;
      partition.buffer[at] = v;
      partition.fill[g] = at + 1;
    }
    if (trend !== null) {
      // planTrend's very formula: the same bucket for the same start.
      const t = startS[k] as number;
      const b = Number.isFinite(t)
        ? Math.min(buckets - 1, Math.floor((t / 1000 - startMs) / bucketMs))
        : buckets;
      const at = trend.fill[b] as number;
      trend.buffer[at] = v;
      trend.fill[b] = at + 1;
    }
    if (hooksS[k] === wantHooks) timing[nTiming++] = v;
  }
  return {
    all: all.subarray(0, nAll),
    action: action?.groups() ?? [],
    partition: partition?.groups() ?? [],
    trend: trend?.groups() ?? [],
    timing: timing.subarray(0, nTiming),
  };
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * statsBySelection's numbers from sorted values: count and percentiles from the sorted values;
 * mean, std, min and max from passes in row order, the order statsBySelection summed in (a float
 * sum depends on its order). For each column, `sorted[m]` holds the selection's sorted values,
 * then (when the column has breakdowns) each action row's, then each partition row's; the sums of
 * all of them come from the same two passes over the rows.
 */
function rowOrderStats(
  c: StreamColumns,
  rows: Int32Array,
  base: Uint16Array,
  byAction: BreakdownPlan,
  byPartition: BreakdownPlan,
  cols: Float64Array[],
  sorted: Float64Array[][],
): Stats[][] {
  const A = byAction.labels.length;
  const offset = new Int32Array(cols.length + 1);
  for (let m = 0; m < cols.length; m++)
    offset[m + 1] = (offset[m] as number) + (sorted[m] as Float64Array[]).length;
  const slots = offset[cols.length] as number;
  const grouped = sorted.map((s) => s.length > 1);
  const sum = new Float64Array(slots);
  const min = new Float64Array(slots).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(slots).fill(Number.NEGATIVE_INFINITY);
  const sq = new Float64Array(slots);
  const actionRow = byAction.rowOfKey;
  const partitionRow = byPartition.rowOfKey;
  const count = Float64Array.from({ length: slots }, (_, slot) => {
    let m = 0;
    while ((offset[m + 1] as number) <= slot) m++;
    return ((sorted[m] as Float64Array[])[slot - (offset[m] as number)] as Float64Array).length;
  });
  const mean = new Float64Array(slots);
  for (let pass = 0; pass < 2; pass++) {
    if (pass === 1) for (let k = 0; k < slots; k++) mean[k] = (sum[k] as number) / (count[k] as number);
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j] as number;
      if (base[i] !== 1) continue;
      const a = 1 + (actionRow[(c.actionIdx[i] as number) + 1] as number);
      const p = 1 + A + (partitionRow[(c.partitionIdx[i] as number) + 1] as number);
      for (let m = 0; m < cols.length; m++) {
        const v = (cols[m] as Float64Array)[i] as number;
        if (!Number.isFinite(v)) continue;
        const o = offset[m] as number;
        if (pass === 0) {
          addTo(sum, min, max, o, v);
          if (grouped[m]) {
            addTo(sum, min, max, o + a, v);
            addTo(sum, min, max, o + p, v);
          }
        } else {
          devTo(sq, mean, o, v);
          if (grouped[m]) {
            devTo(sq, mean, o + a, v);
            devTo(sq, mean, o + p, v);
          }
        }
      }
    }
  }
  return sorted.map((groups, m) =>
    groups.map((values, g) => {
      const n = values.length;
      if (n === 0) return { ...EMPTY_STATS };
      const slot = (offset[m] as number) + g;
      return withPercentiles(
        values,
        n,
        mean[slot] as number,
        Math.sqrt((sq[slot] as number) / n),
        min[slot] as number,
        max[slot] as number,
      );
    }),
  );
}

function addTo(sum: Float64Array, min: Float64Array, max: Float64Array, slot: number, v: number): void {
  sum[slot] = (sum[slot] as number) + v;
  if (v < (min[slot] as number)) min[slot] = v;
  if (v > (max[slot] as number)) max[slot] = v;
}

function devTo(sq: Float64Array, mean: Float64Array, slot: number, v: number): void {
  const d = v - (mean[slot] as number);
  sq[slot] = (sq[slot] as number) + d * d;
}

function withPercentiles(
  sorted: Float64Array,
  n: number,
  mean: number,
  std: number,
  min: number,
  max: number,
): Stats {
  return {
    count: n,
    mean,
    std,
    min,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max,
  };
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
): { split: { bars: SplitBar[]; total: number }; scatter: SplitBar[] } {
  const idx = new Int32Array(rows.length);
  const keys = new Float64Array(rows.length);
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
    appId: c.appIds.get(c.appRef[i] as number) ?? '',
    sequenceId: c.sequenceId[i] as number,
    action: (c.actionIdx[i] as number) >= 0 ? (c.actions[c.actionIdx[i] as number] ?? null) : null,
    generationMs: c.generation[i] as number,
    consumerMs: c.consumer[i] as number,
    ttftMs: Number.isFinite(c.ttft[i]) ? (c.ttft[i] as number) : null,
    ttftRank: percentileRankSorted(sortedTtft, c.ttft[i] as number),
  });
  // Only the top bars are drawn: the cut-off is one order statistic (quickselect on a copy), then
  // just the bars above it are sorted.
  const cutoff = m > MAX_SPLIT_BARS ? select(keys.slice(0, m), m - MAX_SPLIT_BARS) : Number.NEGATIVE_INFINITY;
  const top: number[] = [];
  for (let j = 0; j < m; j++) if ((keys[j] as number) >= cutoff) top.push(j);
  top.sort((a, b) => (keys[b] as number) - (keys[a] as number));
  // An even stride keeps the scatter's shape while bounding the marks drawn.
  const stride = Math.max(1, Math.ceil(m / MAX_SCATTER_POINTS));
  const scatter: SplitBar[] = [];
  for (let j = 0; j < m; j += stride) scatter.push(bar(idx[j] as number));
  return {
    split: { bars: top.slice(0, MAX_SPLIT_BARS).map((j) => bar(idx[j] as number)), total: m },
    scatter,
  };
}

interface TrendPlan {
  bucketMs: number;
  startMs: number;
  buckets: number;
  /** Streams per bucket (the last slot: no start time, never drawn). */
  n: Int32Array;
}

/** The trend's buckets (nice widths, about TARGET_TREND_BUCKETS of them) and each row's bucket. */
function planTrend(c: StreamColumns, rows: Int32Array, base: Uint16Array): TrendPlan | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const t = c.startUs[i] as number;
    if (base[i] === 1 && Number.isFinite(t)) {
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
  }
  if (!Number.isFinite(lo)) return null;
  const spanMs = (hi - lo) / 1000;
  const bucketMs =
    NICE_BUCKETS_MS.find((b) => spanMs / b <= TARGET_TREND_BUCKETS) ?? (NICE_BUCKETS_MS.at(-1) as number);
  const startMs = Math.floor(lo / 1000 / bucketMs) * bucketMs;
  const buckets = Math.floor((hi / 1000 - startMs) / bucketMs) + 1;
  // Streams without a start time go to an extra slot that is never drawn. walkMetric puts each
  // value in its bucket with this very formula.
  const n = new Int32Array(buckets + 1);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    if (base[i] !== 1) continue;
    const t = c.startUs[i] as number;
    const b = Number.isFinite(t)
      ? Math.min(buckets - 1, Math.floor((t / 1000 - startMs) / bucketMs))
      : buckets;
    n[b] = (n[b] as number) + 1;
  }
  return { bucketMs, startMs, buckets, n };
}

function trendPoints(plan: TrendPlan, ttft: Float64Array[], ips: Float64Array[]) {
  const points = [];
  for (let b = 0; b < plan.buckets; b++) {
    if ((plan.n[b] as number) === 0) continue;
    const t = ttft[b] as Float64Array;
    const r = ips[b] as Float64Array;
    points.push({
      t: plan.startMs + b * plan.bucketMs,
      n: plan.n[b] as number,
      ttftP50: percentile(t, 50),
      ttftP90: percentile(t, 90),
      itemsPerSP50: percentile(r, 50),
      itemsPerSP90: percentile(r, 90),
    });
  }
  return { bucketMs: plan.bucketMs, points };
}

interface BreakdownPlan {
  labels: (string | null)[];
  /** Table row of each key index + 1 (slot 0: no key). */
  rowOfKey: Int32Array;
  streams: Int32Array;
  failed: Int32Array;
  /** Selected, non-failed streams per table row: what the statistics cover (at most). */
  capacity: Int32Array;
}

/**
 * The rows of a breakdown by action or partition key. The largest groups get a row each; the
 * rest (a partition per user can mean thousands) share one "(N others)" row, so the table stays
 * readable and the cost stays one walk per metric whatever the key count.
 */
function planBreakdown(
  c: StreamColumns,
  rows: Int32Array,
  keyIdx: Int32Array,
  keys: string[],
): BreakdownPlan {
  // Key index -1 (none) shifts to slot 0, so everything indexes typed arrays.
  const sizes = new Int32Array(keys.length + 1);
  for (let j = 0; j < rows.length; j++) {
    const k = (keyIdx[rows[j] as number] as number) + 1;
    sizes[k] = (sizes[k] as number) + 1;
  }
  const present: number[] = [];
  for (let k = 0; k < sizes.length; k++) if ((sizes[k] as number) > 0) present.push(k);
  present.sort((a, b) => (sizes[b] as number) - (sizes[a] as number) || a - b);
  const rowOfKey = new Int32Array(sizes.length);
  const labels: (string | null)[] = [];
  present.forEach((k, rank) => {
    rowOfKey[k] = Math.min(rank, MAX_BREAKDOWN_ROWS);
    if (rank < MAX_BREAKDOWN_ROWS) labels.push(k > 0 ? (keys[k - 1] ?? null) : null);
  });
  const others = present.length - MAX_BREAKDOWN_ROWS;
  if (others > 0) labels.push(`(${others.toLocaleString('en-US')} others)`);
  const streams = new Int32Array(labels.length);
  const failed = new Int32Array(labels.length);
  const capacity = new Int32Array(labels.length);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const r = rowOfKey[(keyIdx[i] as number) + 1] as number;
    streams[r] = (streams[r] as number) + 1;
    if (c.failed[i] === 1) failed[r] = (failed[r] as number) + 1;
    else capacity[r] = (capacity[r] as number) + 1;
  }
  return { labels, rowOfKey, streams, failed, capacity };
}
