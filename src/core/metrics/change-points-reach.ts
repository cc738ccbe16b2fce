import { bestSplit } from './change-points';

/*
 * The permutation test only asks whether a permuted segment has some split with Q̂ ≥ the
 * candidate's Q̂, not where its best split is or how large. That lets it skip bestSplit's two
 * divisions per (τ, κ) and its L×L table of prefix sums, and stop at the first split that reaches.
 * The answer must be the one bestSplit gives (p-values and change points bit for bit), so:
 * - every sum (the distance row sums, the diagonal, `between`, `withinY`, `withinX`) is added in
 *   the same order as bestSplit adds it, so each is the very same double;
 * - a split is passed over only when a division-free rearrangement shows it below the threshold
 *   with a margin (1e-9 relative) a million times wider than the rounding of either computation;
 * - any other split has its Q̂ computed with bestSplit's own expression and compared exactly.
 */

/** Slack of the division-free test; rounding moves either side by less than 1e-14 relative. */
const MARGIN = 1 + 1e-9;
/**
 * Outside these magnitudes sums could overflow, or differences fall to subnormals where rounding
 * is no longer relative: bestSplit decides.
 */
const MAX_ABS = 1e100;
const MIN_ABS = 1e-100;
/** Beyond this length the margin argument is not made: bestSplit decides. */
const MAX_LENGTH = 1024;

/** Scratch: one row of distance prefix sums, the diagonal, 1/(n − 1). */
let rowScratch = new Float64Array(0);
let diagScratch = new Float64Array(0);
let inverses = new Float64Array(0);

/**
 * Whether some split of `v` (both sides ≥ minSize) has Q̂ ≥ threshold, with Q̂ exactly as
 * bestSplit computes it: the same as `(bestSplit(v, minSize, exponent)?.q ?? -Infinity) >= threshold`.
 */
export function splitReaches(v: Float64Array, minSize: number, exponent: number, threshold: number): boolean {
  const L = v.length;
  if (L < 2 * minSize) return false;
  if (exponent !== 1 || L > MAX_LENGTH || !(threshold > 0) || !wellScaled(v))
    return (bestSplit(v, minSize, exponent)?.q ?? Number.NEGATIVE_INFINITY) >= threshold;
  if (rowScratch.length < L) {
    rowScratch = new Float64Array(L);
    diagScratch = new Float64Array(L);
    inverses = new Float64Array(L + 1);
    for (let n = 2; n <= L; n++) inverses[n] = 1 / (n - 1);
  }
  const row = rowScratch;
  const diag = diagonalSums(v, diagScratch);
  const inv = inverses;
  for (let j = 0; j < L; j++) row[j] = 0;
  const half = threshold / 2;
  let withinX = 0;
  for (let tau = 1; tau <= L - minSize; tau++) {
    // row[j] becomes Σ_{i<τ} |v_j − v_i| (bestSplit's C[τ·L + j]), one distance added per j.
    const vt = v[tau - 1] as number;
    withinX += diag[tau - 1] as number;
    const m = tau;
    if (m < minSize) {
      for (let j = tau; j < L; j++) row[j] = (row[j] as number) + Math.abs((v[j] as number) - vt);
      continue;
    }
    const wx = (2 * withinX) / (m * (m - 1));
    // Q̂ ≥ t  ⇔  between ≥ withinY·m/(n − 1) + n·(m·wx + t)/2 + m·t/2  (Q̂ times (m + n)/2, no division).
    const perN = (m * wx) / 2 + half;
    const fixed = m * half;
    let between = 0;
    let withinY = 0;
    let j = tau;
    for (; j < tau + minSize - 1; j++) {
      const toX = (row[j] as number) + Math.abs((v[j] as number) - vt);
      row[j] = toX;
      between += toX;
      withinY += (diag[j] as number) - toX;
    }
    for (let n = j + 1 - tau; j < L; j++, n++) {
      const toX = (row[j] as number) + Math.abs((v[j] as number) - vt);
      row[j] = toX;
      between += toX;
      withinY += (diag[j] as number) - toX;
      if (between * MARGIN >= withinY * m * (inv[n] as number) + n * perN + fixed) {
        // bestSplit's expression, operation for operation.
        const e = (2 * between) / (m * n) - wx - (2 * withinY) / (n * (n - 1));
        if (((m * n) / (m + n)) * e >= threshold) return true;
      }
    }
  }
  return false;
}

/** Every value 0 or of magnitude in [MIN_ABS, MAX_ABS]: no overflow, no subnormal sums. */
function wellScaled(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i] as number);
    if (!(a <= MAX_ABS && (a >= MIN_ABS || a === 0))) return false;
  }
  return true;
}

/**
 * diag[k] = Σ_{i<k} |v_k − v_i|, added in order i = 0, 1, … (bestSplit's C[k·L + k]). Four k at a
 * time: four independent running sums keep the adder busy where one would wait on each add.
 */
function diagonalSums(v: Float64Array, diag: Float64Array): Float64Array {
  const L = v.length;
  let k = 0;
  for (; k + 3 < L; k += 4) {
    const a = v[k] as number;
    const b = v[k + 1] as number;
    const c = v[k + 2] as number;
    const d = v[k + 3] as number;
    let sa = 0;
    let sb = 0;
    let sc = 0;
    let sd = 0;
    for (let i = 0; i < k; i++) {
      const x = v[i] as number;
      sa += Math.abs(a - x);
      sb += Math.abs(b - x);
      sc += Math.abs(c - x);
      sd += Math.abs(d - x);
    }
    sb += Math.abs(b - a);
    sc += Math.abs(c - a);
    sc += Math.abs(c - b);
    sd += Math.abs(d - a);
    sd += Math.abs(d - b);
    sd += Math.abs(d - c);
    diag[k] = sa;
    diag[k + 1] = sb;
    diag[k + 2] = sc;
    diag[k + 3] = sd;
  }
  for (; k < L; k++) {
    const a = v[k] as number;
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.abs(a - (v[i] as number));
    diag[k] = s;
  }
  return diag;
}
