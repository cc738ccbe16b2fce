import type { Stats } from '../../shared/stream-row';

/** The Stats of an empty set: count 0 and nulls, so a table can still show "n = 0". */
export const EMPTY_STATS: Stats = {
  count: 0,
  mean: null,
  std: null,
  min: null,
  p50: null,
  p90: null,
  p95: null,
  p99: null,
  max: null,
};

/**
 * The finite values, sorted ascending, in a Float64Array. Typed-array sort is numeric and far
 * faster than Array#sort with a comparator at 100k values; callers that need several statistics
 * (stats, Mann–Whitney, bootstrap) sort once with this and pass the result on.
 */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let finite = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite++;
  const out = new Float64Array(finite);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) out[j++] = v;
  }
  return out.sort();
}

/**
 * Percentile p (0..100) of ascending `sorted` values by linear interpolation between closest
 * ranks, rank = (n - 1) * p / 100. The arithmetic mirrors numpy's default method (including its
 * lerp that interpolates from the upper neighbour when the fraction is >= 0.5) so reports agree
 * with numpy to the last bit. Null for an empty input.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be within 0..100, got ${p}`);
  const rank = (n - 1) * (p / 100);
  const [lo, hi] = percentileRanks(n, p);
  const t = rank - lo;
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** The two ranks (0-based) of n sorted values that `percentile(·, p)` reads. */
export function percentileRanks(n: number, p: number): [number, number] {
  const lo = Math.floor((n - 1) * (p / 100));
  return [lo, Math.min(lo + 1, n - 1)];
}

/** Stats of values that are already finite and sorted ascending (see sortedFinite). */
export function statsOfSorted(sorted: ArrayLike<number>): Stats {
  const n = sorted.length;
  if (n === 0) return { ...EMPTY_STATS };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  const mean = sum / n;
  // Two passes: the one-pass sum-of-squares formula loses all precision when values are large
  // and close together (e.g. timestamps-derived durations around 1e6 ms with µs spread).
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = (sorted[i] as number) - mean;
    sq += d * d;
  }
  return {
    count: n,
    mean,
    std: Math.sqrt(sq / n),
    min: sorted[0] as number,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[n - 1] as number,
  };
}

/**
 * count, mean, population std, min, p50/p90/p95/p99 (linear interpolation), max of the finite
 * values; NaN/Infinity are ignored rather than poisoning every number of a report.
 */
export function computeStats(values: ArrayLike<number>): Stats {
  return statsOfSorted(sortedFinite(values));
}
