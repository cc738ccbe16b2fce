/*
 * "This stream's TTFT is p97 of 4,210": where one value stands within a selection.
 */

export interface PercentileRank {
  /** 0..100: 100 · (below + equal / 2) / n. */
  rank: number;
  /** Values strictly below. */
  below: number;
  /** Values equal (the value itself, when it is in the selection, counts here). */
  equal: number;
  /** Finite values in the selection. */
  n: number;
}

/** First index in ascending `sorted` whose value is >= x (or > x when `strict`). */
function lowerBound(sorted: ArrayLike<number>, x: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (strict ? v <= x : v < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Percentile rank of x among ascending, finite `sorted` values (see stats.sortedFinite), in
 * O(log n). Tie rule: ties count half (the "mean" kind of scipy.stats.percentileofscore, also the
 * mid-rank of Mann–Whitney), so the rank does not depend on how equal values happen to be ordered
 * and a selection of identical values puts each at p50. Null for an empty selection or a
 * non-finite x.
 */
export function percentileRankSorted(sorted: ArrayLike<number>, x: number): PercentileRank | null {
  const n = sorted.length;
  if (n === 0 || !Number.isFinite(x)) return null;
  const below = lowerBound(sorted, x, false);
  const equal = lowerBound(sorted, x, true) - below;
  return { rank: (100 * (below + equal / 2)) / n, below, equal, n };
}

/** Percentile rank of x among any values (non-finite ones ignored); sorts a copy. */
export function percentileRank(values: ArrayLike<number>, x: number): PercentileRank | null {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) finite.push(v);
  }
  return percentileRankSorted(Float64Array.from(finite).sort(), x);
}

export { percentileRankLabel } from '../../shared/format';
