import { describe, expect, it } from 'vitest';
import { twoProportionZTest } from './two-proportion';

describe('twoProportionZTest', () => {
  it('matches the pooled two-sided test (references from Python, math.erfc)', () => {
    // statsmodels' proportions_ztest([83, 90], [100, 100]) gives |z| = 1.44847, p = 0.147487.
    const a = twoProportionZTest(83, 100, 90, 100);
    expect(a.diff).toBeCloseTo(0.07, 12);
    expect(a.z).toBeCloseTo(1.4484653289031366, 10);
    expect(a.p).toBeCloseTo(0.14748695568917758, 10);
    const b = twoProportionZTest(5, 50, 20, 60);
    expect(b.z).toBeCloseTo(2.90773141139004, 10);
    expect(b.p).toBeCloseTo(0.003640608731652716, 10);
    // Symmetric: swapping the groups flips the sign only.
    const c = twoProportionZTest(20, 60, 5, 50);
    expect(c.z).toBeCloseTo(-2.90773141139004, 10);
    expect(c.p).toBeCloseTo(b.p as number, 12);
  });

  it('gives p = 1 when both groups are all-met or all-missed, and nulls for an empty group', () => {
    expect(twoProportionZTest(10, 10, 4, 4)).toEqual({ diff: 0, z: 0, p: 1 });
    expect(twoProportionZTest(0, 10, 0, 4)).toEqual({ diff: 0, z: 0, p: 1 });
    expect(twoProportionZTest(0, 0, 3, 4)).toEqual({ diff: null, z: null, p: null });
  });
});
