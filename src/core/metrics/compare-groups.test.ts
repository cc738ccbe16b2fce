import { describe, expect, it } from 'vitest';
import type { MetricComparison } from '../../shared/schemas/compare';
import type { StreamRow } from '../../shared/stream-row';
import { compareGroups } from './compare-groups';

let nextId = 1;
function row(over: Partial<StreamRow> = {}): StreamRow {
  return {
    stream_id: nextId++,
    project: 'p',
    app_id: 'app',
    partition_key: null,
    sequence_id: 1,
    action: 'chat',
    step_start: '2024-05-01T10:00:00',
    step_end: '2024-05-01T10:00:01',
    stream_start: '2024-05-01T08:00:00Z',
    failed: false,
    timing_source: 'hooks',
    items: 10,
    ttft_ms: null,
    generation_ms: null,
    consumer_ms: null,
    gen_share: null,
    stream_ms: null,
    legacy_ms_per_item: null,
    inter_item_ms: null,
    items_per_s: null,
    ...over,
  };
}

function metric(c: { metrics: MetricComparison[] }, name: string): MetricComparison {
  const m = c.metrics.find((x) => x.metric === name);
  if (!m) throw new Error(`no ${name}`);
  return m;
}

// 40 streams per group: fast TTFT 100..139 ms (p50 119.5), slow 310..349 (p50 329.5): a 210 ms shift.
const fast = Array.from({ length: 40 }, (_, i) =>
  row({ ttft_ms: 100 + i, items_per_s: 50 + i, gen_share: 0.6 + i / 1000, inter_item_ms: 5 + i / 10 }),
);
const slow = Array.from({ length: 40 }, (_, i) =>
  row({ ttft_ms: 310 + i, items_per_s: 20 + i, gen_share: 0.65 + i / 1000, inter_item_ms: 5 + i / 10 }),
);

describe('compareGroups', () => {
  const result = compareGroups([
    { name: 'fast', streams: fast },
    { name: 'slow', streams: slow },
  ]);

  it('states a clear slowdown in plain words with the CI and p', () => {
    const d = metric(result, 'ttft_ms').diffs[0];
    expect(d?.outcome).toBe('higher');
    expect(d?.p50).toEqual({ abs: 210, pct: (210 / 119.5) * 100 });
    expect(d?.mean.abs).toBe(210);
    expect(d?.medianCI.diff).toBe(210);
    expect(d?.verdict).toMatch(
      /^slow's TTFT p50 is 210 ms slower than fast's \(CI \d+–\d+ ms\), p < 0\.001$/,
    );
    expect(d?.warnings).toEqual([]);
  });

  it('says faster/slower the right way round for a higher-is-better rate', () => {
    // items/s p50: fast 69.5, slow 39.5: 30 lower, which is slower.
    const d = metric(result, 'items_per_s').diffs[0];
    expect(d?.outcome).toBe('lower');
    expect(d?.verdict).toMatch(
      /^slow's items\/s p50 is 30 items\/s slower than fast's \(CI [\d.]+–[\d.]+ items\/s\)/,
    );
  });

  it('speaks of a share in percentage points, higher or lower', () => {
    const d = metric(result, 'gen_share').diffs[0];
    expect(d?.verdict).toMatch(
      /^slow's generation share p50 is 5\.0 percentage points higher than fast's \(CI [\d.]+–[\d.]+ pp\), p < 0\.001$/,
    );
  });

  it('says faster / lower when the group is below the baseline, CI as magnitudes', () => {
    const swapped = compareGroups(
      [
        { name: 'slow', streams: slow },
        { name: 'fast', streams: fast },
      ],
      { metrics: ['ttft_ms', 'gen_share', 'items_per_s'] },
    );
    const [ttft, share, rate] = swapped.metrics.map((m) => m.diffs[0]);
    expect(ttft?.outcome).toBe('lower');
    expect(ttft?.p50.abs).toBe(-210);
    expect(ttft?.verdict).toMatch(
      /^fast's TTFT p50 is 210 ms faster than slow's \(CI (\d+)–(\d+) ms\), p < 0\.001$/,
    );
    const [, lo, hi] = ttft?.verdict.match(/CI (\d+)–(\d+)/) ?? [];
    expect(Number(lo)).toBeLessThanOrEqual(210);
    expect(Number(hi)).toBeGreaterThanOrEqual(210);
    expect(share?.verdict).toMatch(
      /^fast's generation share p50 is 5\.0 percentage points lower than slow's/,
    );
    expect(rate?.verdict).toMatch(/^fast's items\/s p50 is 30 items\/s faster than slow's/);
  });

  it('says "no clear difference" for the same distribution', () => {
    const d = metric(result, 'inter_item_ms').diffs[0];
    expect(d?.outcome).toBe('no-clear-difference');
    // Identical samples: U = n²/2, z = −0.5/σ < 0, so p = 1 (clipped).
    expect(d?.verdict).toBe('no clear difference (p = 1.00)');
  });

  it('reports no data when a group has no values for a metric', () => {
    const d = metric(result, 'generation_ms').diffs[0];
    expect(d?.outcome).toBe('no-data');
    expect(d?.verdict).toBe('no data: neither slow nor fast has generation values');
    expect(d?.mannWhitney.p).toBeNull();
  });

  it('keeps stats per group in input order and records the settings', () => {
    const m = metric(result, 'ttft_ms');
    expect(m.groups.map((g) => [g.name, g.stats.count, g.stats.p50])).toEqual([
      ['fast', 40, 119.5],
      ['slow', 40, 329.5],
    ]);
    expect(result.settings).toEqual({ alpha: 0.05, minCount: 5, iterations: 2000, seed: 1, level: 0.95 });
    expect(result.baseline).toBe('fast');
  });

  it('is deterministic', () => {
    const again = compareGroups([
      { name: 'fast', streams: fast },
      { name: 'slow', streams: slow },
    ]);
    expect(again).toEqual(result);
  });
});

