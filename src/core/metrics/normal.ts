/*
 * The standard normal tail, for p-values of the normal approximation. Written out here because
 * the project takes no stats dependency; accurate to ~1e-14 relative, far beyond what a quoted
 * p-value needs, so tests can compare against scipy tightly.
 */

const SQRT_PI = Math.sqrt(Math.PI);

/** Complementary error function erfc(x) = 1 - erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x < 2.5) {
    // erf(x) = 2/√π · e^(−x²) · Σ (2x²)^k · x / (1·3·…·(2k+1)): every term positive, so no
    // cancellation, unlike the alternating Taylor series.
    const x2 = 2 * x * x;
    let term = x;
    let sum = x;
    for (let k = 1; k < 200; k++) {
      term *= x2 / (2 * k + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - (2 / SQRT_PI) * Math.exp(-x * x) * sum;
  }
  // Laplace's continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
  // evaluated bottom-up; it converges fast for x >= 2.5, where 1 - erf would lose the digits.
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** P(Z >= z) for a standard normal Z. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}
