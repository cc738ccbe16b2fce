import type { StatMetric, Stats } from '../../shared/stream-row';
import { cdfPoints, histogram } from './histogram';
import { type PercentileRank, percentileRankSorted } from './percentile-rank';
import { select } from './select-stats';
import { type SortedColumn, sortColumn, sortedByGroup, sortedWhere } from './sorted-column';
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
  // base: selected and not failed (every timing number); then split by timing source.
  const base = new Uint8Array(c.n);
  const hooksOnly = new Uint8Array(c.n);
  const legacyOnly = new Uint8Array(c.n);
  let failed = 0;
  let hooks = 0;
  let failedLegacy = 0;
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
      if (h === 1) hooksOnly[i] = 1;
      else legacyOnly[i] = 1;
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
  const sortedOf = (key: SortedKey, mask: Uint8Array = base): Float64Array =>
    sortedWhere(selection.sorted(key), mask);

  const columns: Record<StatMetric, SortedKey> = {
    ttft_ms: 'ttft',
    generation_ms: 'generation',
    consumer_ms: 'consumer',
    gen_share: 'genShare',
    inter_item_ms: 'interItem',
    items_per_s: 'itemsPerS',
    legacy_ms_per_item: 'legacyMsPerItem',
  };
  const sortedValues = {} as Record<SortedKey, Float64Array>;
  const stats = {} as Record<StatMetric, Stats>;
  for (const [metric, key] of Object.entries(columns)) {
    const sorted = sortedOf(key);
    sortedValues[key] = sorted;
    // TTFT's mean was always summed over its sorted values; the others' in row order.
    stats[metric as StatMetric] =
      key === 'ttft' ? statsOfSorted(sorted) : statsInRowOrder(sorted, c[key], rows, base);
  }
  const ttftValues = sortedValues.ttft;

  let ttftLegacy = 0;
  for (let j = 0; j < n; j++) {
    const i = rows[j] as number;
    if (legacyOnly[i] === 1 && Number.isFinite(c.ttft[i])) ttftLegacy++;
  }

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
      itemsPerS: bins(sortedValues.itemsPerS, false),
      interItemMs: bins(sortedOf('interItem', hooksOnly), false),
      legacyMsPerItem: bins(sortedOf('legacyMsPerItem', legacyOnly), false),
      legacyCount: n - hooks - failedLegacy,
    },
    trend: trend(c, rows, base, selection),
    byAction: breakdown(c, rows, base, selection, c.actionIdx, c.actions),
    byPartition: breakdown(c, rows, base, selection, c.partitionIdx, c.partitions),
  };
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * statsBySelection's numbers from sorted values: count, percentiles from the sorted copy; mean,
 * std, min and max from a pass in row order, the order statsBySelection summed in (a float sum
 * depends on its order).
 */
function statsInRowOrder(sorted: Float64Array, col: Float64Array, rows: Int32Array, mask: Uint8Array): Stats {
  const n = sorted.length;
  if (n === 0) return { ...EMPTY_STATS };
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const v = col[i] as number;
    if (mask[i] !== 1 || !Number.isFinite(v)) continue;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let sq = 0;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const v = col[i] as number;
    if (mask[i] !== 1 || !Number.isFinite(v)) continue;
    const d = v - mean;
    sq += d * d;
  }
  return withPercentiles(sorted, n, mean, Math.sqrt(sq / n), min, max);
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

