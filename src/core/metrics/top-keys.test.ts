import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random';
import { topKeys } from './top-keys';

/** What the split chart's bars were: every index, stable-sorted by descending key, cut to k. */
function bySorting(keys: Float64Array, m: number, k: number): number[] {
  return Array.from({ length: m }, (_, j) => j)
    .sort((a, b) => (keys[b] as number) - (keys[a] as number))
    .slice(0, k);
}

describe('topKeys', () => {
  it('gives the stable sort by descending key, cut to k (ties, zeros of both signs, fewer than k)', () => {
    const rng = mulberry32(3);
    for (const [m, k, distinct] of [
      [5000, 300, 40],
      [5000, 300, 1e9],
      [2000, 300, 3],
      [250, 300, 10],
      [1, 300, 5],
      [0, 300, 5],
      [700, 1, 20],
    ] as const) {
      const keys = Float64Array.from({ length: m + 10 }, () => {
        const v = Math.floor(rng() * distinct) - distinct / 4;
        return v === 0 && rng() < 0.5 ? -0 : v;
      });
      expect({ m, k, distinct, top: topKeys(keys, m, k) }).toEqual({
        m,
        k,
        distinct,
        top: bySorting(keys, m, k),
      });
    }
  });
});
