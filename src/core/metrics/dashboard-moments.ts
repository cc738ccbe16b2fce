import type { Stats } from '../../shared/stream-row';
import { ACTION_ROW_MASK, PARTITION_ROW_SHIFT } from './dashboard-groups';
import { EMPTY_STATS, percentile } from './stats';

/*
 * statsBySelection's numbers from sorted values: count and percentiles from the sorted values;
 * mean, std, min and max from passes in row order, the order statsBySelection summed in (a float
 * sum depends on its order). The passes in row order (momentsOf) need no sorted value, so they can
 * run on another thread while the sorted columns are walked (moments-off-thread.ts); rowOrderStats
 * then puts the two together.
 */

/** What the passes in row order read: typed arrays only, so a worker can be handed them. */
export interface MomentsInput {
  /** The selected rows, ascending; null: every row. */
  rows: Int32Array | null;
  /** Mask (1) of the selected rows that did not fail. */
  base: Uint16Array;
  /** Each selected row's breakdown rows (breakdownRowsOf): read for keyed columns only. */
  breakdownRows: Uint16Array;
  /** How many action rows there are: the partition rows' slots follow theirs. */
  actionRows: number;
  /** Slots of a keyed column: the selection's, each action row's, each partition row's. */
  keyedSlots: number;
  columns: Float64Array[];
  /** Per column: whether it has the breakdown rows' slots too (else the selection's only). */
  keyed: boolean[];
  /**
   * Per column, what the sorted walks already tell (on the walks' thread, after them): each slot's
   * count, and whether minima and maxima are read (rowOrderStats: only where a group's sorted ends
   * are zeros). Without it (a worker, in parallel with the walks) the passes count and keep them.
   */
  known?: { counts: Float64Array; minMax: boolean }[];
}

/**
 * One column's moments per slot (slot 0 the selection, then each action row and partition row):
 * its finite values' count, mean, sum of squared deviations, minimum and maximum, each added in
 * row order.
 */
export interface ColumnMoments {
  count: Float64Array;
  mean: Float64Array;
  sq: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

export function momentsOf(input: MomentsInput): ColumnMoments[] {
  const slots = { breakdownRows: input.breakdownRows, partitionSlot0: 1 + input.actionRows };
  return input.columns.map((col, m) =>
    momentsByRow(
      col,
      input.rows,
      input.base,
      input.keyed[m] ? slots : null,
      input.keyedSlots,
      input.known?.[m] ?? null,
    ),
  );
}

/** What the sorted walks tell the passes in row order (MomentsInput.known), from the groups they filled. */
export function knownFromWalks(sorted: ArrayLike<number>[][]): { counts: Float64Array; minMax: boolean }[] {
  return sorted.map((groups) => ({
    counts: Float64Array.from(groups, (v) => v.length),
    minMax: zeroAtEnds(groups),
  }));
}

/**
 * Whether a group's sorted values start or end with a zero. Then its minimum and maximum are taken
 * from the scan in row order, which keeps the first zero it meets: that may be +0 where the sorted
 * values start with -0.
 */
function zeroAtEnds(groups: ArrayLike<number>[]): boolean {
  return groups.some((v) => v.length > 0 && (v[0] === 0 || v[v.length - 1] === 0));
}

/**
 * Each column's statistics per slot, from its moments (momentsOf) and its sorted values: for each
 * column, `sorted[m]` holds the selection's sorted values, then (when the column has breakdowns)
 * each action row's, then each partition row's. Only their lengths, first and last values and the
 * values percentiles read are read (a breakdown row's are only those: dashboard-walk.ts).
 */
export function rowOrderStats(moments: ColumnMoments[], sorted: ArrayLike<number>[][]): Stats[][] {
  return sorted.map((groups, m) => {
    const { count, mean, sq, min, max } = moments[m] as ColumnMoments;
    // Minima and maxima are the groups' first and last sorted values, unless one is a zero.
    const zeroAtEnd = zeroAtEnds(groups);
    return groups.map((values, slot) => {
      const n = values.length;
      // Both count the finite values of the selected rows that did not fail: a walk and a pass that
      // disagree would give a mean of other values than the percentiles'.
      if (count[slot] !== n)
        throw new Error(`a row-order pass counted ${count[slot]} values where the sorted walk found ${n}`);
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
 * One column's counts, sums, minima and maxima (first pass) and squared deviations (second pass) in
 * row order, for slot 0 (the selection) and, given the slots, each row's action and partition slot.
 * The selection's own sums run in locals (no store to reload per row): the same additions in the
 * same order, so the same numbers. One column per call keeps every array access monomorphic (a
 * loop over columns inside the row loop was measured several times slower).
 */
function momentsByRow(
  col: Float64Array,
  rows: Int32Array | null,
  base: Uint16Array,
  slots: BreakdownSlots | null,
  keyedSlots: number,
  known: { counts: Float64Array; minMax: boolean } | null,
): ColumnMoments {
  const keyed = slots !== null;
  const slotCount = keyed ? keyedSlots : 1;
  const both = slots?.breakdownRows ?? new Uint16Array(0);
  const partitionSlot0 = slots?.partitionSlot0 ?? 0;
  // In locals: the loops then unpack with constants, not module lookups (measured ~8% slower).
  const actionMask = ACTION_ROW_MASK;
  const partitionShift = PARTITION_ROW_SHIFT;
  const seen = new Float64Array(slotCount);
  const sum = new Float64Array(slotCount);
  const min = new Float64Array(slotCount).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(slotCount).fill(Number.NEGATIVE_INFINITY);
  const sq = new Float64Array(slotCount);
  const n = rows === null ? col.length : rows.length;
  let seen0 = 0;
  let sum0 = 0;
  let min0 = Number.POSITIVE_INFINITY;
  let max0 = Number.NEGATIVE_INFINITY;
  // What the walks already know is not worked out again (measured ~30 ms of a 1M dashboard).
  const counting = known === null;
  const minMax = known === null || known.minMax;
  for (let j = 0; j < n; j++) {
    const i = rows === null ? j : (rows[j] as number);
    const v = col[i] as number;
    if (base[i] !== 1 || !Number.isFinite(v)) continue;
    seen0++;
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
      if (counting) {
        seen[a] = (seen[a] as number) + 1;
        seen[p] = (seen[p] as number) + 1;
      }
      if (minMax) {
        minMaxTo(min, max, a, v);
        minMaxTo(min, max, p, v);
      }
    }
  }
  if (known) seen.set(known.counts);
  else seen[0] = seen0;
  sum[0] = sum0;
  min[0] = min0;
  max[0] = max0;
  const mean = Float64Array.from(sum, (s, slot) => s / (seen[slot] as number));
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
  return { count: seen, mean, sq, min, max };
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