function trend(c: StreamColumns, rows: Int32Array, base: Uint8Array, selection: DashboardSelection) {
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
  if (!Number.isFinite(lo)) return { bucketMs: 0, points: [] };
  const spanMs = (hi - lo) / 1000;
  const bucketMs =
    NICE_BUCKETS_MS.find((b) => spanMs / b <= TARGET_TREND_BUCKETS) ?? (NICE_BUCKETS_MS.at(-1) as number);
  const startMs = Math.floor(lo / 1000 / bucketMs) * bucketMs;
  const buckets = Math.floor((hi / 1000 - startMs) / bucketMs) + 1;
  // Bucket of each selected, non-failed row (-1 elsewhere); streams without a start time go to an
  // extra slot that is never drawn.
  const bucketOf = new Int32Array(c.n).fill(-1);
  const n = new Int32Array(buckets + 1);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    if (base[i] !== 1) continue;
    const t = c.startUs[i] as number;
    const b = Number.isFinite(t)
      ? Math.min(buckets - 1, Math.floor((t / 1000 - startMs) / bucketMs))
      : buckets;
    bucketOf[i] = b;
    n[b] = (n[b] as number) + 1;
  }
  const ttft = sortedByGroup(selection.sorted('ttft'), bucketOf, buckets + 1);
  const ips = sortedByGroup(selection.sorted('itemsPerS'), bucketOf, buckets + 1);
  const points = [];
  for (let b = 0; b < buckets; b++) {
    if ((n[b] as number) === 0) continue;
    const t = ttft[b] as Float64Array;
    const r = ips[b] as Float64Array;
    points.push({
      t: startMs + b * bucketMs,
      n: n[b] as number,
      ttftP50: percentile(t, 50),
      ttftP90: percentile(t, 90),
      itemsPerSP50: percentile(r, 50),
      itemsPerSP90: percentile(r, 90),
    });
  }
  return { bucketMs, points };
}

/**
 * Stats per action or partition key. The largest groups get a row each; the
 * rest (a partition per user can mean thousands) share one "(N others)" row, so
 * the table stays readable and the cost stays one walk per metric whatever the key count.
 */
function breakdown(
  c: StreamColumns,
  rows: Int32Array,
  base: Uint8Array,
  selection: DashboardSelection,
  keyIdx: Int32Array,
  keys: string[],
) {
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
  // Table row of each selected, non-failed snapshot row (-1 elsewhere): what the statistics cover.
  const groupOf = new Int32Array(c.n).fill(-1);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const r = rowOfKey[(keyIdx[i] as number) + 1] as number;
    streams[r] = (streams[r] as number) + 1;
    if (c.failed[i] === 1) failed[r] = (failed[r] as number) + 1;
    if (base[i] === 1) groupOf[i] = r;
  }
  const statsPerRow = (key: SortedKey) =>
    groupStats(sortedByGroup(selection.sorted(key), groupOf, labels.length), c[key], rows, groupOf);
  const ttft = statsPerRow('ttft');
  const generation = statsPerRow('generation');
  const itemsPerS = statsPerRow('itemsPerS');
  return labels.map((key, r) => ({
    key,
    streams: streams[r] as number,
    failed: failed[r] as number,
    ttft: ttft[r] as Stats,
    generation: generation[r] as Stats,
    itemsPerS: itemsPerS[r] as Stats,
  }));
}

/** statsInRowOrder per group: sums per group in one row-order pass, percentiles from each sorted group. */
function groupStats(
  sorted: Float64Array[],
  col: Float64Array,
  rows: Int32Array,
  groupOf: Int32Array,
): Stats[] {
  const groups = sorted.length;
  const sum = new Float64Array(groups);
  const min = new Float64Array(groups).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(groups).fill(Number.NEGATIVE_INFINITY);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const g = groupOf[i] as number;
    const v = col[i] as number;
    if (g < 0 || !Number.isFinite(v)) continue;
    sum[g] = (sum[g] as number) + v;
    if (v < (min[g] as number)) min[g] = v;
    if (v > (max[g] as number)) max[g] = v;
  }
  const mean = Float64Array.from(sum, (s, g) => s / (sorted[g] as Float64Array).length);
  const sq = new Float64Array(groups);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const g = groupOf[i] as number;
    const v = col[i] as number;
    if (g < 0 || !Number.isFinite(v)) continue;
    const d = v - (mean[g] as number);
    sq[g] = (sq[g] as number) + d * d;
  }
  return sorted.map((values, g) => {
    const n = values.length;
    if (n === 0) return { ...EMPTY_STATS };
    return withPercentiles(
      values,
      n,
      mean[g] as number,
      Math.sqrt((sq[g] as number) / n),
      min[g] as number,
      max[g] as number,
    );
  });
}
