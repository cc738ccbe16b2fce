import type { Stats } from '../../shared/stream-row';
import { ACTION_ROW_MASK, PARTITION_ROW_SHIFT } from './dashboard-groups';
import { EMPTY_STATS, percentile } from './stats';

/**
 * statsBySelection's numbers from sorted values: count and percentiles from the sorted values;
 * mean, std, min and max from passes in row order, the order statsBySelection summed in (a float
 * sum depends on its order). For each column, `sorted[m]` holds the selection's sorted values,
 * then (when the column has breakdowns) each action row's, then each partition row's. Only their
 * lengths, first and last values and the values percentiles read are read (a breakdown row's are
 * only those: dashboard-walk.ts).
 */
export function rowOrderStats(
  rows: Int32Array | null,
  base: Uint16Array,
  /** Each selected row's breakdown rows (breakdownRowsOf). */
  breakdownRows: Uint16Array,
  /** How many action rows there are: the partition rows' slots follow theirs. */
  actionRows: number,
  cols: Float64Array[],
  sorted: ArrayLike<number>[][],
): Stats[][] {
  const keyed = { breakdownRows, partitionSlot0: 1 + actionRows };
  return cols.map((col, m) => {
    const groups = sorted[m] as ArrayLike<number>[];
    // Minima and maxima are the groups' first and last sorted values, unless one of them is a zero:
    // the scan in row order keeps the first zero it meets, which may be +0 where the sorted values
    // start with -0, so then the scan works them out as before.
    const zeroAtEnd = groups.some((v) => v.length > 0 && (v[0] === 0 || v[v.length - 1] === 0));
    const { mean, sq, min, max } = momentsByRow(
      col,
      rows,
      base,
      groups,
      groups.length > 1 ? keyed : null,
      zeroAtEnd,
    );
    return groups.map((values, slot) => {
      const n = values.length;
      if (n === 0) return { ...EMPTY_STATS };
      return withPercentiles(
        values,
        n,
        mean[slot] as number,
        Math.sqrt((sq[slot] as number) / n),
        zeroAtEnd ? (min[slot] as number) : (values[0] as number),
        zeroAtEnd ? (max[slot] as number) : (values[n - 1] as number),
      );
    });
  });
}

/** Where a row's breakdown rows are, and where the partition rows' slots start (after the action rows'). */
interface BreakdownSlots {
  breakdownRows: Uint16Array;
  partitionSlot0: number;
}

/**
 * One column's sums, minima and maxima (first pass; minima and maxima only if `minMax`) and squared
 * deviations (second pass) in row order, for slot 0 (the selection) and, given the slots, each row's action and partition slot.
 * The selection's own sums run in locals (no store to reload per row): the same additions in the
 * same order, so the same numbers. One column per call keeps every array access monomorphic (a
 * loop over columns inside the row loop was measured several times slower).
 */
function momentsByRow(
  col: Float64Array,
  rows: Int32Array | null,
  base: Uint16Array,
  groups: ArrayLike<number>[],
  slots: BreakdownSlots | null,
  minMax: boolean,
) {
  const count = groups.length;
  const keyed = slots !== null;
  const both = slots?.breakdownRows ?? new Uint16Array(0);
  const partitionSlot0 = slots?.partitionSlot0 ?? 0;
  // In locals: the loops then unpack with constants, not module lookups (measured ~8% slower).
  const actionMask = ACTION_ROW_MASK;
  const partitionShift = PARTITION_ROW_SHIFT;
  const sum = new Float64Array(count);
  const min = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  const sq = new Float64Array(count);
  const n = rows === null ? col.length : rows.length;
  let sum0 = 0;
  let min0 = Number.POSITIVE_INFINITY;
  let max0 = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++) {
    const i = rows === null ? j : (rows[j] as number);
    const v = col[i] as number;
    if (base[i] !== 1 || !Number.isFinite(v)) continue;
    sum0 += v;
    if (minMax) {
      if (v < min0) min0 = v;
      if (v > max0) max0 = v;
    }
    if (keyed) {
      const g = both[i] as number;
      const a = 1 + (g & actionMask);
      const p = partitionSlot0 + (g >> partitionShift);
      sum[a] = (sum[a] as number) + v;
      sum[p] = (sum[p] as number) + v;
      if (minMax) {
        minMaxTo(min, max, a, v);
        minMaxTo(min, max, p, v);
      }
    }
  }
  sum[0] = sum0;
  min[0] = min0;
  max[0] = max0;
  const mean = Float64Array.from(sum, (s, slot) => s / (groups[slot] as ArrayLike<number>).length);
  const mean0 = mean[0] as number;
  let sq0 = 0;
  for (let j = 0; j < n; j++) {
    const i = rows === null ? j : (rows[j] as number);
    const v = col[i] as number;
    if (base[i] !== 1 || !Number.isFinite(v)) continue;
    const d = v - mean0;
    sq0 += d * d;
    if (keyed) {
      const g = both[i] as number;
      devTo(sq, mean, 1 + (g & actionMask), v);
      devTo(sq, mean, partitionSlot0 + (g >> partitionShift), v);
    }
  }
  sq[0] = sq0;
  return { mean, sq, min, max };
}

function minMaxTo(min: Float64Array, max: Float64Array, slot: number, v: number): void {
  if (v < (min[slot] as number)) min[slot] = v;
  if (v > (max[slot] as number)) max[slot] = v;
}

function devTo(sq: Float64Array, mean: Float64Array, slot: number, v: number): void {
  const d = v - (mean[slot] as number);
  sq[slot] = (sq[slot] as number) + d * d;
}

export function withPercentiles(
  sorted: ArrayLike<number>,
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
