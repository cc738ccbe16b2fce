import { describe, expect, it } from 'vitest';
import { bootstrapMedianDiffCI, makeResampledMedianSampler, mulberry32 } from './bootstrap';
import { percentile } from './stats';

/** P(X >= k) for X ~ Binomial(n, q), by direct summation (n is small here). */
function binomialAtLeast(n: number, q: number, k: number): number {
  let total = 0;
  for (let i = k; i <= n; i++) {
    let c = 1;
    for (let j = 0; j < i; j++) c = (c * (n - j)) / (j + 1);
    total += c * q ** i * (1 - q) ** (n - i);
  }
  return total;
}

describe('mulberry32', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03);
  });
});

describe('makeResampledMedianSampler', () => {
  it('draws the median of a resample with its exact distribution (odd n)', () => {
    // For n = 11 distinct sorted values the resampled median is ≤ x[j] exactly when at least 6 of
    // the 11 draws land in the lowest j+1 values: P = P(Binomial(11, (j+1)/11) >= 6).
    const sorted = Array.from({ length: 11 }, (_, i) => i);
    const draw = makeResampledMedianSampler(sorted, mulberry32(7));
    const draws = 40_000;
    const counts = new Array<number>(11).fill(0);
    for (let i = 0; i < draws; i++) {
      const m = draw();
      counts[m] = (counts[m] as number) + 1;
    }
    let cum = 0;
    for (let j = 0; j < 11; j++) {
      cum += counts[j] as number;
      // Standard error ≤ √(0.25/40000) = 0.0025; 0.01 is four of them.
      expect(Math.abs(cum / draws - binomialAtLeast(11, (j + 1) / 11, 6))).toBeLessThan(0.01);
    }
  });

  it('agrees with naive resampling for an even n', () => {
    const sorted = [1, 2, 4, 8, 16, 32, 64, 128];
    const fast = makeResampledMedianSampler(sorted, mulberry32(3));
    const rng = mulberry32(99);
    const naive = (): number => {
      const r = Array.from({ length: 8 }, () => sorted[Math.floor(rng() * 8)] as number).sort(
        (a, b) => a - b,
      );
      return ((r[3] as number) + (r[4] as number)) / 2;
    };
    const draws = 40_000;
    const a = Float64Array.from({ length: draws }, fast).sort();
    const b = Float64Array.from({ length: draws }, naive).sort();
    for (const p of [10, 25, 50, 75, 90]) {
      // Compare the empirical CDFs at the naive quantile: the fraction below must match closely.
      const q = percentile(b, p) as number;
      const below = (xs: Float64Array): number => xs.filter((v) => v <= q).length / draws;
      expect(Math.abs(below(a) - below(b))).toBeLessThan(0.015);
    }
  });
});

describe('bootstrapMedianDiffCI', () => {
  const a = Array.from({ length: 101 }, (_, i) => 100 + i);
  const b = a.map((v) => v + 50);

  it('is deterministic for a seed and differs across seeds', () => {
    const r1 = bootstrapMedianDiffCI(a, b, { seed: 5 });
    const r2 = bootstrapMedianDiffCI(a, b, { seed: 5 });
    const r3 = bootstrapMedianDiffCI(a, b, { seed: 6 });
    expect(r2).toEqual(r1);
    expect([r3.lo, r3.hi]).not.toEqual([r1.lo, r1.hi]);
  });

  it('centres on median(b) − median(a) for a pure shift', () => {
    const r = bootstrapMedianDiffCI(a, b);
    expect(r.diff).toBe(50);
    expect(r.level).toBe(0.95);
    expect(r.iterations).toBe(2000);
    expect(r.lo as number).toBeLessThan(50);
    expect(r.hi as number).toBeGreaterThan(50);
    // The resampled median of 0..100 has sd ≈ 1.25·σ/√n ≈ 3.6; the difference of two ≈ 5.1, so the
    // 95% interval is about ±10 around 50.
    expect(r.lo as number).toBeGreaterThan(30);
    expect(r.hi as number).toBeLessThan(70);
  });

  it('gives nulls for an empty sample and rejects bad options', () => {
    expect(bootstrapMedianDiffCI([], [1])).toMatchObject({ diff: null, lo: null, hi: null });
    expect(() => bootstrapMedianDiffCI(a, b, { level: 1 })).toThrow(RangeError);
    expect(() => bootstrapMedianDiffCI(a, b, { iterations: 0 })).toThrow(RangeError);
  });

  it('is fast on 100k values', () => {
    const big = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_003);
    const t0 = performance.now();
    const r = bootstrapMedianDiffCI(
      big,
      big.map((v) => v * 1.1),
    );
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.lo as number).toBeGreaterThan(0);
  });
});
