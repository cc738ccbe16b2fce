import { describe, expect, it } from 'vitest';
import { parseSlo } from '../core/metrics/slo';
import { EMPTY_STATS } from '../core/metrics/stats';
import { conditionHolds, conditionValue, parseFailCondition } from './fail-if';

const slo = parseSlo('ttft_ms<=500');
const target = (share: number | null) => ({
  stats: () => ({ ...EMPTY_STATS, count: 3, p95: 900 }),
  goodput: share === null ? undefined : { slo, met: 0, of: 0, share },
});

describe('--fail-if', () => {
  it('reads goodput conditions next to statistic ones', () => {
    expect(parseFailCondition('goodput < 0.95')).toEqual({
      kind: 'goodput',
      text: 'goodput < 0.95',
      op: '<',
      value: 0.95,
    });
    expect(parseFailCondition('goodput.share<=0.5')).toMatchObject({ kind: 'goodput', op: '<=', value: 0.5 });
    expect(parseFailCondition('ttft_ms.p95 > 800')).toMatchObject({
      kind: 'stat',
      metric: 'ttft_ms',
      stat: 'p95',
    });
    expect(() => parseFailCondition('goodput < high')).toThrow(/goodput OP SHARE/);
  });

  it('holds on the goodput share; a group without goodput never holds', () => {
    const c = parseFailCondition('goodput < 0.95');
    expect(conditionHolds(c, target(0.9))).toBe(true);
    expect(conditionValue(c, target(0.9))).toEqual({ name: 'goodput', value: 0.9 });
    expect(conditionHolds(c, target(0.95))).toBe(false);
    expect(conditionHolds(c, target(null))).toBe(false);
    expect(conditionHolds(parseFailCondition('ttft_ms.p95 > 800'), target(null))).toBe(true);
  });
});
