import { describe, expect, it } from 'vitest';
import { bestSplit, eDivisive } from './change-points';
import { mulberry32, normalVariate } from './random';

/** Q̂(τ, κ) straight from Matteson & James (2014), eq. 3–4, with no prefix sums. */
function qDirect(z: number[], tau: number, kappa: number): number {
  const x = z.slice(0, tau);
  const y = z.slice(tau, kappa);
  const m = x.length;
  const n = y.length;
  let between = 0;
  for (const a of x) for (const b of y) between += Math.abs(a - b);
  let wx = 0;
  for (let i = 0; i < m; i++)
    for (let k = i + 1; k < m; k++) wx += Math.abs((x[i] as number) - (x[k] as number));
  let wy = 0;
  for (let i = 0; i < n; i++)
    for (let k = i + 1; k < n; k++) wy += Math.abs((y[i] as number) - (y[k] as number));
  const e = (2 / (m * n)) * between - wx / ((m * (m - 1)) / 2) - wy / ((n * (n - 1)) / 2);
  return ((m * n) / (m + n)) * e;
}

describe('bestSplit', () => {
  it('finds the same maximum as the direct formula over every (τ, κ)', () => {
    const rng = mulberry32(11);
    for (let trial = 0; trial < 20; trial++) {
      const z = Array.from({ length: 12 + Math.floor(rng() * 20) }, () => Math.round(rng() * 100));
      const minSize = 2 + Math.floor(rng() * 3);
      let best = { tau: -1, q: Number.NEGATIVE_INFINITY };
      for (let tau = minSize; tau <= z.length - minSize; tau++) {
        for (let kappa = tau + minSize; kappa <= z.length; kappa++) {
          const q = qDirect(z, tau, kappa);
          if (q > best.q + 1e-9) best = { tau, q };
        }
      }
      const got = bestSplit(z, minSize);
      expect(got?.q).toBeCloseTo(best.q, 8);
      expect(qDirect(z, got?.tau as number, z.length) <= (got?.q as number) + 1e-9).toBe(true);
    }
    expect(bestSplit([1, 2, 3], 2)).toBeNull();
  });
});

describe('eDivisive', () => {
  const opts = { minSize: 5, alpha: 0.01, permutations: 499 };

  it('finds a mean shift where it happens (within a point), and a second one after it', () => {
    const rng = mulberry32(5);
    const z = Array.from(
      { length: 90 },
      (_, i) => normalVariate(rng) + (i >= 30 ? 3 : 0) + (i >= 60 ? -3 : 0),
    );
    const cps = eDivisive(z, { ...opts, rng: mulberry32(1) });
    // Noise puts an estimate a point off now and then (here point 29 happens to be high).
    expect(cps).toHaveLength(2);
    expect(Math.abs((cps[0]?.index as number) - 30)).toBeLessThanOrEqual(1);
    expect(Math.abs((cps[1]?.index as number) - 60)).toBeLessThanOrEqual(1);
    for (const c of cps) expect(c.p).toBeLessThan(0.01);
  });

  it('finds nothing in stationary noise or a constant series, and is reproducible', () => {
    const rng = mulberry32(9);
    let found = 0;
    for (let k = 0; k < 20; k++) {
      const z = Array.from({ length: 80 }, () => normalVariate(rng));
      found += eDivisive(z, { ...opts, rng: mulberry32(1) }).length;
    }
    expect(found).toBe(0);
    expect(eDivisive(new Array(40).fill(7), { ...opts, rng: mulberry32(1) })).toEqual([]);
    const z = Array.from({ length: 50 }, (_, i) => (i < 25 ? 1 : 2) + normalVariate(rng) * 0.3);
    expect(eDivisive(z, { ...opts, rng: mulberry32(2) })).toEqual(
      eDivisive(z, { ...opts, rng: mulberry32(2) }),
    );
  });
});
