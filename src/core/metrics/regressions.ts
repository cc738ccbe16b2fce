import { METRIC_INFO } from '../../shared/metric-info';
import { STAT_METRICS, type StatMetric, type StreamRow } from '../../shared/stream-row';
import { type ChangePoint, eDivisive } from './change-points';
import { mulberry32 } from './random';
import { percentileBySelection } from './select-stats';

/*
 * "When did it get slower": change points in each metric's p50 and p90 over time.
 *
 * The series: a group's streams that have a value and a stream start (failed excluded, as in every
 * statistic), ordered by stream start (UTC), cut into consecutive buckets of equal count (at least
 * `minBucket` streams, more when needed to keep the series at most `maxPoints` long); each bucket
 * gives one p50 and one p90. Equal-count buckets, not equal-time ones: idle hours give no empty
 * buckets and every point rests on the same number of streams. E-divisive means (change-points.ts)
 * then runs on each series with a minimum segment of `minSegment` buckets and a seeded
 * permutation test. Several series per group are tested (7 metrics × 2), so the default level is
 * 0.01 rather than 0.05 to keep false alarms on a stationary group rare.
 */

export type TrendStat = 'p50' | 'p90';

export interface RegressionOptions {
  /** Metrics to scan; default all of STAT_METRICS. */
  metrics?: readonly StatMetric[];
  /** Significance level of each change point's permutation test; default 0.01. */
  alpha?: number;
  /** Permutations per candidate; default 499. */
  permutations?: number;
  /** RNG seed; default 1 (the same logs give the same regressions everywhere). */
  seed?: number;
  /** Fewest streams per bucket; default 5. */
  minBucket?: number;
  /** Longest series (buckets); default 100. */
  maxPoints?: number;
  /** Fewest buckets on each side of a change point; default 5. */
  minSegment?: number;
}

export interface RegressionSettings {
  method: string;
  series: string;
  alpha: number;
  permutations: number;
  seed: number;
  min_bucket: number;
  max_points: number;
  min_segment: number;
}

export interface SegmentSummary {
  p50: number | null;
  p90: number | null;
  /** Streams in the segment. */
  n: number;
}

/** worse/better for metrics with a better direction; changed for the generation share. */
export type ChangeDirection = 'worse' | 'better' | 'changed';

export interface Regression {
  metric: StatMetric;
  /** Which series the change point was found in. */
  stat: TrendStat;
  group: string;
  /** Stream start (UTC) of the first stream after the change. */
  at: string;
  /** Streams from the previous change point (or the start) to this one. */
  before: SegmentSummary;
  /** Streams from this change point to the next (or the end). */
  after: SegmentSummary;
  /** after.stat vs before.stat in percent; null when before is 0. */
  change_pct: number | null;
  direction: ChangeDirection;
  /** Permutation p-value. */
  p: number;
}

export interface RegressionResult {
  regressions: Regression[];
  settings: RegressionSettings;
}

export interface TimedValue {
  at: string;
  value: number;
}

/** A metric's values with their stream start, in time order (stream id breaks ties). */
export function timeOrderedValues(streams: readonly StreamRow[], metric: StatMetric): TimedValue[] {
  const rows = streams.filter(
    (s) => !s.failed && s.stream_start !== null && s[metric] !== null && Number.isFinite(s[metric]),
  );
  // ISO 8601 UTC strings of one format order as text the way they order in time.
  rows.sort((a, b) =>
    a.stream_start === b.stream_start
      ? a.stream_id - b.stream_id
      : (a.stream_start as string) < (b.stream_start as string)
        ? -1
        : 1,
  );
  return rows.map((s) => ({ at: s.stream_start as string, value: s[metric] as number }));
}

export interface TrendSeries {
  /** Index into the time-ordered values of each bucket's first value, plus the end. */
  starts: number[];
  p50: number[];
  p90: number[];
}

/** Equal-count buckets of n values: k = ⌊n / size⌋ buckets, each of size..2·size − 1 values. */
export function bucketSeries(
  values: ArrayLike<number>,
  minBucket: number,
  maxPoints: number,
  summarize: SummarizeRanges = (cuts) => summarizeRanges(values, cuts),
): TrendSeries {
  const n = values.length;
  const size = Math.max(minBucket, Math.ceil(n / maxPoints));
  const k = Math.floor(n / size);
  const starts: number[] = [];
  for (let i = 0; i <= k; i++) starts.push(k === 0 ? n : Math.floor((i * n) / k));
  const summaries = summarize(starts);
  return {
    starts,
    p50: summaries.map((s) => s.p50 as number),
    p90: summaries.map((s) => s.p90 as number),
  };
}

/**
 * p50, p90 and count of each range [cuts[i], cuts[i + 1]) of the time-ordered values. The dashboard
 * passes its own (read from columns sorted once per data version); the numbers must be these.
 */
export type SummarizeRanges = (cuts: readonly number[]) => SegmentSummary[];