describe('compareGroups edge cases', () => {
  it('warns "too small to tell" under 5 values', () => {
    const tiny = [row({ ttft_ms: 900 }), row({ ttft_ms: 950 }), row({ ttft_ms: 990 })];
    const c = compareGroups([
      { name: 'fast', streams: fast },
      { name: 'tiny', streams: tiny },
    ]);
    const d = metric(c, 'ttft_ms').diffs[0];
    expect(d?.outcome).toBe('too-small');
    expect(d?.verdict).toBe('too small to tell (tiny: n = 3, fast: n = 40; need at least 5 each)');
    expect(d?.warnings).toEqual([
      { kind: 'small-sample', text: 'too small to tell: tiny has n = 3 (fewer than 5)' },
    ]);
  });

  it('excludes failed streams from the numbers and counts them', () => {
    const withFailed = [...slow, row({ ttft_ms: 1e9, failed: true }), row({ ttft_ms: 1e9, failed: true })];
    const c = compareGroups([
      { name: 'fast', streams: fast },
      { name: 'slow', streams: withFailed },
    ]);
    expect(c.groups[1]).toEqual({ name: 'slow', streams: 42, failed: 2, hooks: 42, legacy: 0 });
    expect(metric(c, 'ttft_ms').groups[1]?.stats.max).toBe(349);
  });

  it('warns when legacy and hooks numbers are mixed where they mean different things', () => {
    const legacy = fast.map((r) => ({ ...r, timing_source: 'legacy' as const }));
    const c = compareGroups([
      { name: 'fast', streams: fast },
      { name: 'old', streams: legacy },
    ]);
    const [w] = metric(c, 'inter_item_ms').diffs[0]?.warnings ?? [];
    expect(w?.kind).toBe('mixed-timing');
    expect(w?.text).toMatch(/^mixes timing sources: legacy inter-item/);
    expect(w?.text).toContain('old: 40 of 40 legacy, fast: 0 of 40 legacy');
    // TTFT is derived comparably from both sources: no warning.
    expect(metric(c, 'ttft_ms').diffs[0]?.warnings).toEqual([]);
  });

  it('compares up to 6 groups, each against the first, and rejects other counts', () => {
    const groups = Array.from({ length: 6 }, (_, g) => ({
      name: `g${g}`,
      streams: Array.from({ length: 10 }, (_, i) => row({ ttft_ms: 100 + g * 100 + i })),
    }));
    const c = compareGroups(groups, { metrics: ['ttft_ms'] });
    expect(c.metrics).toHaveLength(1);
    expect(c.metrics[0]?.diffs.map((d) => [d.group, d.baseline, d.outcome])).toEqual([
      ['g1', 'g0', 'higher'],
      ['g2', 'g0', 'higher'],
      ['g3', 'g0', 'higher'],
      ['g4', 'g0', 'higher'],
      ['g5', 'g0', 'higher'],
    ]);
    expect(() => compareGroups(groups.slice(0, 1))).toThrow(RangeError);
    expect(() => compareGroups([...groups, groups[0] as (typeof groups)[number]])).toThrow(RangeError);
  });

  it('uses a possessive that reads right after a trailing s', () => {
    const c = compareGroups(
      [
        { name: 'base', streams: fast },
        { name: 'new runs', streams: slow },
      ],
      { metrics: ['ttft_ms'] },
    );
    expect(c.metrics[0]?.diffs[0]?.verdict).toMatch(/^new runs' TTFT p50 is 210 ms slower than base's/);
  });
});
