import { describe, expect, it } from 'vitest';
import { computeStats, EMPTY_STATS, percentile, sortedFinite } from './stats';

describe('computeStats', () => {
  it('gives count 0 and nulls for no values', () => {
    expect(computeStats([])).toEqual(EMPTY_STATS);
  });

  it('ignores non-finite values instead of poisoning the numbers', () => {
    expect(computeStats([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toEqual(
      EMPTY_STATS,
    );
    expect(computeStats([2, Number.NaN, 4]).count).toBe(2);
    expect(computeStats([2, Number.NaN, 4]).mean).toBe(3);
  });

  it('handles n = 1: every number is the value, std 0', () => {
    expect(computeStats([42])).toEqual({
      count: 1,
      mean: 42,
      std: 0,
      min: 42,
      p50: 42,
      p90: 42,
      p95: 42,
      p99: 42,
      max: 42,
    });
  });

  it('handles all-equal values', () => {
    const s = computeStats([7.5, 7.5, 7.5, 7.5]);
    expect(s).toMatchObject({ count: 4, mean: 7.5, std: 0, min: 7.5, p50: 7.5, p99: 7.5, max: 7.5 });
  });

  it('matches numpy on [1, 2, 3, 4, 10]', () => {
    // By hand: mean 4; population variance (9+4+1+0+36)/5 = 10, std √10.
    // rank = 4·p/100: p50 → 2 → 3; p90 → 3.6 → 4 + 0.6·6 = 7.6; p95 → 3.8 → 8.8; p99 → 3.96 → 9.76.
    // numpy 2.4.6 (np.percentile, np.std) prints 7.6000000000000005, 8.799999999999999, 9.76,
    // 3.1622776601683795: the test pins the exact doubles, since we mirror numpy's lerp.
    const s = computeStats([10, 3, 1, 4, 2]);
    expect(s.count).toBe(5);
    expect(s.mean).toBe(4);
    expect(s.std).toBe(3.1622776601683795);
    expect(s.min).toBe(1);
    expect(s.max).toBe(10);
    expect(s.p50).toBe(3);
    expect(s.p90).toBe(7.6000000000000005);
    expect(s.p95).toBe(8.799999999999999);
    expect(s.p99).toBe(9.76);
  });

  it('matches numpy with ties: [5.5, 1.25, 3, 3, 3, 8, 13.75, 2]', () => {
    // Sorted 1.25 2 3 3 3 5.5 8 13.75; rank = 7·p/100.
    // p50: 3.5 → 3 + 0.5·(3−3) = 3; p90: 6.3 → 8 + 0.3·5.75 = 9.725;
    // p95: 6.65 → 8 + 0.65·5.75 = 11.7375; p99: 6.93 → 8 + 0.93·5.75 = 13.3475.
    // numpy 2.4.6: 3.0, 9.725, 11.737499999999997, 13.347499999999998; mean 4.9375, std 3.8865754527604377.
    const s = computeStats([5.5, 1.25, 3, 3, 3, 8, 13.75, 2]);
    expect(s.p50).toBe(3);
    expect(s.p90).toBe(9.725);
    expect(s.p95).toBe(11.737499999999997);
    expect(s.p99).toBe(13.347499999999998);
    expect(s.mean).toBe(4.9375);
    expect(s.std).toBeCloseTo(3.8865754527604377, 14);
  });

  it('is fast and exact enough on 100k values', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_000);
    const t0 = performance.now();
    const s = computeStats(values);
    const elapsed = performance.now() - t0;
    // 0..99999 each once: p50 = 49999.5, p99 = 0.99·99999 = 98999.01.
    expect(s.count).toBe(100_000);
    expect(s.p50).toBe(49999.5);
    expect(s.p99).toBeCloseTo(98999.01, 6);
    expect(s.mean).toBe(49999.5);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('percentile', () => {
  it('interpolates linearly at rank (n-1)p/100 and hits the ends exactly', () => {
    const s = sortedFinite([10, 20, 30, 40]);
    expect(percentile(s, 0)).toBe(10);
    expect(percentile(s, 100)).toBe(40);
    expect(percentile(s, 50)).toBe(25);
    expect(percentile(s, 25)).toBe(17.5);
  });

  it('is null for no values and rejects p outside 0..100', () => {
    expect(percentile(new Float64Array(0), 50)).toBeNull();
    expect(() => percentile([1, 2], 101)).toThrow(RangeError);
  });
});
