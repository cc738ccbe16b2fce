import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random';
import { sortColumn } from './sorted-column';
import { percentile } from './stats';
import { summarizeBySorted } from './summarize-by-sorted';

describe('summarizeBySorted', () => {
  it('gives each range’s percentiles as sorting it gives them for the bucket cuts, then for runs of buckets without a walk, ties and ±0 included', () => {
    const rng = mulberry32(3);
    for (let trial = 0; trial < 40; trial++) {
      const n = 50 + Math.floor(rng() * 400);
      // Few distinct values (many ties), -0 and +0, and rows without a value.
      const column = Float64Array.from({ length: n }, () => {
        const r = rng();
        return r < 0.1 ? Number.NaN : r < 0.2 ? -0 : r < 0.3 ? 0 : Math.round(rng() * 20) - 5;
      });
      const inTime = Int32Array.from(
        Array.from({ length: n }, (_, i) => i)
          .filter((i) => Number.isFinite(column[i]))
          .sort(() => rng() - 0.5),
      );
      const values = Array.from(inTime, (i) => column[i] as number);
      const summarize = summarizeBySorted(n, inTime, sortColumn(column, null));
      const m = inTime.length;
      const buckets = 5 + Math.floor(rng() * 10);
      const cuts = Array.from({ length: buckets + 1 }, (_, b) => Math.floor((b * m) / buckets));
      const same = (c: number[]) =>
        expect({ trial, c, got: summarize(c) }).toEqual({ trial, c, got: bySorting(values, c) });
      same(cuts);
      // Runs of whole buckets (change points' segments), then cuts between bucket starts (a walk).
      same([0, cuts[2] as number, cuts[buckets - 1] as number, m]);
      same([0, cuts[1] as number, m]);
      same([0, m]);
      same([0, (cuts[1] as number) + 1, m]);
    }
  });
});

/** Each range sorted (Float64Array order: -0 before +0), then its p50 and p90. */
function bySorting(values: number[], cuts: number[]) {
  return cuts.slice(1).map((to, g) => {
    const sorted = Float64Array.from(values.slice(cuts[g], to)).sort();
    return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), n: sorted.length };
  });
}
