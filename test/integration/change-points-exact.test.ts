import { describe, expect, it } from 'vitest';
import { bestSplit, eDivisive } from '../../src/core/metrics/change-points';
import { mulberry32, normalVariate } from '../../src/core/metrics/random';
import { bestSplit as bestSplitByRows, eDivisive as eDivisiveByRows } from '../helpers/change-points-by-rows';

/*
 * E-divisive's prefix sums are stored by column (so they build and read sequentially); the answers
 * must stay those of the row-by-row version it replaced: the same split, the same Q̂ to the last
 * bit, the same change points and p-values.
 */

/** Series like the dashboard's: level shifts, noise, ties and repeated values. */
function series(rng: () => number, length: number): number[] {
  const shifts = [Math.floor(rng() * length), Math.floor(rng() * length)];
  return Array.from({ length }, (_, i) => {
    const level = (i >= (shifts[0] as number) ? 3 : 0) + (i >= (shifts[1] as number) ? -2 : 0);
    const v = level + normalVariate(rng);
    return rng() < 0.2 ? Math.round(v) : v;
  });
}

describe('E-divisive by columns equals E-divisive by rows', () => {
  it('gives the same best split and Q̂, bit for bit, for every length, minimum size and exponent', () => {
    const rng = mulberry32(17);
    for (let trial = 0; trial < 400; trial++) {
      const z = series(rng, 4 + Math.floor(rng() * 120));
      const minSize = 2 + Math.floor(rng() * 6);
      const exponent = trial % 4 === 0 ? 0.5 + rng() : 1;
      const got = bestSplit(z, minSize, exponent);
      const want = bestSplitByRows(z, minSize, exponent);
      expect({ trial, tau: got?.tau, q: got?.q }).toEqual({ trial, tau: want?.tau, q: want?.q });
    }
  });

  it('finds the same change points with the same p-values', () => {
    const rng = mulberry32(29);
    let found = 0;
    for (let trial = 0; trial < 12; trial++) {
      const z = series(rng, 30 + Math.floor(rng() * 70));
      const opts = { minSize: 5, alpha: 0.01, permutations: 199 };
      const got = eDivisive(z, { ...opts, rng: mulberry32(trial) });
      expect(got).toEqual(eDivisiveByRows(z, { ...opts, rng: mulberry32(trial) }));
      found += got.length;
    }
    // The series have real shifts: the comparison covers accepted change points, not only none.
    expect(found).toBeGreaterThan(5);
  });
});
