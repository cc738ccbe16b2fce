/*
 * Seeded randomness for the bootstrap. Reports must be reproducible (the same logs give the same
 * CI in CI jobs and in the app), so nothing here touches Math.random.
 */

/** A uniform generator on [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a tiny 32-bit PRNG with good statistical quality for simulation (not for secrets).
 * The same seed always yields the same sequence on every platform.
 */
export function mulberry32(seed: number): Rng {
  // The state lives in a typed array, not a closure variable: a uint32 above 2^30 is not a small
  // integer to V8, so every store of it into a closure slot allocated a heap number (~3 MB a
  // change-point job, collected mid-request).
  const state = new Uint32Array([seed >>> 0]);
  return () => {
    const a = ((state[0] as number) + 0x6d2b79f5) >>> 0;
    state[0] = a;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal variate (Box–Muller; the second value is dropped to keep the state simple). */
export function normalVariate(rng: Rng): number {
  // 1 - u keeps the log argument in (0, 1].
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** An Exp(1) variate. */
export function exponentialVariate(rng: Rng): number {
  return -Math.log(1 - rng());
}

/**
 * A Gamma(shape, 1) variate for shape >= 1 by Marsaglia & Tsang (2000): exact (a rejection
 * sampler), and O(1) even for shapes in the tens of thousands.
 */
export function gammaVariate(shape: number, rng: Rng): number {
  if (!(shape >= 1)) throw new RangeError(`gammaVariate: shape must be >= 1, got ${shape}`);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normalVariate(rng);
    const base = 1 + c * x;
    if (base <= 0) continue;
    const v = base * base * base;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
