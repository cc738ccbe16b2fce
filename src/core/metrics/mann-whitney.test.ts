import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from './mann-whitney';
import { erfc, normalSf } from './normal';

// References: scipy 1.17.1, scipy.stats.mannwhitneyu(x, y) with its defaults (method='auto',
// use_continuity=True, alternative='two-sided'); the first two are also worked out by hand.
describe('mannWhitneyU', () => {
  it('exact: [1,2,3] vs [4,5,6]', () => {
    // U1 = 0; only 1 of C(6,3) = 20 arrangements is that extreme on one side: p = 2/20 = 0.1.
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6])).toEqual({ u: 0, p: 0.1, method: 'exact', n1: 3, n2: 3 });
  });

  it('exact: [19,22,16,29,24] vs [20,11,17,12]', () => {
    // Pairs x > y: 3 + 4 + 2 + 4 + 4 = 17, so U1 = 17, U2 = 3. Arrangements with U <= 3 for sizes
    // 4 and 5 (partitions of 0..3 in a 4×5 box): 1 + 1 + 2 + 3 = 7 of C(9,4) = 126; p = 14/126.
    const r = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    expect(r.u).toBe(17);
    expect(r.method).toBe('exact');
    expect(r.p).toBeCloseTo(0.1111111111111111, 15);
  });

  it('exact when only the smaller sample has <= 8 values', () => {
    // scipy: statistic 3.0, pvalue 0.03076923076923077 (exact; asymptotic would give 0.0364).
    const r = mannWhitneyU([0.5, 1.5, 2.5], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(r.u).toBe(3);
    expect(r.method).toBe('exact');
    expect(r.p).toBeCloseTo(0.03076923076923077, 14);
  });

  it('exact for 8 vs 200 (a long polynomial, counts far beyond 2^53)', () => {
    // scipy: x = 7.1 + 25.3·i (i < 8), y = (37·i mod 200) + 0.5 (i < 200): statistic 765.0,
    // pvalue 0.8392858072184868; with y + 40: statistic 486.0, pvalue 0.059478364337607545.
    const x = Array.from({ length: 8 }, (_, i) => i * 25.3 + 7.1);
    const y = Array.from({ length: 200 }, (_, i) => ((i * 37) % 200) + 0.5);
    const r = mannWhitneyU(x, y);
    expect(r).toMatchObject({ u: 765, method: 'exact' });
    expect(r.p).toBeCloseTo(0.8392858072184868, 12);
    const s = mannWhitneyU(
      x,
      y.map((v) => v + 40),
    );
    expect(s.u).toBe(486);
    expect(s.p).toBeCloseTo(0.059478364337607545, 12);
  });

  it('exact, 7 vs 6 continuous values', () => {
    // scipy: statistic 6.0, pvalue 0.03496503496503496.
    const r = mannWhitneyU([3.1, 5.2, 7.4, 1.0, 9.9, 2.2, 6.5], [4.4, 8.8, 10.1, 12.3, 11.0, 9.5]);
    expect(r.u).toBe(6);
    expect(r.p).toBeCloseTo(0.03496503496503496, 14);
  });

  it('asymptotic with tie correction and continuity correction', () => {
    // Pooled ranks: 1→1, 2s→3, 3s→6, 4→8, so R1 = 21 and U1 = 6; tie term 2·(27−3) = 48;
    // σ² = 30/12·(12 − 48/110); z = (24 − 15 − 0.5)/σ = 1.5809; p = 0.11390314458853068 (scipy).
    const r = mannWhitneyU([1, 2, 2, 3, 4], [2, 3, 3, 5, 6, 7]);
    expect(r.u).toBe(6);
    expect(r.method).toBe('asymptotic');
    expect(r.p).toBeCloseTo(0.11390314458853068, 12);
  });

  it('asymptotic when both samples exceed 8 values', () => {
    // scipy: 9 vs 9 fully separated: statistic 0.0, pvalue 0.00041229480206169127.
    const r = mannWhitneyU([1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(r).toMatchObject({ u: 0, method: 'asymptotic' });
    expect(r.p).toBeCloseTo(0.00041229480206169127, 14);
    // scipy: 1..10 vs 3.5..12.5: statistic 28.0, pvalue 0.10410988966022681.
    const s = mannWhitneyU(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      [3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5],
    );
    expect(s.u).toBe(28);
    expect(s.p).toBeCloseTo(0.10410988966022681, 12);
  });

  it('gives p = 1 when every value is tied', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5])).toEqual({ u: 3, p: 1, method: 'asymptotic', n1: 3, n2: 2 });
  });

  it('gives nulls for an empty sample and ignores non-finite values', () => {
    expect(mannWhitneyU([], [1, 2])).toEqual({ u: null, p: null, method: null, n1: 0, n2: 2 });
    expect(mannWhitneyU([Number.NaN], [1])).toMatchObject({ p: null, n1: 0 });
    expect(mannWhitneyU([1, 2, 3, Number.NaN], [4, 5, 6]).p).toBe(0.1);
  });

  it('is symmetric in p and complementary in U', () => {
    const x = [3.1, 5.2, 7.4, 1.0, 9.9, 2.2, 6.5];
    const y = [4.4, 8.8, 10.1, 12.3, 11.0, 9.5];
    const a = mannWhitneyU(x, y);
    const b = mannWhitneyU(y, x);
    expect(b.p).toBe(a.p);
    expect((a.u as number) + (b.u as number)).toBe(42);
  });

  it('handles 100k vs 100k quickly', () => {
    const x = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_003);
    const y = x.map((v) => v + 500);
    const t0 = performance.now();
    const r = mannWhitneyU(x, y);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.method).toBe('asymptotic');
    expect(r.p).toBeGreaterThan(0);
    expect(r.p).toBeLessThan(1);
  });
});

describe('normal tail', () => {
  it('matches scipy.special.erfc and scipy.stats.norm.sf', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
    expect(erfc(1) / 0.15729920705028516).toBeCloseTo(1, 13);
    expect(erfc(3) / 2.2090496998585445e-5).toBeCloseTo(1, 13);
    expect(erfc(6) / 2.1519736712498913e-17).toBeCloseTo(1, 13);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 14);
    expect(normalSf(1.96)).toBeCloseTo(0.024997895148220435, 14);
  });
});
