import type { Stats } from '../../shared/stream-row';
import type { BreakdownPlan } from './dashboard-groups';
import { EMPTY_STATS, percentile } from './stats';
import type { StreamColumns } from './stream-columns';

/**
 * statsBySelection's numbers from sorted values: count and percentiles from the sorted values;
 * mean, std, min and max from passes in row order, the order statsBySelection summed in (a float
 * sum depends on its order). For each column, `sorted[m]` holds the selection's sorted values,
 * then (when the column has breakdowns) each action row's, then each partition row's.
 */
export function rowOrderStats(
  c: StreamColumns,
  rows: Int32Array,
  base: Uint16Array,
  byAction: BreakdownPlan,
  byPartition: BreakdownPlan,
  cols: Float64Array[],
  sorted: Float64Array[][],
): Stats[][] {
  return cols.map((col, m) => {
    const groups = sorted[m] as Float64Array[];
    const { mean, sq, min, max } =
      groups.length > 1
        ? momentsByRow(col, rows, base, groups, {
            actionIdx: c.actionIdx,
            actionRow: byAction.rowOfKey,
            partitionIdx: c.partitionIdx,
            partitionRow: byPartition.rowOfKey,
            // Partition rows follow the action rows.
            partitionSlot: 1 + byAction.labels.length,
          })
        : momentsByRow(col, rows, base, groups, null);
    return groups.map((values, slot) => {
      const n = values.length;
      if (n === 0) return { ...EMPTY_STATS };
      return withPercentiles(
        values,
        n,
        mean[slot] as number,
        Math.sqrt((sq[slot] as number) / n),
        min[slot] as number,
        max[slot] as number,
      );
    });
  });
}

/**
 * One column's sums, minima, maxima (first pass) and squared deviations (second pass) in row
 * order, for slot 0 (the selection) and, given the keys, slot 1 + action row and slot 1 + A +
 * partition row. One column per call keeps every array access monomorphic (a loop over columns
 * inside the row loop was measured several times slower).
 */
function momentsByRow(
  col: Float64Array,
  rows: Int32Array,
  base: Uint16Array,
  groups: Float64Array[],
  keys: {
    actionIdx: Int32Array;
    actionRow: Int32Array;
    partitionIdx: Int32Array;
    partitionRow: Int32Array;
    partitionSlot: number;
  } | null,
) {
  const slots = groups.length;
  const keyed = keys !== null;
  const none = new Int32Array(0);
  const actionIdx = keys?.actionIdx ?? none;
  const actionRow = keys?.actionRow ?? none;
  const partitionIdx = keys?.partitionIdx ?? none;
  const partitionRow = keys?.partitionRow ?? none;
  const A = keys?.partitionSlot ?? 0;
  const sum = new Float64Array(slots);
  const min = new Float64Array(slots).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(slots).fill(Number.NEGATIVE_INFINITY);
  const sq = new Float64Array(slots);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const v = col[i] as number;
    if (base[i] !== 1 || !Number.isFinite(v)) continue;
    addTo(sum, min, max, 0, v);
    if (keyed) {
      addTo(sum, min, max, 1 + (actionRow[(actionIdx[i] as number) + 1] as number), v);
      addTo(sum, min, max, A + (partitionRow[(partitionIdx[i] as number) + 1] as number), v);
    }
  }
  const mean = Float64Array.from(sum, (s, slot) => s / (groups[slot] as Float64Array).length);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const v = col[i] as number;
    if (base[i] !== 1 || !Number.isFinite(v)) continue;
    devTo(sq, mean, 0, v);
    if (keyed) {
      devTo(sq, mean, 1 + (actionRow[(actionIdx[i] as number) + 1] as number), v);
      devTo(sq, mean, A + (partitionRow[(partitionIdx[i] as number) + 1] as number), v);
    }
  }
  return { mean, sq, min, max };
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

export function withPercentiles(
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
