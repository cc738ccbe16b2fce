import { describe, expect, it } from 'vitest';
import {
  SHIFT_AT,
  SHIFT_SPACING_MS,
  SHIFT_START_MS,
  SHIFT_STREAMS,
  writeShiftedTree,
} from '../../../test/helpers/crafted-logs';
import { tempDir, tempStore } from '../../../test/helpers/fixtures';
import { STAT_METRICS } from '../../shared/stream-row';
import { importPaths } from '../importer/import-paths';
import { row } from '../report/report-test-fixtures';
import { allStreams } from '../store/stream-queries';
import { bucketSeries, findRegressions, timeOrderedValues } from './regressions';

function importedShifted(shuffled: boolean) {
  const root = tempDir();
  writeShiftedTree(root, shuffled);
  const { db } = tempStore();
  importPaths(db, [root]);
  const streams = allStreams(db, {});
  expect(streams).toHaveLength(SHIFT_STREAMS);
  return streams;
}

describe('findRegressions', () => {
  it('finds the slowdown of real fixture streams at the time it happened', () => {
    const { regressions, settings } = findRegressions([{ name: 'shifted', streams: importedShifted(false) }]);
    expect(settings).toMatchObject({
      alpha: 0.01,
      permutations: 499,
      seed: 1,
      min_bucket: 5,
      min_segment: 5,
    });
    const at = new Date(SHIFT_START_MS + SHIFT_AT * SHIFT_SPACING_MS).toISOString().replace('Z', '000Z');
    const ttft = regressions.filter((r) => r.metric === 'ttft_ms');
    expect(ttft.map((r) => [r.stat, r.at, r.direction])).toEqual([
      ['p50', at, 'worse'],
      ['p90', at, 'worse'],
    ]);
    const p50 = ttft[0];
    expect(p50?.before.n).toBe(SHIFT_AT);
    expect(p50?.after.n).toBe(SHIFT_STREAMS - SHIFT_AT);
    expect(p50?.p).toBeLessThan(0.01);
    // TTFT doubled; the halves resample the same 44 real streams, so the medians roughly double.
    expect(p50?.change_pct).toBeGreaterThan(50);
    // Consumer time did not change: no change point there.
    expect(regressions.filter((r) => r.metric === 'consumer_ms')).toEqual([]);
  });

  it('finds none when the same streams come in a shuffled order (stationary)', () => {
    const { regressions } = findRegressions([{ name: 'shuffled', streams: importedShifted(true) }], {
      metrics: STAT_METRICS,
    });
    expect(regressions).toEqual([]);
  });

  it('orders by stream start, leaves out failed streams and those without a start, and needs enough streams', () => {
    const streams = [
      row({ stream_id: 3, stream_start: '2024-05-01T08:00:02.000000Z', ttft_ms: 3 }),
      row({ stream_id: 1, stream_start: '2024-05-01T08:00:01.000000Z', ttft_ms: 1 }),
      row({ stream_id: 2, stream_start: '2024-05-01T08:00:01.000000Z', ttft_ms: 2 }),
      row({ stream_id: 4, stream_start: null, ttft_ms: 4 }),
      row({ stream_id: 5, stream_start: '2024-05-01T08:00:00.000000Z', ttft_ms: 5, failed: true }),
    ];
    expect(timeOrderedValues(streams, 'ttft_ms').map((t) => t.value)).toEqual([1, 2, 3]);
    expect(findRegressions([{ name: 'tiny', streams }]).regressions).toEqual([]);
  });
});

describe('bucketSeries', () => {
  it('cuts equal-count buckets of at least minBucket values, at most maxPoints of them', () => {
    const values = Array.from({ length: 23 }, (_, i) => i);
    const s = bucketSeries(values, 5, 100);
    expect(s.starts).toEqual([0, 5, 11, 17, 23]);
    expect(s.p50).toEqual([2, 7.5, 13.5, 19.5]);
    const big = bucketSeries(
      Array.from({ length: 1000 }, (_, i) => i),
      5,
      100,
    );
    expect(big.p50).toHaveLength(100);
  });
});
