import { appIdOf } from '../../src/core/metrics/app-table';
import { cdfPoints, histogram } from '../../src/core/metrics/histogram';
import { type PercentileRank, percentileRankSorted } from '../../src/core/metrics/percentile-rank';
import { percentileBySelection, statsBySelection } from '../../src/core/metrics/select-stats';
import { statsOfSorted } from '../../src/core/metrics/stats';
import type { StreamColumns } from '../../src/core/metrics/stream-columns';
import type { StatMetric, Stats } from '../../src/shared/stream-row';

/**
 * Everything the project dashboard draws, computed from one column scan.
 * Charts receive bins, CDF points, a bounded number of bars and a sampled
 * scatter: never one mark per raw stream when there are thousands.
 * Failed streams are excluded from every timing number and counted apart.
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

export function computeDashboard(c: StreamColumns, opts: { ttftLog: boolean; splitSort: SplitSort }) {
  const ok = (i: number): boolean => c.failed[i] === 0;
  const pick = (col: Float64Array, extra?: (i: number) => boolean): Float64Array => {
    const out = new Float64Array(c.n);
    let k = 0;
    for (let i = 0; i < c.n; i++) {
      const v = col[i] as number;
      if (ok(i) && Number.isFinite(v) && (!extra || extra(i))) out[k++] = v;
    }
    return out.subarray(0, k);
  };
  // Each metric is gathered and sorted once; stats, histograms and the CDF read the sorted copy.
  const sortedOf = (col: Float64Array, extra?: (i: number) => boolean): Float64Array =>
    pick(col, extra).sort();

  let failed = 0;
  let hooks = 0;
  for (let i = 0; i < c.n; i++) {
    failed += c.failed[i] as number;
    hooks += c.hooks[i] as number;
  }
  const legacyOk = (i: number): boolean => c.hooks[i] === 0;

  const columns: Record<StatMetric, Float64Array> = {
    ttft_ms: c.ttft,
    generation_ms: c.generation,
    consumer_ms: c.consumer,
    gen_share: c.genShare,
    inter_item_ms: c.interItem,
    items_per_s: c.itemsPerS,
    legacy_ms_per_item: c.legacyMsPerItem,
  };
  // Only TTFT is sorted (its CDF needs every value in order); the other metrics' percentiles come
  // from quickselect, the same numbers at a fraction of the cost.
  const ttftValues = sortedOf(c.ttft);
  const stats = {} as Record<StatMetric, Stats>;
  for (const [metric, col] of Object.entries(columns)) {
    stats[metric as StatMetric] =
      metric === 'ttft_ms' ? statsOfSorted(ttftValues) : statsBySelection(pick(col));
  }

  let ttftLegacy = 0;
  for (let i = 0; i < c.n; i++) if (ok(i) && legacyOk(i) && Number.isFinite(c.ttft[i])) ttftLegacy++;

  return {
    counts: { streams: c.n, failed, hooks, legacy: c.n - hooks, apps: new Set(c.appRef).size },
    stats,
    ttft: {
      histogram: bins(ttftValues, opts.ttftLog, true),
      cdf: cdfPoints(ttftValues, 400),
      legacyCount: ttftLegacy,
    },
    ...splitAndScatter(c, opts.splitSort, ttftValues),
    throughput: {
      itemsPerS: bins(pick(c.itemsPerS), false),
      interItemMs: bins(
        pick(c.interItem, (i) => c.hooks[i] === 1),
        false,
      ),
      legacyMsPerItem: bins(pick(c.legacyMsPerItem, legacyOk), false),
      legacyCount: c.n - hooks - countFailedLegacy(c),
    },
    trend: trend(c),
    byAction: breakdown(c, c.actionIdx, c.actions),
    byPartition: breakdown(c, c.partitionIdx, c.partitions),
  };
}

function countFailedLegacy(c: StreamColumns): number {
  let n = 0;
  for (let i = 0; i < c.n; i++) if (c.failed[i] === 1 && c.hooks[i] === 0) n++;
  return n;
}

function bins(values: Float64Array, log: boolean, presorted = false): { edges: number[]; counts: number[] } {
  if (values.length === 0) return { edges: [], counts: [] };
  const h = histogram(values, { log, presorted });
  return { edges: h.edges, counts: h.counts };
}

function splitAndScatter(
  c: StreamColumns,
  sort: SplitSort,
  sortedTtft: Float64Array,
): { split: { bars: SplitBar[]; total: number }; scatter: SplitBar[] } {
  const idx = new Int32Array(c.n);
  const keys = new Float64Array(c.n);
  let m = 0;
  for (let i = 0; i < c.n; i++) {
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
  // Only the top bars are drawn: find the cut-off with a typed-array sort of the keys, then sort just those.
  const sortedKeys = keys.slice(0, m).sort();
  const cutoff = m > MAX_SPLIT_BARS ? (sortedKeys[m - MAX_SPLIT_BARS] as number) : Number.NEGATIVE_INFINITY;
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

function trend(c: StreamColumns) {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < c.n; i++) {
    const t = c.startUs[i] as number;
    if (c.failed[i] === 0 && Number.isFinite(t)) {
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
  // Streams without a start time go to an extra slot that is never drawn.
  const bucketOf = (i: number): number => {
    const t = c.startUs[i] as number;
    return Number.isFinite(t) ? Math.min(buckets - 1, Math.floor((t / 1000 - startMs) / bucketMs)) : buckets;
  };
  const n = new Int32Array(buckets + 1);
  for (let i = 0; i < c.n; i++) if (c.failed[i] === 0) n[bucketOf(i)] = (n[bucketOf(i)] as number) + 1;
  const ttft = grouped(c, c.ttft, buckets + 1, bucketOf);
  const ips = grouped(c, c.itemsPerS, buckets + 1, bucketOf);
  const points = [];
  for (let b = 0; b < buckets; b++) {
    if ((n[b] as number) === 0) continue;
    const t = ttft[b] as Float64Array;
    const r = ips[b] as Float64Array;
    points.push({
      t: startMs + b * bucketMs,
      n: n[b] as number,
      ttftP50: percentileBySelection(t, 50),
      ttftP90: percentileBySelection(t, 90),
      itemsPerSP50: percentileBySelection(r, 50),
      itemsPerSP90: percentileBySelection(r, 90),
    });
  }
  return { bucketMs, points };
}

/**
 * Stats per action or partition key. The largest groups get a row each; the
 * rest (a partition per user can mean thousands) share one "(N others)" row, so
 * the table stays readable and the cost stays a few sorts whatever the key count.
 */
