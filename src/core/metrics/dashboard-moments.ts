import type { Stats } from '../../shared/stream-row';
import type { BreakdownPlan } from './dashboard-groups';
import { EMPTY_STATS, percentile } from './stats';
import type { StreamColumns } from './stream-columns';

/**
 * statsBySelection's numbers from sorted values: count and percentiles from the sorted values;
 * mean, std, min and max from passes in row order, the order statsBySelection summed in (a float
 * sum depends on its order). For each column, `sorted[m]` holds the selection's sorted values,
 * then (when the column has breakdowns) each action row's, then each partition row's; the sums of
 * all of them come from the same two passes over the rows.
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
