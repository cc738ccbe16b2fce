import { normalSf } from './normal';

export interface TwoProportionResult {
  /** x2/n2 − x1/n1; null when a group is empty. */
  diff: number | null;
  /** The pooled z statistic; null when a group is empty. */
  z: number | null;
  /** Two-sided p-value; null when a group is empty. */
  p: number | null;
}

/**
 * The two-sided two-proportion z-test with a pooled proportion (the textbook test of "do these two
 * goodputs differ"): z = (p2 − p1) / √(p̂(1 − p̂)(1/n1 + 1/n2)), p̂ = (x1 + x2)/(n1 + n2). When every
 * stream of both groups met the SLOs (or none did) the proportions are equal and the variance is 0:
 * z = 0, p = 1 rather than 0/0. The normal approximation is rough below ~5 successes and 5 failures
 * per group; callers say so where they show the p-value.
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): TwoProportionResult {
  if (n1 <= 0 || n2 <= 0) return { diff: null, z: null, p: null };
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { diff: p2 - p1, z: 0, p: 1 };
  const z = (p2 - p1) / se;
  return { diff: p2 - p1, z, p: Math.min(1, 2 * normalSf(Math.abs(z))) };
}
