import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatMetricDelta,
  formatMetricValue,
  formatMs,
  formatNumber,
  formatPercentChange,
  formatPValue,
  formatRange,
  formatShare,
  MISSING,
} from './format';

describe('formatMs (UI.md Numbers)', () => {
  it('one decimal under 10 ms', () => {
    expect(formatMs(0)).toBe('0.0 ms');
    expect(formatMs(3.44)).toBe('3.4 ms');
    expect(formatMs(9.94)).toBe('9.9 ms');
  });

  it('whole numbers with thousands separators from 10 ms', () => {
    expect(formatMs(9.96)).toBe('10 ms');
    expect(formatMs(210.4)).toBe('210 ms');
    expect(formatMs(1234.5)).toBe('1,235 ms');
    expect(formatMs(10_000)).toBe('10,000 ms');
  });

  it('seconds with one decimal above 10,000 ms', () => {
    expect(formatMs(10_001)).toBe('10.0 s');
    expect(formatMs(12_345)).toBe('12.3 s');
    expect(formatMs(1_234_567)).toBe('1,234.6 s');
  });

  it('signs and missing values', () => {
    expect(formatMs(-3.25)).toBe('-3.3 ms');
    expect(formatMs(-0.01)).toBe('0.0 ms');
    expect(formatMs(null)).toBe(MISSING);
    expect(formatMs(Number.NaN)).toBe(MISSING);
  });
});

describe('other formats', () => {
  it('p-values', () => {
    expect(formatPValue(0.0004)).toBe('p < 0.001');
    expect(formatPValue(0.0042)).toBe('p = 0.004');
    expect(formatPValue(0.4213)).toBe('p = 0.42');
    expect(formatPValue(1)).toBe('p = 1.00');
    expect(formatPValue(null)).toBe('p = n/a');
  });

  it('shares, percentage points, changes, counts, plain numbers', () => {
    expect(formatShare(0.625)).toBe('62.5%');
    expect(formatMetricDelta('gen_share', 0.042)).toBe('4.2 pp');
    expect(formatPercentChange(12.34)).toBe('+12.3%');
    expect(formatPercentChange(-5)).toBe('−5.0%');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatNumber(12.5)).toBe('13');
  });

  it('metric values in their unit, ranges with the unit once', () => {
    expect(formatMetricValue('ttft_ms', 210)).toBe('210 ms');
    expect(formatMetricValue('items_per_s', 12.34)).toBe('12 items/s');
    expect(formatMetricValue('items_per_s', 4.56)).toBe('4.6 items/s');
    expect(formatMetricValue('gen_share', 0.5)).toBe('50.0%');
    expect(formatRange('ttft_ms', 160, 260)).toBe('160–260 ms');
    expect(formatRange('ttft_ms', 9800, 10_200)).toBe('9,800 ms–10.2 s');
    expect(formatRange('gen_share', 0.031, 0.05, true)).toBe('3.1–5.0 pp');
    expect(formatRange('gen_share', 0.031, 0.05)).toBe('3.1%–5.0%');
    expect(formatRange('ttft_ms', null, 5)).toBe(MISSING);
  });
});
