import { describe, expect, it } from 'vitest';
import { LOCAL, tempStore } from '../../../test/helpers/fixtures';
import { sloSchema } from '../../shared/slo';
import { importPaths } from '../importer/import-paths';
import { row } from '../report/report-test-fixtures';
import { allStreams } from '../store/stream-queries';
import { compareGoodput, goodput } from './goodput';
import { formatSlo, meetsSlo, parseSlo, SloParseError } from './slo';

describe('parseSlo', () => {
  it('reads comma-separated upper bounds on any numeric metric of the stream row', () => {
    const slo = parseSlo('ttft_ms<=500, inter_item_ms < 50,items_per_s<=1e3,items<100');
    expect(slo).toEqual({
      ttft_ms: { op: '<=', value: 500 },
      inter_item_ms: { op: '<', value: 50 },
      items_per_s: { op: '<=', value: 1000 },
      items: { op: '<', value: 100 },
    });
    expect(sloSchema.parse(slo)).toEqual(slo);
    expect(formatSlo(slo)).toBe('ttft_ms<=500, inter_item_ms<50, items_per_s<=1000, items<100');
  });

  it('refuses what it cannot read, with a message that says what to write', () => {
    for (const bad of [
      '',
      'ttft_ms>=500',
      'ttft<=500',
      'ttft_ms<=',
      'ttft_ms<=abc',
      'ttft_ms<=1,ttft_ms<2',
      'failed<=1',
    ]) {
      expect(() => parseSlo(bad)).toThrow(SloParseError);
    }
    expect(() => parseSlo('ttft<=5')).toThrow(/unknown metric "ttft"/);
    expect(() => parseSlo('ttft_ms=5')).toThrow(/METRIC<=NUMBER/);
  });
});

describe('meetsSlo', () => {
  const slo = parseSlo('ttft_ms<=500,inter_item_ms<50');
  it('needs every named metric non-null and within bound; failed streams never meet it', () => {
    expect(meetsSlo(row({ ttft_ms: 500, inter_item_ms: 49.9 }), slo)).toBe(true);
    expect(meetsSlo(row({ ttft_ms: 500.01, inter_item_ms: 10 }), slo)).toBe(false);
    expect(meetsSlo(row({ ttft_ms: 100, inter_item_ms: 50 }), slo)).toBe(false);
    expect(meetsSlo(row({ ttft_ms: 100, inter_item_ms: null }), slo)).toBe(false);
    expect(meetsSlo(row({ ttft_ms: 100, inter_item_ms: 10, failed: true }), slo)).toBe(false);
  });
  it('counts every stream of the group in the denominator', () => {
    const g = goodput([row({ ttft_ms: 1, inter_item_ms: 1 }), row({ failed: true }), row({})], slo);
    expect(g).toEqual({ slo, met: 1, of: 3, share: 1 / 3 });
    expect(goodput([], slo).share).toBeNull();
  });
});

describe('goodput on the real fixtures', () => {
  it('matches the counts read off the logs by hand', () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL]);
    const slo = parseSlo('ttft_ms<=500,inter_item_ms<=50');
    const by = (project: string) => goodput(allStreams(db, { project }), slo);
    // async-agent: 12 streams, TTFT at most 253 ms, inter-item at most 4.7 ms: all meet.
    expect(by('async-agent')).toMatchObject({ met: 12, of: 12 });
    // chatbot-legacy: legacy-01's step 5 has TTFT 760 ms (first_item_time − stream_init_time).
    expect(by('chatbot-legacy')).toMatchObject({ met: 11, of: 12 });
    // chatbot-models: 44 streams; 2 failed (slow-model-run-03 seq 2, fast-model-run-03 seq 5) and 5
    // with TTFT over 500 ms (1,722, 838, 808, 681 and 585 ms): 44 − 7 = 37.
    const models = by('chatbot-models');
    expect(models).toMatchObject({ met: 37, of: 44 });
    expect(models.share).toBeCloseTo(37 / 44, 12);
    const missed = allStreams(db, { project: 'chatbot-models' })
      .filter((s) => !meetsSlo(s, slo))
      .map((s) => `${s.app_id}:${s.sequence_id}`)
      .sort();
    expect(missed).toEqual([
      'fast-model-run-03-9b453d:5', // failed
      'slow-model-run-00-43fa65:2', // TTFT 1,722 ms
      'slow-model-run-03-123e9b:2', // failed
      'slow-model-run-05-632f43:2', // TTFT 838 ms
      'slow-model-run-06-0aad1c:2', // TTFT 585 ms
      'slow-model-run-06-0aad1c:8', // TTFT 681 ms
      'slow-model-run-07-5ad8e4:2', // TTFT 808 ms
    ]);
  });

  it('compares goodput with a two-proportion z-test against the first group', () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL]);
    const slo = parseSlo('ttft_ms<=500,inter_item_ms<=50');
    const gc = compareGoodput(
      [
        { name: 'models', streams: allStreams(db, { project: 'chatbot-models' }) },
        { name: 'agent', streams: allStreams(db, { project: 'async-agent' }) },
      ],
      slo,
    );
    expect(gc.groups.map((g) => [g.name, g.goodput.met, g.goodput.of])).toEqual([
      ['models', 37, 44],
      ['agent', 12, 12],
    ]);
    // Reference: pooled z-test computed independently (Python, math.erfc): z = 1.47710, p = 0.139649.
    expect(gc.diffs[0]?.z).toBeCloseTo(1.4770978917519926, 10);
    expect(gc.diffs[0]?.p).toBeCloseTo(0.13964939861042946, 10);
  });
});
