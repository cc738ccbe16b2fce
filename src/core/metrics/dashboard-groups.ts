/** The dashboard's trend buckets and breakdown rows: which group each selected stream falls in. */
import type { ScratchLease } from './scratch-arrays';
import type { SortedColumn } from './sorted-column';
import { percentile } from './stats';
import type { StreamColumns } from './stream-columns';

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

export interface TrendPlan {
  bucketMs: number;
  startMs: number;
  buckets: number;
  /** Streams per bucket (the last slot: no start time, never drawn). */
  n: Int32Array;
  /**
   * Each selected, non-failed stream's bucket, by row (other rows' entries are stale): what every
   * walk reads (dashboard-walk.ts). A scratch array: read it before the lease is released.
   */
  bucketOf: Uint16Array | Int32Array;
}

/**
 * The trend's buckets (nice widths, about TARGET_TREND_BUCKETS of them) and each row's bucket.
 * `everyRow`: the sorted start column, given when every row is selected (`rows` all of them).
 */
export function planTrend(
  c: StreamColumns,
  rows: Int32Array,
  base: Uint16Array,
  everyRow: SortedColumn | null,
  scratch: ScratchLease,
): TrendPlan | null {
  const [lo, hi] = (everyRow && startSpan(everyRow)) ?? scanSpan(c, rows, base);
  if (!Number.isFinite(lo)) return null;
  const spanMs = (hi - lo) / 1000;
  const bucketMs =
    NICE_BUCKETS_MS.find((b) => spanMs / b <= TARGET_TREND_BUCKETS) ?? (NICE_BUCKETS_MS.at(-1) as number);
  const startMs = Math.floor(lo / 1000 / bucketMs) * bucketMs;
  const buckets = Math.floor((hi / 1000 - startMs) / bucketMs) + 1;
  // Streams without a start time go to an extra slot that is never drawn.
  const n = new Int32Array(buckets + 1);
  const bucketOf = buckets <= 0xffff ? scratch.u16(c.n) : scratch.i32(c.n);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    if (base[i] !== 1) continue;
    const t = c.startUs[i] as number;
    const b = Number.isFinite(t)
      ? Math.min(buckets - 1, Math.floor((t / 1000 - startMs) / bucketMs))
      : buckets;
    n[b] = (n[b] as number) + 1;
    bucketOf[i] = b;
  }
  return { bucketMs, startMs, buckets, n, bucketOf };
}

/** The earliest and latest finite start of the selected rows that did not fail (±Infinity: none). */
function scanSpan(c: StreamColumns, rows: Int32Array, base: Uint16Array): [number, number] {
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
  return [lo, hi];
}

/**
 * scanSpan when every row is selected, without a pass over the rows: the first and last value of
 * the sorted start column (`start`, which holds no failed stream). Null (scan instead) when it is
 * empty, or when the span ends at a zero: the scan keeps the first zero it meets, which may be +0
 * where the sorted values have -0.
 */
function startSpan(start: SortedColumn): [number, number] | null {
  const { values } = start;
  if (values.length === 0) return null;
  const lo = values[0] as number;
  const hi = values[values.length - 1] as number;
  return lo === 0 || hi === 0 ? null : [lo, hi];
}

export function trendPoints(plan: TrendPlan, ttft: ArrayLike<number>[], ips: ArrayLike<number>[]) {
  const points = [];
  for (let b = 0; b < plan.buckets; b++) {
    if ((plan.n[b] as number) === 0) continue;
    const t = ttft[b] as ArrayLike<number>;
    const r = ips[b] as ArrayLike<number>;
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

export interface BreakdownPlan {
  labels: (string | null)[];
  /** Table row of each key index + 1 (slot 0: no key). */
  rowOfKey: Int32Array;
  streams: Int32Array;
  failed: Int32Array;
  /** Selected, non-failed streams per table row: what the statistics cover (at most). */
  capacity: Int32Array;
}

/**
 * Breakdown rows number at most MAX_BREAKDOWN_ROWS + 1: a row's action row and partition row fit
 * one u16, `both & ACTION_ROW_MASK` and `both >> PARTITION_ROW_SHIFT`. Readers unpack them inline
 * with these constants: helper functions for it were measured not inlined in the hot loops (+15%).
 */
export const ACTION_ROW_MASK = 0xff;
export const PARTITION_ROW_SHIFT = 8;
if (MAX_BREAKDOWN_ROWS + 1 > ACTION_ROW_MASK + 1)
  throw new Error('breakdown rows no longer fit a byte each: widen breakdownRowsOf');

/**
 * Each stream's breakdown rows by row, both in one number: the action row in the low byte, the
 * partition row in the high byte (ACTION_ROW_MASK, PARTITION_ROW_SHIFT). Written for every row of `rows`,
 * once per dashboard, for every walk and moment pass to read (a scratch array).
 */
export function breakdownRowsOf(
  c: StreamColumns,
  rows: Int32Array,
  byAction: BreakdownPlan,
  byPartition: BreakdownPlan,
  scratch: ScratchLease,
): Uint16Array {
  const out = scratch.u16(c.n);
  const { actionIdx, partitionIdx } = c;
  const actionRow = byAction.rowOfKey;
  const partitionRow = byPartition.rowOfKey;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    out[i] =
      (actionRow[(actionIdx[i] as number) + 1] as number) |
      ((partitionRow[(partitionIdx[i] as number) + 1] as number) << PARTITION_ROW_SHIFT);
  }
  return out;
}

/**
 * The rows of the breakdowns by action and by partition key. The largest groups get a row each;
 * the rest (a partition per user can mean thousands) share one "(N others)" row, so the table stays
 * readable and the cost stays one walk per metric whatever the key count. Both breakdowns are
 * counted in one pass over the rows: streams and failed streams per key, then summed per table row.
 */
export function planBreakdowns(c: StreamColumns, rows: Int32Array): [BreakdownPlan, BreakdownPlan] {
  // Key index -1 (none) shifts to slot 0, so everything indexes typed arrays.
  const actionSizes = new Int32Array(c.actions.length + 1);
  const partitionSizes = new Int32Array(c.partitions.length + 1);
  const actionFailed = new Int32Array(c.actions.length + 1);
  const partitionFailed = new Int32Array(c.partitions.length + 1);
  const { actionIdx, partitionIdx, failed } = c;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const a = (actionIdx[i] as number) + 1;
    const p = (partitionIdx[i] as number) + 1;
    const f = failed[i] as number;
    actionSizes[a] = (actionSizes[a] as number) + 1;
    partitionSizes[p] = (partitionSizes[p] as number) + 1;
    actionFailed[a] = (actionFailed[a] as number) + f;
    partitionFailed[p] = (partitionFailed[p] as number) + f;
  }
  return [
    planRows(actionSizes, actionFailed, c.actions),
    planRows(partitionSizes, partitionFailed, c.partitions),
  ];
}

function planRows(sizes: Int32Array, failedOfKey: Int32Array, keys: string[]): BreakdownPlan {
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
  // Each table row's counts: the sums of its keys' (failed is 0 or 1 per stream).
  const streams = new Int32Array(labels.length);
  const failed = new Int32Array(labels.length);
  for (const k of present) {
    const r = rowOfKey[k] as number;
    streams[r] = (streams[r] as number) + (sizes[k] as number);
    failed[r] = (failed[r] as number) + (failedOfKey[k] as number);
  }
  const capacity = Int32Array.from(streams, (s, r) => s - (failed[r] as number));
  return { labels, rowOfKey, streams, failed, capacity };
}
