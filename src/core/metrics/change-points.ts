import { canSkipDivisions, splitReaches } from './change-points-reach';
import type { Rng } from './random';

/*
 * E-divisive means: Matteson & James (2014), "A Nonparametric Approach for Multiple Change Point
 * Analysis of Multivariate Data", JASA 109(505), the method behind the R package `ecp`, MongoDB's
 * performance CI (signal-processing-algorithms) and Apache Otava (formerly Hunter). Nonparametric:
 * it finds a change in distribution (not only in mean) without assuming normal latencies.
 *
 * For a segment split into X = z[s, τ) and Y = z[τ, κ) the divergence is
 *   Ê = 2/(mn) ΣΣ |Xi − Yj|^α − C(m,2)⁻¹ Σ_{i<k} |Xi − Xk|^α − C(n,2)⁻¹ Σ_{j<k} |Yj − Yk|^α,
 * scaled Q̂ = mn/(m + n) · Ê, maximised over τ and κ (κ lets a change be found even when a later one
 * undoes it). Change points are found one at a time (hierarchically); each candidate is kept only
 * if a permutation test (values permuted within the current segments, the maximum recomputed)
 * gives p = (#{Q̂_perm ≥ Q̂} + 1) / (R + 1) < alpha. Row prefix sums of the distance matrix make the
 * search O(L²) per segment of length L.
 */

export interface EDivisiveOptions {
  /** Fewest points on each side of a change point; at least 2 (within-sums need pairs). */
  minSize: number;
  /** Significance level of the permutation test. */
  alpha: number;
  /** Permutations per candidate (R). */
  permutations: number;
  /** Seeded: the same series always gives the same change points. */
  rng: Rng;
  /** Distance exponent α in (0, 2); the paper's default 1. */
  exponent?: number;
  /** Stop after this many change points; default 10. */
  maxChangePoints?: number;
}

export interface ChangePoint {
  /** Index of the first point after the change. */
  index: number;
  /** Permutation p-value of the change point when it was accepted. */
  p: number;
  /** Q̂ at the change point. */
  q: number;
}

interface Split {
  /** Offset within the segment of the first point of Y. */
  tau: number;
  q: number;
}

/** Scratch for bestSplit's prefix sums: a permutation test calls it thousands of times per series. */
let matrix = new Float64Array(0);
let diagonal = new Float64Array(0);

/** The best (τ, κ) split of `v` (Y needs ≥ minSize points, X too); null when too short. */
export function bestSplit(v: ArrayLike<number>, minSize: number, exponent = 1): Split | null {
  const L = v.length;
  if (L < 2 * minSize) return null;
  // C[t·L + k] = Σ_{i<t} |v_k − v_i|^α for k ≥ t (the row prefix sums of the distance matrix,
  // stored by t): row t + 1 is row t plus one distance per k, each k on its own, so the loop
  // pipelines instead of waiting on one running sum; every sum still adds its terms in order
  // t = 0, 1, …, so each is bit for bit the sum a running total gives. The search below then reads
  // row τ and the diagonal sequentially.
  if (matrix.length < L * L) matrix = new Float64Array(L * L);
  if (diagonal.length < L) diagonal = new Float64Array(L);
  const C = matrix;
  const diag = diagonal;
  for (let k = 0; k < L; k++) C[k] = 0;
  for (let t = 0; t + 1 < L; t++) {
    const vt = v[t] as number;
    const from = t * L;
    const to = from + L;
    if (exponent === 1)
      for (let k = t + 1; k < L; k++) C[to + k] = (C[from + k] as number) + Math.abs((v[k] as number) - vt);
    else
      for (let k = t + 1; k < L; k++)
        C[to + k] = (C[from + k] as number) + Math.abs((v[k] as number) - vt) ** exponent;
  }
  for (let k = 0; k < L; k++) diag[k] = C[k * L + k] as number;
  // (m·n)/(m + n) depends on the segment sizes only: computed once per series length, the very
  // same expression, rather than once per (τ, κ) of every permutation.
  // A table only for series of the usual lengths (the dashboard's are at most 100 points).
  const { stride, table: scale } = L <= MAX_TABLE_LENGTH ? scaleTable(L) : { stride: 0, table: null };
  let bestTau = -1;
  let bestQ = 0;
  let withinX = 0; // Σ_{i<k<τ} D(i, k)
  for (let tau = 1; tau <= L - minSize; tau++) {
    withinX += diag[tau - 1] as number;
    const m = tau;
    if (m < minSize) continue;
    // The same expression as inside the loop, evaluated once per τ: bit for bit the same q.
    const wx = (2 * withinX) / (m * (m - 1));
    const scaleRow = m * stride;
    const row = tau * L;
    let between = 0;
    let withinY = 0;
    let j = tau;
    // κ = j + 1: Y still shorter than minSize, only the sums move.
    for (; j < tau + minSize - 1; j++) {
      const toX = C[row + j] as number;
      between += toX;
      withinY += (diag[j] as number) - toX;
    }
    for (; j < L; j++) {
      const toX = C[row + j] as number;
      between += toX;
      withinY += (diag[j] as number) - toX;
      const n = j + 1 - tau;
      const e = (2 * between) / (m * n) - wx - (2 * withinY) / (n * (n - 1));
      const q = (scale ? (scale[scaleRow + n] as number) : (m * n) / (m + n)) * e;
      if (bestTau < 0 || q > bestQ) {
        bestTau = tau;
        bestQ = q;
      }
    }
  }
  return bestTau < 0 ? null : { tau: bestTau, q: bestQ };
}

