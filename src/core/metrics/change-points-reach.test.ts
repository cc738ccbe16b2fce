import { describe, expect, it } from 'vitest';
import { bestSplit } from './change-points';
import { splitReaches } from './change-points-reach';
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
  it('answers as bestSplit does, at its Q̂ exactly and one double either side, and far from it', () => {
    const rng = mulberry32(123);
    let reached = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const v = segment(rng, 4 + Math.floor(rng() * 120));
      const minSize = 2 + Math.floor(rng() * 5);
      const exponent = trial % 7 === 0 ? 0.5 + rng() : 1;
      const best = bestSplit(v, minSize, exponent);
      const q = best?.q ?? 1;
      const thresholds = [
        q,
        nextDouble(Math.abs(q), 1),
        nextDouble(Math.abs(q), -1),
        q * 0.5,
        q * 2,
        q * 1.000001,
      ];
      for (const t of thresholds) {
        const want = (best?.q ?? Number.NEGATIVE_INFINITY) >= t;
        expect({ trial, t, got: splitReaches(v, minSize, exponent, t) }).toEqual({ trial, t, got: want });
        if (want) reached++;
      }
    }
    // Both answers are well represented.
    expect(reached).toBeGreaterThan(2000);
  });

  it('leaves series its margin argument does not cover to bestSplit, with the same answer', () => {
    const rng = mulberry32(7);
    for (const scale of [1e-200, 1e150, 1]) {
      const v = Float64Array.from({ length: 40 }, (_, i) => (normalVariate(rng) + (i >= 20 ? 3 : 0)) * scale);
      if (scale === 1) v[3] = 1e-120;
      const q = bestSplit(v, 5)?.q as number;
      expect(splitReaches(v, 5, 1, q)).toBe(true);
      expect(splitReaches(v, 5, 1, nextDouble(q, 1))).toBe(false);
    }
    expect(splitReaches(Float64Array.from([1, 2, 3]), 2, 1, 0.5)).toBe(false);
  });
});
