import { formatMetricDelta, formatPValue, formatRange } from '../../shared/format';
import { METRIC_INFO } from '../../shared/metric-info';
// The shapes a comparison returns are the contract's (closed zod schemas in src/shared/schemas):
// import their types from there.
import type {
  ComparedGroup,
  CompareOutcome,
  CompareWarning,
  Comparison,
  ComparisonSettings,
  GroupDiff,
  MedianDiffCI,
  MetricComparison,
  MetricGroupStats,
  RelativeDiff,
} from '../../shared/schemas/compare';
import type { Slo } from '../../shared/slo';
import { STAT_METRICS, type StatMetric, type StreamRow } from '../../shared/stream-row';
import { bootstrapMedianDiffCISorted } from './bootstrap';
import { compareGoodput } from './goodput';
import { mannWhitneyUSorted } from './mann-whitney';
import { metricValues } from './metric-values';
import { sortedFinite, statsOfSorted } from './stats';

export const MIN_COMPARE_GROUPS = 2;
export const MAX_COMPARE_GROUPS = 6;

export interface CompareGroupInput {
  name: string;
  streams: readonly StreamRow[];
}

export interface CompareOptions {
  /** Significance level for the verdict; default 0.05. */
  alpha?: number;
  /** Below this many values in a group the verdict is "too small to tell"; default 5. */
  minCount?: number;
  /** Bootstrap resamples for the median-difference CI; default 2000. */
  iterations?: number;
  /** Bootstrap seed; default 1, so the same data always gives the same CI. */
  seed?: number;
  /** Confidence level of the CI; default 0.95. */
  level?: number;
  /** Metrics to compare; default all of STAT_METRICS, in that order. */
  metrics?: readonly StatMetric[];
  /** Latency SLOs: when given, the comparison has each group's goodput and its significance. */
  slo?: Slo;
}

function relativeDiff(value: number | null, base: number | null): RelativeDiff {
  if (value === null || base === null) return { abs: null, pct: null };
  const abs = value - base;
  return { abs, pct: base === 0 ? null : (abs / Math.abs(base)) * 100 };
}

/** "slower"/"faster" where a direction is better, else "higher"/"lower". */
function directionWord(metric: StatMetric, outcome: 'higher' | 'lower'): string {
  const better = METRIC_INFO[metric].higherIsBetter;
  if (better === null) return outcome;
  const isBetter = (outcome === 'higher') === better;
  return isBetter ? 'faster' : 'slower';
}

/** A possessive that reads right for names ending in s ("runs'"). */
function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

interface VerdictInput {
  metric: StatMetric;
  group: string;
  baseline: string;
  nGroup: number;
  nBase: number;
  ci: MedianDiffCI;
  p: number | null;
  settings: ComparisonSettings;
}

function decide(v: VerdictInput): { outcome: CompareOutcome; verdict: string } {
  const { metric, group, baseline, nGroup, nBase, ci, p, settings } = v;
  const label = METRIC_INFO[metric].label;
  if (nGroup === 0 || nBase === 0) {
    const who =
      nGroup === 0 && nBase === 0
        ? `neither ${group} nor ${baseline} has`
        : `${nGroup === 0 ? group : baseline} has no`;
    return { outcome: 'no-data', verdict: `no data: ${who} ${label} values` };
  }
  if (nGroup < settings.minCount || nBase < settings.minCount) {
    return {
      outcome: 'too-small',
      verdict: `too small to tell (${group}: n = ${nGroup}, ${baseline}: n = ${nBase}; need at least ${settings.minCount} each)`,
    };
  }
  const pText = formatPValue(p);
  const { diff, lo, hi } = ci;
  if (p === null || diff === null || lo === null || hi === null) {
    return { outcome: 'no-clear-difference', verdict: `no clear difference (${pText})` };
  }
  const ciExcludesZero = lo > 0 || hi < 0;
  if (p >= settings.alpha)
    return { outcome: 'no-clear-difference', verdict: `no clear difference (${pText})` };
  if (!ciExcludesZero) {
    return {
      outcome: 'no-clear-difference',
      verdict: `no clear difference (${pText}, but the CI of the median difference, ${formatMetricDelta(metric, lo)} to ${formatMetricDelta(metric, hi)}, includes 0)`,
    };
  }
  const outcome = lo > 0 ? 'higher' : 'lower';
  // Magnitudes read better than signed numbers once the word says the direction.
  const ciText =
    outcome === 'higher' ? formatRange(metric, lo, hi, true) : formatRange(metric, -hi, -lo, true);
  const amount = formatMetricDelta(metric, Math.abs(diff));
  const amountText =
    METRIC_INFO[metric].kind === 'share' ? amount.replace(/ pp$/, ' percentage points') : amount;
  return {
    outcome,
    verdict: `${possessive(group)} ${label} p50 is ${amountText} ${directionWord(metric, outcome)} than ${possessive(baseline)} (CI ${ciText}), ${pText}`,
  };
}

