import { describe, expect, it } from 'vitest';
import { describeSlo, rowsOf, sloOfRows, unusedMetric } from './slo-text';

describe('SLO text in the app', () => {
  it('says each bound with its unit and exact value', () => {
    expect(
      describeSlo({
        ttft_ms: { op: '<=', value: 500 },
        inter_item_ms: { op: '<', value: 50 },
        gen_share: { op: '<=', value: 0.75 },
        stream_ms: { op: '<', value: 12500.5 },
      }),
    ).toBe('ttft_ms ≤ 500 ms, inter_item_ms < 50 ms, gen_share ≤ 0.75, stream_ms < 12,500.5 ms');
  });

  it('turns the editor rows back into the SLO, or says what to fix', () => {
    const slo = { ttft_ms: { op: '<=' as const, value: 500 }, items: { op: '<' as const, value: 1000 } };
    expect(sloOfRows(rowsOf(slo))).toEqual({ slo });
    expect(sloOfRows([{ metric: 'ttft_ms', op: '<', value: '1,500' }])).toEqual({
      slo: { ttft_ms: { op: '<', value: 1500 } },
    });
    expect(sloOfRows([{ metric: 'ttft_ms', op: '<=', value: 'fast' }])).toEqual({
      error: 'Give ttft_ms a number.',
    });
    expect(
      sloOfRows([
        { metric: 'ttft_ms', op: '<=', value: '1' },
        { metric: 'ttft_ms', op: '<', value: '2' },
      ]),
    ).toEqual({ error: 'ttft_ms is bounded twice: keep one bound per metric.' });
    expect(sloOfRows([])).toEqual({ error: 'Add at least one bound.' });
    expect(unusedMetric(rowsOf(null))).toBe('generation_ms');
  });
});
