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
 * is no longer relative (canSkipDivisions).
 */
const MAX_ABS = 1e100;
const MIN_ABS = 1e-100;
/** Beyond this length the margin argument is not made (canSkipDivisions). */
const MAX_LENGTH = 1024;

/** Scratch: one row of distance prefix sums, the diagonal, 1/(n − 1). */
let rowScratch = new Float64Array(0);
let diagScratch = new Float64Array(0);
let inverses = new Float64Array(0);

/**
 * Whether the division-free test's margin argument covers segments made of these values with this
 * exponent: exponent 1, at most MAX_LENGTH values, each 0 or of magnitude in [MIN_ABS, MAX_ABS].
 * A permutation test checks its series once: every permuted segment is made of its values.
 */
export function canSkipDivisions(values: Float64Array, exponent: number): boolean {
  if (exponent !== 1 || values.length > MAX_LENGTH) return false;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i] as number);
    if (!(a <= MAX_ABS && (a >= MIN_ABS || a === 0))) return false;
  }
  return true;
}

/**
 * Whether some split of `v` (both sides ≥ minSize) has Q̂ ≥ threshold, with Q̂ exactly as
 * bestSplit computes it (exponent 1): the same as `(bestSplit(v, minSize)?.q ?? -Infinity) >=
 * threshold`, for v's values passing canSkipDivisions and a threshold > 0.
 */
