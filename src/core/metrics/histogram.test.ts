import { describe, expect, it } from 'vitest';
import { cdfPoints, defaultBinCount, histogram } from './histogram';
import { mulberry32 } from './random';
import { sortedFinite } from './stats';

describe('histogram', () => {
  it('bins by equal width with the last bin closed, like numpy.histogram', () => {
    // Edges 0, 2.5, 5, 7.5, 10: [0,2.5) holds 0 1 2; [2.5,5) 3 4; [5,7.5) 5 6 7; [7.5,10] 8 9 10.
    const h = histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { bins: 4 });
    expect(h.edges).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(h.counts).toEqual([3, 2, 3, 3]);
    expect(h.excluded).toBe(0);
  });

  it('puts values on an inner edge in the upper bin despite float rounding', () => {
    // 0.3 is an edge of 10 bins over 0..1, and (0.3 - 0) / 0.1 = 2.9999999999999996 in floats.
    const h = histogram([0, 0.3, 1], { bins: 10 });
    expect(h.counts[3]).toBe(1);
    expect(h.counts[2]).toBe(0);
  });

  it('widens a single distinct value to ±0.5 and skips non-finite values', () => {
    const h = histogram([5, 5, Number.NaN], { bins: 2 });
    expect(h.edges).toEqual([4.5, 5, 5.5]);
    expect(h.counts).toEqual([0, 2]);
    expect(h.excluded).toBe(1);
  });

  it('is empty for no values', () => {
    expect(histogram([])).toEqual({ edges: [], counts: [], log: false, excluded: 0 });
  });

  it('uses log10-spaced edges over positive values in log mode', () => {
    const h = histogram([1, 10, 100, 1000, 0, -5], { bins: 3, log: true });
    expect(h.edges.map((e) => Math.round(e * 1e9) / 1e9)).toEqual([1, 10, 100, 1000]);
    expect(h.counts).toEqual([1, 1, 2]);
    expect(h.excluded).toBe(2);
    expect(h.log).toBe(true);
  });

  it('honours a fixed range so groups share edges', () => {
    const h = histogram([1, 2, 3, 50], { bins: 2, range: [0, 4] });
    expect(h.edges).toEqual([0, 2, 4]);
    expect(h.counts).toEqual([1, 2]);
    expect(h.excluded).toBe(1);
  });
});

describe('defaultBinCount', () => {
  it('uses Freedman–Diaconis when the IQR is positive', () => {
    // 0..999: IQR = 749.25 − 249.75 = 499.5; width = 2·499.5·1000^(−1/3) = 99.9; 999 / 99.9 = 10 bins.
    const s = sortedFinite(Array.from({ length: 1000 }, (_, i) => i));
    expect(defaultBinCount(s)).toBe(10);
  });

  it('falls back to Sturges when the IQR is 0, and clamps to 5..60', () => {
    // 97 equal values and 3 outliers: IQR 0 → ceil(log2 100) + 1 = 8.
    const s = sortedFinite([...new Array<number>(97).fill(1), 5, 6, 7]);
    expect(defaultBinCount(s)).toBe(8);
    expect(defaultBinCount(sortedFinite([1, 2]))).toBe(5);
    // A huge span relative to the IQR would ask for thousands of bins.
    const tail = sortedFinite([...Array.from({ length: 1000 }, (_, i) => i / 1000), 1e6]);
    expect(defaultBinCount(tail)).toBe(60);
  });
});

describe('cdfPoints', () => {
  it('gives every point for small n, collapsing ties to their highest rank', () => {
    expect(cdfPoints([3, 1, 2, 2])).toEqual([
      { x: 1, p: 0.25 },
      { x: 2, p: 0.75 },
      { x: 3, p: 1 },
    ]);
  });

  it('downsamples to at most maxPoints, keeping both ends', () => {
    const pts = cdfPoints(
      Array.from({ length: 100_000 }, (_, i) => i),
      512,
    );
    expect(pts.length).toBeLessThanOrEqual(512);
    expect(pts[0]).toEqual({ x: 0, p: 1 / 100_000 });
    expect(pts[pts.length - 1]).toEqual({ x: 99_999, p: 1 });
    for (let i = 1; i < pts.length; i++) {
      expect((pts[i] as { x: number }).x).toBeGreaterThan((pts[i - 1] as { x: number }).x);
    }
  });

  it('is empty for no values', () => {
    expect(cdfPoints([])).toEqual([]);
  });
});

describe('histogram of presorted values (binary searches instead of a pass per value)', () => {
  it('counts exactly what the pass per value counts, linear and log, ties, zeros and negatives', () => {
    const rng = mulberry32(3);
    const shapes: (() => number)[] = [
      () => rng() * 100,
      () => Math.exp(rng() * 12),
      () => Math.round(rng() * 20) / 2 - 2,
      () => (rng() < 0.9 ? 5 : rng() * 1e6),
      () => 0.1 * Math.floor(rng() * 7),
    ];
    for (const [s, shape] of shapes.entries()) {
      for (const n of [1, 2, 3, 17, 1000, 20_000]) {
        const values = Array.from({ length: n }, shape);
        const sorted = Float64Array.from(values).sort();
        for (const log of [false, true]) {
          for (const bins of [undefined, 7]) {
            const opts = { log, ...(bins ? { bins } : {}) };
            expect({ s, n, log, bins, h: histogram(sorted, { ...opts, presorted: true }) }).toEqual({
              s,
              n,
              log,
              bins,
              h: histogram(values, opts),
            });
          }
        }
      }
    }
  });
});