const MAX_TABLE_LENGTH = 1024;
/** (m·n)/(m + n) for m, n < stride, at m·stride + n; grown (never per call) when a longer series comes. */
let scales = { stride: 0, table: new Float64Array(0) };
function scaleTable(L: number): { stride: number; table: Float64Array } {
  if (scales.stride <= L) {
    const stride = Math.min(MAX_TABLE_LENGTH + 1, Math.max(L + 1, 2 * scales.stride));
    const table = new Float64Array(stride * stride);
    for (let m = 1; m < stride; m++)
      for (let n = 1; n < stride; n++) table[m * stride + n] = (m * n) / (m + n);
    scales = { stride, table };
  }
  return scales;
}

function shuffleInPlace(a: Float64Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i] as number;
    a[i] = a[j] as number;
    a[j] = t;
  }
}

/**
 * Significant change points of `series` (finite values, in time order), ascending by index.
 * A stationary series yields none at rate about alpha per series; a constant series yields none.
 */
export function eDivisive(series: ArrayLike<number>, opts: EDivisiveOptions): ChangePoint[] {
  const minSize = Math.max(2, Math.floor(opts.minSize));
  const exponent = opts.exponent ?? 1;
  if (!(exponent > 0 && exponent < 2))
    throw new RangeError(`eDivisive: exponent must be in (0, 2), got ${exponent}`);
  const maxCp = opts.maxChangePoints ?? 10;
  const z = Float64Array.from(series);
  // The permutation tests' segments hold z's values: whether they may skip divisions is z's to say.
  const fast = canSkipDivisions(z, exponent);
  // Segment boundaries [0, b1, …, N]; best split cached per segment start (segments only split).
  const bounds = [0, z.length];
  const cache = new Map<string, Split | null>();
  const splitOf = (s: number, e: number): Split | null => {
    const key = `${s}:${e}`;
    if (!cache.has(key)) cache.set(key, bestSplit(z.subarray(s, e), minSize, exponent));
    return cache.get(key) ?? null;
  };
  const found: ChangePoint[] = [];
  while (found.length < maxCp) {
    let cand: { s: number; split: Split } | null = null;
    for (let i = 0; i + 1 < bounds.length; i++) {
      const s = bounds[i] as number;
      const split = splitOf(s, bounds[i + 1] as number);
      if (split && (cand === null || split.q > cand.split.q)) cand = { s, split };
    }
    if (cand === null || !(cand.split.q > 0)) break;
    // Permutation test: permute within each current segment, take the maximum over segments.
    const work = Float64Array.from(z);
    let atLeast = 0;
    const R = opts.permutations;
    // Once (atLeast + 1) / (R + 1) reaches alpha the candidate cannot be significant: stop early
    // (a stationary series then costs a few permutations, not R).
    const tooMany = (): boolean => (atLeast + 1) / (R + 1) >= opts.alpha;
    const segments = bounds.slice(1).map((e, i) => work.subarray(bounds[i] as number, e));
    const q = cand.split.q;
    // Whether a permuted segment's best Q̂ reaches the candidate's: splitReaches answers as
    // bestSplit would, bit for bit, at a fraction of the cost (see change-points-reach.ts).
    const reaches = fast
      ? (seg: Float64Array) => splitReaches(seg, minSize, q)
      : (seg: Float64Array) => (bestSplit(seg, minSize, exponent)?.q ?? Number.NEGATIVE_INFINITY) >= q;
    for (let r = 0; r < R && !tooMany(); r++) {
      // The maximum over segments reaches Q̂ when one segment's does (bestSplit draws no numbers:
      // shuffling every segment first keeps the generator's sequence).
      for (const seg of segments) shuffleInPlace(seg, opts.rng);
      if (segments.some(reaches)) atLeast++;
    }
    if (tooMany()) break;
    const p = (atLeast + 1) / (R + 1);
    const index = cand.s + cand.split.tau;
    found.push({ index, p, q: cand.split.q });
    bounds.push(index);
    bounds.sort((a, b) => a - b);
  }
  return found.sort((a, b) => a.index - b.index);
}