export function splitReaches(v: Float64Array, minSize: number, threshold: number): boolean {
  // The division-free bounds below assume it (eDivisive tests only a candidate with q > 0).
  if (!(threshold > 0)) throw new RangeError(`splitReaches needs a threshold > 0, got ${threshold}`);
  const L = v.length;
  if (L < 2 * minSize) return false;
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
  let tau = 1;
  // Rows before the first split: their distances only.
  for (; tau < minSize; tau++) {
    const vt = v[tau - 1] as number;
    withinX += diag[tau - 1] as number;
    for (let j = tau; j < L; j++) row[j] = (row[j] as number) + Math.abs((v[j] as number) - vt);
  }
  // Two rows (τ and τ + 1) per pass: four independent running sums instead of two.
  for (; tau + 1 <= L - minSize; tau += 2) {
    const va = v[tau - 1] as number;
    const vb = v[tau] as number;
    withinX += diag[tau - 1] as number;
    const ma = tau;
    const wxa = (2 * withinX) / (ma * (ma - 1));
    withinX += diag[tau] as number;
    const mb = tau + 1;
    const wxb = (2 * withinX) / (mb * (mb - 1));
    const perNa = (ma * wxa) / 2 + half;
    const perNb = (mb * wxb) / 2 + half;
    const fixedA = ma * half;
    const fixedB = mb * half;
    // j = τ: row τ only (row τ + 1 starts at τ + 1).
    const ta = (row[tau] as number) + Math.abs((v[tau] as number) - va);
    row[tau] = ta;
    let betweenA = ta;
    let withinYA = (diag[tau] as number) - ta;
    let betweenB = 0;
    let withinYB = 0;
    let j = tau + 1;
    // Up to j = τ + minSize − 1, where row τ's first split ends.
    for (; j < tau + minSize; j++) {
      const vj = v[j] as number;
      const a = (row[j] as number) + Math.abs(vj - va);
      const b = a + Math.abs(vj - vb);
      row[j] = b;
      const dj = diag[j] as number;
      betweenA += a;
      withinYA += dj - a;
      betweenB += b;
      withinYB += dj - b;
    }
    {
      // Row τ's first split.
      const n = minSize;
      if (betweenA * MARGIN >= withinYA * ma * (inv[n] as number) + n * perNa + fixedA) {
        const e = (2 * betweenA) / (ma * n) - wxa - (2 * withinYA) / (n * (n - 1));
        if (((ma * n) / (ma + n)) * e >= threshold) return true;
      }
    }
    // Two j per step, one test per row for both: between only grows with j, withinY too (each
    // step adds a distance sum minus a part of it), withinY·m/(n − 1) shrinks by at most the
    // 1/(n − 1) factor, so the pair's largest between against its smallest right-hand side bounds
    // both. Only when that bound reaches are the two checked one by one.
    let na = minSize + 1;
    for (; j + 1 < L; j += 2, na += 2) {
      const v1 = v[j] as number;
      const a1 = (row[j] as number) + Math.abs(v1 - va);
      const b1 = a1 + Math.abs(v1 - vb);
      row[j] = b1;
      const d1 = diag[j] as number;
      const betweenA1 = betweenA + a1;
      const withinYA1 = withinYA + (d1 - a1);
      const betweenB1 = betweenB + b1;
      const withinYB1 = withinYB + (d1 - b1);
      const v2 = v[j + 1] as number;
      const a2 = (row[j + 1] as number) + Math.abs(v2 - va);
      const b2 = a2 + Math.abs(v2 - vb);
      row[j + 1] = b2;
      const d2 = diag[j + 1] as number;
      betweenA = betweenA1 + a2;
      withinYA = withinYA1 + (d2 - a2);
      betweenB = betweenB1 + b2;
      withinYB = withinYB1 + (d2 - b2);
      const nb = na - 1;
      if (
        betweenA * MARGIN >= withinYA1 * ma * (inv[na + 1] as number) + na * perNa + fixedA ||
        betweenB * MARGIN >= withinYB1 * mb * (inv[nb + 1] as number) + nb * perNb + fixedB
      ) {
        if (qReaches(betweenA1, withinYA1, wxa, ma, na, threshold)) return true;
        if (qReaches(betweenB1, withinYB1, wxb, mb, nb, threshold)) return true;
        if (qReaches(betweenA, withinYA, wxa, ma, na + 1, threshold)) return true;
        if (qReaches(betweenB, withinYB, wxb, mb, nb + 1, threshold)) return true;
      }
    }
    if (j < L) {
      const vj = v[j] as number;
      const a = (row[j] as number) + Math.abs(vj - va);
      const b = a + Math.abs(vj - vb);
      row[j] = b;
      const dj = diag[j] as number;
      betweenA += a;
      withinYA += dj - a;
      betweenB += b;
      withinYB += dj - b;
      if (qReaches(betweenA, withinYA, wxa, ma, na, threshold)) return true;
      if (qReaches(betweenB, withinYB, wxb, mb, na - 1, threshold)) return true;
    }
  }
  // An odd row left.
  if (tau <= L - minSize) {
    const vt = v[tau - 1] as number;
    withinX += diag[tau - 1] as number;
    const m = tau;
    const wx = (2 * withinX) / (m * (m - 1));
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
        const e = (2 * between) / (m * n) - wx - (2 * withinY) / (n * (n - 1));
        if (((m * n) / (m + n)) * e >= threshold) return true;
      }
    }
  }
  return false;
}

/** Q̂ of one split against the threshold, by bestSplit's expression, operation for operation. */
function qReaches(
  between: number,
  withinY: number,
  wx: number,
  m: number,
  n: number,
  threshold: number,
): boolean {
  const e = (2 * between) / (m * n) - wx - (2 * withinY) / (n * (n - 1));
  return ((m * n) / (m + n)) * e >= threshold;
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

/**
 * Runs splitReaches on small made-up series, from thresholds every split reaches to ones none
 * does, so each of its branches has run before the optimizing compiler sees it. Otherwise a
 * thread's first E-divisive jobs compile code whose rare branches never ran, and each rare branch
 * taken later throws that code away ("insufficient type feedback") to be compiled again: 121-189
 * such deoptimizations in 15 trend requests at 100k streams (--trace-deopt), none once trained.
 * About a millisecond, once per thread; it leaves no state behind but scratch buffers.
 */
export function trainSplitReaches(): void {
  for (let L = 8; L <= 13; L++) {
    const v = Float64Array.from({ length: L }, (_, i) => (i < L / 2 ? 0 : 10) + ((i * 7919) % 13) / 13);
    for (const minSize of [2, 3])
      for (const threshold of [1e-9, 0.25, 1, 2, 4, 8, 16, 32, 64, 1e9]) splitReaches(v, minSize, threshold);
  }
}
