import { describe, expect, it } from 'vitest';
import { eDivisive as eDivisiveByRows } from '../../../test/helpers/change-points-by-rows';
import { bestSplit, eDivisive } from './change-points';
import { canSkipDivisions, splitReaches, trainSplitReaches } from './change-points-reach';
import { mulberry32, normalVariate } from './random';

/** The next double above (dir 1) or below (dir -1) a positive x. */
function nextDouble(x: number, dir: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(dir));
  return view.getFloat64(0);
}

/** Segments like a permutation test's: shifts, noise, ties, repeats, an occasional constant run. */
function segment(rng: () => number, length: number): Float64Array {
  const shift = Math.floor(rng() * length);
  const scale = 10 ** Math.floor(rng() * 7 - 2);
  const v = Float64Array.from({ length }, (_, i) => ((i >= shift ? 2 : 0) + normalVariate(rng)) * scale);
  if (rng() < 0.3) for (let i = 0; i < length; i++) v[i] = Math.round(v[i] as number);
  if (rng() < 0.1) v.fill(v[0] as number, 0, Math.floor(length / 2));
  return v;
}

describe('splitReaches', () => {
  it('answers the same after its training run (which only warms the compiler)', () => {
    const rng = mulberry32(7);
    const cases = Array.from({ length: 200 }, () => {
      const v = segment(rng, 10 + Math.floor(rng() * 60));
      const split = bestSplit(v, 5);
      return { v, threshold: split && split.q > 0 ? split.q * (0.5 + rng()) : 1 };
    });
    const before = cases.map(({ v, threshold }) => splitReaches(v, 5, threshold));
    trainSplitReaches();
    expect(cases.map(({ v, threshold }) => splitReaches(v, 5, threshold))).toEqual(before);
    expect(before).toContain(true);
    expect(before).toContain(false);
  });

  it('answers as bestSplit does, at its Q̂ exactly and one double either side, and far from it', () => {
    const rng = mulberry32(123);
    let reached = 0;
    let checked = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const v = segment(rng, 4 + Math.floor(rng() * 120));
      if (!canSkipDivisions(v, 1)) continue;
      const minSize = 2 + Math.floor(rng() * 5);
      const best = bestSplit(v, minSize);
      if (!best || !(best.q > 0)) continue;
      const q = best.q;
      const thresholds = [q, nextDouble(q, 1), nextDouble(q, -1), q * 0.5, q * 2, q * 1.000001];
      for (const t of thresholds) {
        const want = q >= t;
        expect({ trial, t, got: splitReaches(v, minSize, t) }).toEqual({ trial, t, got: want });
        checked++;
        if (want) reached++;
      }
    }
    // Both answers are well represented.
    expect(checked).toBeGreaterThan(6000);
    expect(reached).toBeGreaterThan(2000);
  });

  it('is skipped for an exponent other than 1, huge or tiny values and long series', () => {
    const v = Float64Array.from({ length: 40 }, (_, i) => i % 7);
    expect(canSkipDivisions(v, 1)).toBe(true);
    expect(canSkipDivisions(v, 1.5)).toBe(false);
    expect(canSkipDivisions(Float64Array.from([1, 2e100, 3]), 1)).toBe(false);
    expect(canSkipDivisions(Float64Array.from([1, 1e-120, 3]), 1)).toBe(false);
    expect(canSkipDivisions(Float64Array.from([1, 0, -3]), 1)).toBe(true);
    expect(canSkipDivisions(new Float64Array(2000), 1)).toBe(false);
  });
});

describe('eDivisive with and without the division-free test', () => {
  it('finds what the row-by-row version finds, for series the test covers and series it leaves to bestSplit', () => {
    const rng = mulberry32(31);
    const opts = { minSize: 5, permutations: 199, alpha: 0.05 };
    let found = 0;
    for (let trial = 0; trial < 16; trial++) {
      const scale = [1, 1e-150, 1e150, 1][trial % 4] as number;
      const exponent = trial % 4 === 3 ? 1.5 : 1;
      const z = Array.from({ length: 30 + Math.floor(rng() * 50) }, (_, i) => {
        const level = i > 20 ? 2 : 0;
        return (level + normalVariate(rng)) * scale;
      });
      const got = eDivisive(z, { ...opts, exponent, rng: mulberry32(trial) });
      expect(got).toEqual(eDivisiveByRows(z, { ...opts, exponent, rng: mulberry32(trial) }));
      found += got.length;
    }
    expect(found).toBeGreaterThan(8);
  });
});
