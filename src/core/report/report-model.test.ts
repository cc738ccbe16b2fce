import { describe, expect, it } from 'vitest';
import { STATS_CONVENTION } from '../../shared/stream-row';
import { compareGroups } from '../metrics/compare-groups';
import { buildReport, groupKey, NO_KEY } from './report-model';
import { row } from './report-test-fixtures';
import { notableStreams } from './report-text';

const generatedAt = new Date('2024-05-02T12:34:56.789Z');

describe('buildReport', () => {
  const streams = [
    row({ project: 'b', app_id: 'x', ttft_ms: 100, generation_ms: 400, consumer_ms: 100, gen_share: 0.8 }),
    row({ project: 'b', app_id: 'y', ttft_ms: 200, generation_ms: 600, consumer_ms: 200, gen_share: 0.75 }),
    row({ project: 'b', app_id: 'y', ttft_ms: 300, timing_source: 'legacy', inter_item_ms: 12 }),
    // Failed: counted, never in the numbers.
    row({ project: 'b', app_id: 'z', ttft_ms: 1_000_000, failed: true }),
    row({ project: 'a', app_id: 'x', ttft_ms: 50 }),
  ];
  const report = buildReport(streams, {
    groupBy: 'project',
    selection: { project: ['a', 'b'], app: '*' },
    generatedAt,
  });

  it('has the documented top-level shape', () => {
    expect(Object.keys(report)).toEqual(['convention', 'selection', 'generated_at', 'groups', 'streams']);
    expect(report.convention).toEqual(STATS_CONVENTION);
    expect(report.selection).toEqual({ group_by: 'project', filters: { project: ['a', 'b'], app: '*' } });
    expect(report.generated_at).toBe('2024-05-02T12:34:56.789Z');
    expect(report.streams).toEqual(streams);
  });

  it('groups by key in code-point order with counts and documented keys', () => {
    expect(report.groups.map((g) => g.key)).toEqual(['a', 'b']);
    const b = report.groups[1];
    expect(Object.keys(b ?? {})).toEqual([
      'key',
      'streams',
      'failed',
      'apps',
      'timing_sources',
      'ttft_ms',
      'generation_ms',
      'consumer_ms',
      'gen_share',
      'inter_item_ms',
      'items_per_s',
      'legacy_ms_per_item',
    ]);
    expect(b).toMatchObject({ streams: 4, failed: 1, apps: 3, timing_sources: { hooks: 3, legacy: 1 } });
  });

  it('computes stats with failed streams excluded', () => {
    const b = report.groups[1];
    // TTFT of b without the failed stream: 100, 200, 300 → mean 200, p90 at rank 1.8 → 280,
    // population std √((100² + 0 + 100²)/3) = 81.649…
    expect(b?.ttft_ms).toMatchObject({ count: 3, mean: 200, min: 100, p50: 200, p90: 280, max: 300 });
    expect(b?.ttft_ms.std).toBeCloseTo(81.64965809277261, 12);
    expect(b?.generation_ms).toMatchObject({ count: 2, p50: 500 });
    expect(b?.inter_item_ms.count).toBe(1);
    expect(b?.legacy_ms_per_item).toMatchObject({ count: 0, mean: null, p50: null });
  });

  it('attaches a comparison when given, and only then', () => {
    const comparison = compareGroups(
      [
        { name: 'a', streams: streams.filter((s) => s.project === 'a') },
        { name: 'b', streams: streams.filter((s) => s.project === 'b') },
      ],
      { metrics: ['ttft_ms'] },
    );
    const withCmp = buildReport(streams, { groupBy: 'project', selection: {}, generatedAt, comparison });
    expect(withCmp.comparison).toBe(comparison);
    expect('comparison' in report).toBe(false);
  });

  it('gives no groups for no streams and rejects an invalid date', () => {
    expect(buildReport([], { groupBy: 'app', selection: {}, generatedAt }).groups).toEqual([]);
    expect(() => buildReport([], { groupBy: 'app', selection: {}, generatedAt: new Date('nope') })).toThrow(
      RangeError,
    );
  });
});

describe('groupKey', () => {
  it('keys by each group-by, with "(none)" for missing partition or action', () => {
    const s = row({ project: 'p', app_id: 'a', partition_key: null, action: null });
    expect(groupKey(s, 'project')).toBe('p');
    expect(groupKey(s, 'app')).toBe('a');
    expect(groupKey(s, 'partition')).toBe(NO_KEY);
    expect(groupKey(s, 'action')).toBe(NO_KEY);
    expect(groupKey({ ...s, partition_key: 'user-1', action: 'chat' }, 'partition')).toBe('user-1');
  });
});

describe('notableStreams', () => {
  it('lists failed streams first, then by TTFT descending with nulls last, stable for ties', () => {
    const s = [
      row({ stream_id: 1, ttft_ms: 10 }),
      row({ stream_id: 2, ttft_ms: null }),
      row({ stream_id: 3, ttft_ms: 5, failed: true }),
      row({ stream_id: 4, ttft_ms: 30 }),
      row({ stream_id: 5, ttft_ms: 30 }),
      row({ stream_id: 6, ttft_ms: 1, failed: true }),
    ];
    const report = buildReport(s, { groupBy: 'project', selection: {}, generatedAt });
    expect(notableStreams(report, 10).map((r) => r.stream_id)).toEqual([3, 6, 4, 5, 1, 2]);
    expect(notableStreams(report, 3).map((r) => r.stream_id)).toEqual([3, 6, 4]);
    expect(notableStreams(report, 0)).toEqual([]);
  });
});
