import { describe, expect, it } from 'vitest';
import { percentileRank, percentileRankLabel, percentileRankSorted } from './percentile-rank';
import { mulberry32 } from './random';

/** The definition, spelled out on a sorted copy: first and last position of x. */
function bySort(values: number[], x: number) {
  const sorted = [...values].sort((a, b) => a - b);
  let below = 0;
  while (below < sorted.length && (sorted[below] as number) < x) below++;
  let end = below;
  while (end < sorted.length && sorted[end] === x) end++;
  const equal = end - below;
  return { rank: (100 * (below + equal / 2)) / sorted.length, below, equal, n: sorted.length };
}

describe('percentileRank', () => {
  it('agrees with a sort for values in the set, between them and outside, ties included', () => {
    const rng = mulberry32(3);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(rng() * 300);
      // Rounded to whole ms: many ties, as real TTFTs have.
      const values = Array.from({ length: n }, () => Math.round(rng() * 40));
      const probes = [...values.slice(0, 20), -1, 0.5, 17.5, 41, 1000];
      for (const x of probes) expect(percentileRank(values, x)).toEqual(bySort(values, x));
    }
  });

  it('states the tie rule: equal values count half', () => {
    expect(percentileRank([5, 5, 5, 5], 5)).toEqual({ rank: 50, below: 0, equal: 4, n: 4 });
    expect(percentileRank([1, 2, 3, 4], 4)?.rank).toBe(87.5);
    expect(percentileRank([1, 2, 3, 4], 5)?.rank).toBe(100);
    expect(percentileRank([1, 2, 3, 4], 0)?.rank).toBe(0);
    const ttfts = Array.from({ length: 4210 }, (_, i) => i);
    expect(
      percentileRankLabel(percentileRank(ttfts, 4083) as NonNullable<ReturnType<typeof percentileRank>>),
    ).toBe('p97 of 4,210');
  });

  it('ignores non-finite values and gives null for an empty selection or a non-finite value', () => {
    expect(percentileRank([Number.NaN, 1, Number.POSITIVE_INFINITY, 3], 2)).toEqual({
      rank: 50,
      below: 1,
      equal: 0,
      n: 2,
    });
    expect(percentileRank([], 1)).toBeNull();
    expect(percentileRankSorted(Float64Array.of(1, 2), Number.NaN)).toBeNull();
  });
});
