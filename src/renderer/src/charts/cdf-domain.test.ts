import { describe, expect, it } from 'vitest';
import { cdfXAxis } from './cdf-domain';

describe('a CDF chart x axis', () => {
  it('on a log axis, a shared range from 0 (a TTFT of 0 in one group) starts at the first value drawn', () => {
    // Compare shares one range across groups: the smallest TTFT of all can be 0.
    const axis = cdfXAxis([12, 4_000], [0, 4_000], true);
    expect(axis.domain).toEqual([12, 4_000]);
    expect(axis.ticks).toEqual([20, 50, 100, 200, 500, 1_000, 2_000]);
  });

  it('keeps a positive shared range on a log axis, and any range on a linear one', () => {
    expect(cdfXAxis([12, 4_000], [5, 5_000], true).domain).toEqual([5, 5_000]);
    const linear = cdfXAxis([12, 4_000], [0, 4_000], false);
    expect(linear.domain).toEqual([0, 4_000]);
    expect(linear.ticks[0]).toBe(0);
    expect(linear.ticks.at(-1)).toBe(4_000);
  });

  it('widens a single value into a range', () => {
    expect(cdfXAxis([10, 10], undefined, false).domain).toEqual([9, 12]);
  });
});
