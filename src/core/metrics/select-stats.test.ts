import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random';
import { statsBySelection } from './select-stats';
import { computeStats } from './stats';

describe('statsBySelection', () => {
  it('gives exactly the percentiles, min and max of the sorting implementation', () => {
    const random = mulberry32(7);
    const shapes: ((i: number) => number)[] = [
      () => random() * 1000,
      () => Math.floor(random() * 5), // many ties
      (i) => i, // already sorted
      (i) => -i, // reversed
      () => 42, // all equal
      () => Math.exp(random() * 8), // long tail
    ];
    for (const n of [1, 2, 3, 10, 101, 1000, 20_000]) {
      for (const shape of shapes) {
        const values = Float64Array.from({ length: n }, (_, i) => shape(i));
        const expected = computeStats(values);
        const actual = statsBySelection(values.slice());
        expect({ n, ...actual, mean: null, std: null }).toEqual({ n, ...expected, mean: null, std: null });
        expect(actual.mean).toBeCloseTo(expected.mean as number, 6);
        expect(actual.std).toBeCloseTo(expected.std as number, 6);
      }
    }
  });

  it('gives the empty stats for no values', () => {
    expect(statsBySelection(new Float64Array(0))).toEqual(computeStats([]));
  });
});
