import type { StatMetric, Stats } from '../../shared/stream-row';
import type { StreamColumns } from './stream-columns';
import { cdfPoints, histogram } from './histogram';
import { computeStats, statsOfSorted } from './stats';

/**
 * Everything the project dashboard draws, computed from one column scan.
 * Charts receive bins, CDF points, a bounded number of bars and a sampled
 * scatter: never one mark per raw stream when there are thousands.
 * Failed streams are excluded from every timing number and counted apart.
 */
const MAX_SPLIT_BARS = 300;
const MAX_SCATTER_POINTS = 2000;
const TARGET_TREND_BUCKETS = 40;
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
  const sortedOf = (col: Float64Array, extra?: (i: number) => boolean): Float64Array => pick(col, extra).sort();

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
  const sorted: Record<string, Float64Array> = {};
  const stats: Record<string, Stats> = {};
  for (const [metric, col] of Object.entries(columns)) {
    sorted[metric] = sortedOf(col);
    stats[metric] = statsOfSorted(sorted[metric] as Float64Array);
  }

  const ttftValues = sorted.ttft_ms as Float64Array;
  let ttftLegacy = 0;
  for (let i = 0; i < c.n; i++) if (ok(i) && legacyOk(i) && Number.isFinite(c.ttft[i])) ttftLegacy++;

  return {
    counts: { streams: c.n, failed, hooks, legacy: c.n - hooks, apps: c.appIds.size },
    stats,
    ttft: {
      histogram: bins(ttftValues, opts.ttftLog),
      cdf: cdfPoints(ttftValues, 400),
      legacyCount: ttftLegacy,
    },
    ...splitAndScatter(c, opts.splitSort),
    throughput: {
      itemsPerS: bins(sorted.items_per_s as Float64Array, false, true),
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

function splitAndScatter(c: StreamColumns, sort: SplitSort): { split: { bars: SplitBar[]; total: number }; scatter: SplitBar[] } {
  const idx = new Int32Array(c.n);
  const keys = new Float64Array(c.n);
  let m = 0;
  for (let i = 0; i < c.n; i++) {
    const g = c.generation[i] as number;
    const k = c.consumer[i] as number;
    if (c.failed[i] !== 0 || !Number.isFinite(g) || !Number.isFinite(k)) continue;
    idx[m] = i;
    keys[m] = sort === 'generation' ? g : sort === 'consumer' ? k : sort === 'share' ? (g + k > 0 ? g / (g + k) : 0) : g + k;
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
  return { split: { bars: top.slice(0, MAX_SPLIT_BARS).map((j) => bar(idx[j] as number)), total: m }, scatter };
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
  const buckets = new Map<number, { ttft: number[]; ips: number[]; n: number }>();
  for (let i = 0; i < c.n; i++) {
    const t = c.startUs[i] as number;
    if (c.failed[i] === 1 || !Number.isFinite(t)) continue;
    const b = startMs + Math.floor((t / 1000 - startMs) / bucketMs) * bucketMs;
    let bucket = buckets.get(b);
    if (!bucket) {
      bucket = { ttft: [], ips: [], n: 0 };
      buckets.set(b, bucket);
    }
    bucket.n++;
    if (Number.isFinite(c.ttft[i])) bucket.ttft.push(c.ttft[i] as number);
    if (Number.isFinite(c.itemsPerS[i])) bucket.ips.push(c.itemsPerS[i] as number);
  }
  const points = [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, b]) => {
      const ttft = computeStats(b.ttft);
      const ips = computeStats(b.ips);
      return {
        t,
        n: b.n,
        ttftP50: ttft.p50,
        ttftP90: ttft.p90,
        itemsPerSP50: ips.p50,
        itemsPerSP90: ips.p90,
      };
    });
  return { bucketMs, points };
}

function breakdown(c: StreamColumns, keyIdx: Int32Array, keys: string[]) {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < c.n; i++) {
    const k = keyIdx[i] as number;
    let list = groups.get(k);
    if (!list) {
      list = [];
      groups.set(k, list);
    }
    list.push(i);
  }
  const values = (rows: number[], col: Float64Array): number[] =>
    rows.filter((i) => c.failed[i] === 0 && Number.isFinite(col[i])).map((i) => col[i] as number);
  return [...groups.entries()]
    .map(([k, rows]) => ({
      key: k >= 0 ? (keys[k] ?? null) : null,
      streams: rows.length,
      failed: rows.filter((i) => c.failed[i] === 1).length,
      ttft: computeStats(values(rows, c.ttft)),
      generation: computeStats(values(rows, c.generation)),
      itemsPerS: computeStats(values(rows, c.itemsPerS)),
    }))
    .sort((a, b) => b.streams - a.streams || String(a.key).localeCompare(String(b.key)));
}