/** SummarizeRanges by quickselect over each range. */
export function summarizeRanges(values: ArrayLike<number>, cuts: readonly number[]): SegmentSummary[] {
  const out: SegmentSummary[] = [];
  for (let i = 0; i + 1 < cuts.length; i++)
    out.push(p50p90(values, cuts[i] as number, cuts[i + 1] as number));
  return out;
}

/**
 * p50 and p90 of values[from, to) by quickselect: the numbers computeStats gives (the same
 * interpolation, see select-stats.ts) without sorting. A series of 1M streams sorted a
 * million-value slice per change point found, most of the time a dashboard's markers took.
 */
function p50p90(values: ArrayLike<number>, from: number, to: number): SegmentSummary {
  const buffer = new Float64Array(to - from);
  let n = 0;
  for (let i = from; i < to; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) buffer[n++] = v; // as computeStats, which counts finite values only
  }
  const slice = buffer.subarray(0, n);
  return { p50: percentileBySelection(slice, 50), p90: percentileBySelection(slice, 90), n };
}

function direction(metric: StatMetric, before: number | null, after: number | null): ChangeDirection {
  const better = METRIC_INFO[metric].higherIsBetter;
  if (better === null || before === null || after === null) return 'changed';
  return after > before === better ? 'better' : 'worse';
}

/** Change points of one group's metric, in both series. */
function scanMetric(group: string, streams: readonly StreamRow[], metric: StatMetric, o: RegressionSettings) {
  const timed = timeOrderedValues(streams, metric);
  return scanTimedValues(
    group,
    metric,
    timed.map((t) => t.value),
    (i) => (timed[i] as TimedValue).at,
    o,
  );
}

/**
 * Change points in the p50 and p90 series of values already in time order (timeOrderedValues);
 * `atOf(i)` is the stream start of the i-th value. The dashboard calls it on its columns without
 * building stream rows (or formatting a time per stream).
 */
export function scanTimedValues(
  group: string,
  metric: StatMetric,
  values: ArrayLike<number>,
  atOf: (index: number) => string,
  o: RegressionSettings,
  stats: readonly TrendStat[] = ['p50', 'p90'],
  summarize: SummarizeRanges = (cuts) => summarizeRanges(values, cuts),
): Regression[] {
  const series = bucketSeries(values, o.min_bucket, o.max_points, summarize);
  return stats.flatMap((stat) => {
    const cps = eDivisive(series[stat], eDivisiveOptions(o));
    return regressionsAt(group, metric, values.length, atOf, series, stat, cps, summarize);
  });
}

/** eDivisive's options for the settings: one generator per series, so a series' result does not depend on which others were scanned. */
export function eDivisiveOptions(
  o: Pick<RegressionSettings, 'min_segment' | 'alpha' | 'permutations' | 'seed'>,
) {
  return { minSize: o.min_segment, alpha: o.alpha, permutations: o.permutations, rng: mulberry32(o.seed) };
}

/** The regressions of one series' change points: each with its segments before and after. */
export function regressionsAt(
  group: string,
  metric: StatMetric,
  length: number,
  atOf: (index: number) => string,
  series: TrendSeries,
  stat: TrendStat,
  cps: readonly ChangePoint[],
  summarize: SummarizeRanges,
): Regression[] {
  const cuts = [0, ...cps.map((c) => series.starts[c.index] as number), length];
  const segments = cps.length > 0 ? summarize(cuts) : [];
  return cps.map((cp, i) => {
    const at = cuts[i + 1] as number;
    const before = segments[i] as SegmentSummary;
    const after = segments[i + 1] as SegmentSummary;
    const b = before[stat];
    const a = after[stat];
    return {
      metric,
      stat,
      group,
      at: atOf(at),
      before,
      after,
      change_pct: a === null || b === null || b === 0 ? null : ((a - b) / Math.abs(b)) * 100,
      direction: direction(metric, b, a),
      p: cp.p,
    };
  });
}

/**
 * Change points of every metric's p50 and p90 over time, per group, ordered by group (as given),
 * metric (STAT_METRICS order), series (p50 first) and time.
 */
export function findRegressions(
  groups: readonly { name: string; streams: readonly StreamRow[] }[],
  opts: RegressionOptions = {},
): RegressionResult {
  const settings = regressionSettings(opts);
  const metrics = opts.metrics ?? STAT_METRICS;
  const regressions = groups.flatMap((g) =>
    metrics.flatMap((m) => scanMetric(g.name, g.streams, m, settings)),
  );
  return { regressions, settings };
}

/** The options with their defaults, as reports print them. */
export function regressionSettings(opts: RegressionOptions = {}): RegressionSettings {
  return {
    method: 'E-divisive means (Matteson & James 2014), distance exponent 1, hierarchical, permutation test',
    series:
      'per group and metric: streams in stream-start order (failed excluded) cut into equal-count buckets; one p50 and one p90 per bucket',
    alpha: opts.alpha ?? 0.01,
    permutations: opts.permutations ?? 499,
    seed: opts.seed ?? 1,
    min_bucket: opts.minBucket ?? 5,
    max_points: opts.maxPoints ?? 100,
    min_segment: opts.minSegment ?? 5,
  };
}