function smallWarning(v: VerdictInput): CompareWarning | null {
  const small = [
    [v.group, v.nGroup],
    [v.baseline, v.nBase],
  ].filter(([, n]) => (n as number) > 0 && (n as number) < v.settings.minCount);
  if (small.length === 0) return null;
  return {
    kind: 'small-sample',
    text: `too small to tell: ${small.map(([name, n]) => `${name} has n = ${n}`).join(', ')} (fewer than ${v.settings.minCount})`,
  };
}

function mixWarning(metric: StatMetric, a: MetricGroupStats, b: MetricGroupStats): CompareWarning | null {
  if (!METRIC_INFO[metric].legacyDiffers) return null;
  const shareA = a.stats.count === 0 ? 0 : a.legacy / a.stats.count;
  const shareB = b.stats.count === 0 ? 0 : b.legacy / b.stats.count;
  if (a.legacy === 0 && b.legacy === 0) return null;
  if (shareA === shareB) return null;
  return {
    kind: 'mixed-timing',
    text: `mixes timing sources: legacy ${METRIC_INFO[metric].label} is derived from timestamps and includes consumer time (${b.name}: ${b.legacy} of ${b.stats.count} legacy, ${a.name}: ${a.legacy} of ${a.stats.count} legacy)`,
  };
}

/**
 * Compares 2..6 groups of streams metric by metric, each group against the first: stats per group
 * (failed streams excluded, counted separately), p50 and mean differences, a two-sided
 * Mann–Whitney test, a bootstrap CI of the median difference, and a verdict in plain words. A
 * difference is called only when p < alpha and the CI excludes 0, so the two never contradict the
 * sentence.
 */
export function compareGroups(groups: readonly CompareGroupInput[], opts: CompareOptions = {}): Comparison {
  if (groups.length < MIN_COMPARE_GROUPS || groups.length > MAX_COMPARE_GROUPS) {
    throw new RangeError(
      `compareGroups: compare ${MIN_COMPARE_GROUPS} to ${MAX_COMPARE_GROUPS} groups, got ${groups.length}`,
    );
  }
  const settings: ComparisonSettings = {
    alpha: opts.alpha ?? 0.05,
    minCount: opts.minCount ?? 5,
    iterations: opts.iterations ?? 2000,
    seed: opts.seed ?? 1,
    level: opts.level ?? 0.95,
  };
  const metrics = opts.metrics ?? STAT_METRICS;
  const first = groups[0] as CompareGroupInput;

  const compared: ComparedGroup[] = groups.map((g) => {
    let failed = 0;
    let legacy = 0;
    for (const s of g.streams) {
      if (s.failed) failed++;
      if (s.timing_source === 'legacy') legacy++;
    }
    return { name: g.name, streams: g.streams.length, failed, hooks: g.streams.length - legacy, legacy };
  });

  const results: MetricComparison[] = metrics.map((metric) => {
    const sorted: Float64Array[] = [];
    const perGroup: MetricGroupStats[] = groups.map((g) => {
      const { values, legacy } = metricValues(g.streams, metric);
      const s = sortedFinite(values);
      sorted.push(s);
      return { name: g.name, stats: statsOfSorted(s), legacy };
    });
    const base = perGroup[0] as MetricGroupStats;
    const baseSorted = sorted[0] as Float64Array;
    const diffs: GroupDiff[] = perGroup.slice(1).map((g, idx) => {
      const gs = sorted[idx + 1] as Float64Array;
      const mw = mannWhitneyUSorted(gs, baseSorted);
      const ci = bootstrapMedianDiffCISorted(baseSorted, gs, settings);
      const input: VerdictInput = {
        metric,
        group: g.name,
        baseline: first.name,
        nGroup: g.stats.count,
        nBase: base.stats.count,
        ci,
        p: mw.p,
        settings,
      };
      const { outcome, verdict } = decide(input);
      const warnings = [smallWarning(input), mixWarning(metric, base, g)].filter(
        (w): w is CompareWarning => w !== null,
      );
      return {
        group: g.name,
        baseline: first.name,
        p50: relativeDiff(g.stats.p50, base.stats.p50),
        mean: relativeDiff(g.stats.mean, base.stats.mean),
        mannWhitney: mw,
        medianCI: ci,
        outcome,
        verdict,
        warnings,
      };
    });
    return { metric, label: METRIC_INFO[metric].label, groups: perGroup, diffs };
  });

  const notes = [
    `each group is compared with the first (${first.name}); failed streams are excluded and counted separately`,
    `a difference is called when the two-sided Mann–Whitney p < ${settings.alpha} and the ${Math.round(settings.level * 100)}% bootstrap CI of the median difference (${settings.iterations} resamples, seed ${settings.seed}) excludes 0`,
    'p-values are not corrected for multiple comparisons: with many metrics and groups, expect an occasional false call',
  ];
  const comparison: Comparison = {
    baseline: first.name,
    groups: compared,
    metrics: results,
    settings,
    notes,
  };
  if (opts.slo) comparison.goodput = compareGoodput(groups, opts.slo);
  return comparison;
}