function breakdown(c: StreamColumns, keyIdx: Int32Array, keys: string[]) {
  // Key index -1 (none) shifts to slot 0, so everything indexes typed arrays.
  const sizes = new Int32Array(keys.length + 1);
  for (let i = 0; i < c.n; i++) {
    const k = (keyIdx[i] as number) + 1;
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
  const rowOf = (i: number): number => rowOfKey[(keyIdx[i] as number) + 1] as number;
  const streams = new Int32Array(labels.length);
  const failed = new Int32Array(labels.length);
  for (let i = 0; i < c.n; i++) {
    const r = rowOf(i);
    streams[r] = (streams[r] as number) + 1;
    if (c.failed[i] === 1) failed[r] = (failed[r] as number) + 1;
  }
  const statsPerRow = (col: Float64Array) => {
    const per = grouped(c, col, labels.length, rowOf);
    return per.map((values) => statsBySelection(values));
  };
  const ttft = statsPerRow(c.ttft);
  const generation = statsPerRow(c.generation);
  const itemsPerS = statsPerRow(c.itemsPerS);
  return labels.map((key, r) => ({
    key,
    streams: streams[r] as number,
    failed: failed[r] as number,
    ttft: ttft[r] as Stats,
    generation: generation[r] as Stats,
    itemsPerS: itemsPerS[r] as Stats,
  }));
}

/** A column's finite values of non-failed streams, split into `groups` arrays: two passes, no JS arrays. */
function grouped(
  c: StreamColumns,
  col: Float64Array,
  groups: number,
  groupOf: (i: number) => number,
): Float64Array[] {
  const sizes = new Int32Array(groups);
  for (let i = 0; i < c.n; i++)
    if (c.failed[i] === 0 && Number.isFinite(col[i])) sizes[groupOf(i)] = (sizes[groupOf(i)] as number) + 1;
  const out = Array.from(sizes, (size) => new Float64Array(size));
  const fill = new Int32Array(groups);
  for (let i = 0; i < c.n; i++) {
    if (c.failed[i] !== 0 || !Number.isFinite(col[i])) continue;
    const g = groupOf(i);
    const slot = fill[g] as number;
    (out[g] as Float64Array)[slot] = col[i] as number;
    fill[g] = slot + 1;
  }
  return out;
}
