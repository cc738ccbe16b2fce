import type { MannWhitneyResult } from '../../shared/schemas/compare';
import { normalSf } from './normal';
import { sortedFinite } from './stats';

export type { MannWhitneyMethod, MannWhitneyResult } from '../../shared/schemas/compare';

/**
 * Above this many pairs (n1·n2) the exact distribution is not computed even for a small sample,
 * to bound time and memory (scipy has no such cap); the normal approximation is then excellent.
 */
export const EXACT_MAX_PAIRS = 2_000_000;

/** Small-sample bound of scipy's automatic choice: exact when a sample has at most 8 values and there are no ties. */
export const EXACT_MAX_SMALLER_N = 8;

interface RankSums {
  /** Rank sum of x in the pooled sample (average ranks for ties). */
  r1: number;
  /** Σ (t³ − t) over groups of tied values, for the variance correction. */
  tieTerm: number;
}

/** Rank sums by merging the two sorted samples: O(n) after the sorts, no pooled array or index sort. */
function rankSums(sx: Float64Array, sy: Float64Array): RankSums {
  let i = 0;
  let j = 0;
  let pos = 0;
  let r1 = 0;
  let tieTerm = 0;
  while (i < sx.length || j < sy.length) {
    const vx = i < sx.length ? (sx[i] as number) : Number.POSITIVE_INFINITY;
    const vy = j < sy.length ? (sy[j] as number) : Number.POSITIVE_INFINITY;
    const v = Math.min(vx, vy);
    let cx = 0;
    while (i < sx.length && sx[i] === v) {
      i++;
      cx++;
    }
    let cy = 0;
    while (j < sy.length && sy[j] === v) {
      j++;
      cy++;
    }
    const t = cx + cy;
    // The t tied values share ranks pos+1 … pos+t; each gets their average.
    r1 += cx * (pos + (t + 1) / 2);
    if (t > 1) tieTerm += t * t * t - t;
    pos += t;
  }
  return { r1, tieTerm };
}

/**
 * P(U <= k) under H0 for sample sizes m <= n, with no ties. The counts of U are the coefficients
 * of the Gaussian binomial [m+n choose m]_q = Π_{i=1..m} (1 − q^(n+i)) / (1 − q^i), built factor by
 * factor: O(m·k) time. Only coefficients up to k are needed, and they depend only on lower ones,
 * so the polynomial is truncated there; using the lower tail (k = min(U1, U2)) also keeps the sums
 * among small, exactly representable counts.
 */
function exactLowerTail(k: number, m: number, n: number): number {
  const c = new Float64Array(k + 1);
  c[0] = 1;
  let total = 1;
  for (let i = 1; i <= m; i++) {
    const a = n + i;
    for (let d = k; d >= a; d--) c[d] = (c[d] as number) - (c[d - a] as number);
    for (let d = i; d <= k; d++) c[d] = (c[d] as number) + (c[d - i] as number);
    total = (total * a) / i;
  }
  let below = 0;
  for (let d = 0; d <= k; d++) below += c[d] as number;
  return below / total;
}

/**
 * Two-sided Mann–Whitney U test, matching scipy.stats.mannwhitneyu(x, y) with its defaults
 * (method='auto', use_continuity=True): exact p when the smaller sample has at most 8 values and
 * there are no ties, otherwise the normal approximation with tie correction and continuity
 * correction. Non-finite values are ignored.
 */
export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>): MannWhitneyResult {
  return mannWhitneyUSorted(sortedFinite(x), sortedFinite(y));
}

/** mannWhitneyU for samples already finite and sorted ascending (see sortedFinite). */
export function mannWhitneyUSorted(sx: Float64Array, sy: Float64Array): MannWhitneyResult {
  const n1 = sx.length;
  const n2 = sy.length;
  if (n1 === 0 || n2 === 0) return { u: null, p: null, method: null, n1, n2 };
  const { r1, tieTerm } = rankSums(sx, sy);
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const big = Math.max(u1, u2);

  const exact = Math.min(n1, n2) <= EXACT_MAX_SMALLER_N && tieTerm === 0 && n1 * n2 <= EXACT_MAX_PAIRS;
  if (exact) {
    const m = Math.min(n1, n2);
    const n = Math.max(n1, n2);
    // Without ties U is an integer; round away float noise from the average-rank arithmetic.
    const p = 2 * exactLowerTail(Math.round(Math.min(u1, u2)), m, n);
    return { u: u1, p: Math.min(1, p), method: 'exact', n1, n2 };
  }

  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  // Every value tied: no evidence either way. (scipy gets here via z = −inf and a clip to 1.)
  if (!(variance > 0)) return { u: u1, p: 1, method: 'asymptotic', n1, n2 };
  const z = (big - mu - 0.5) / Math.sqrt(variance);
  return { u: u1, p: Math.min(1, Math.max(0, 2 * normalSf(z))), method: 'asymptotic', n1, n2 };
}
