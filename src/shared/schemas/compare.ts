import { z } from 'zod';
import { goodputSchema, sloSchema } from '../slo';
import { STAT_METRICS, statsSchema } from '../stream-row';
import { cdfSchema, histogramSchema } from './chart-data';

/**
 * A comparison of 2 to 6 groups of streams (core/metrics/compare-groups computes it): per metric,
 * each group's statistics and each group against the first (the baseline), with a Mann-Whitney U
 * test, a bootstrap CI of the median difference and a verdict in words.
 */

export const mannWhitneyResultSchema = z
  .object({
    /** U of the first sample (scipy's statistic): pairs where x > y, ties counting one half. Null if a sample is empty. */
    u: z.number().nullable(),
    /** Two-sided p-value; null if a sample is empty. */
    p: z.number().nullable(),
    method: z.enum(['exact', 'asymptotic']).nullable(),
    n1: z.number(),
    n2: z.number(),
  })
  .strict();
export type MannWhitneyResult = z.infer<typeof mannWhitneyResultSchema>;
export type MannWhitneyMethod = NonNullable<MannWhitneyResult['method']>;

export const medianDiffCISchema = z
  .object({
    /** median(b) − median(a) of the data (the same arithmetic as Stats.p50). Null if a sample is empty. */
    diff: z.number().nullable(),
    lo: z.number().nullable(),
    hi: z.number().nullable(),
    level: z.number(),
    iterations: z.number(),
  })
  .strict();
export type MedianDiffCI = z.infer<typeof medianDiffCISchema>;

export const comparisonSettingsSchema = z
  .object({
    alpha: z.number(),
    minCount: z.number(),
    iterations: z.number(),
    seed: z.number(),
    level: z.number(),
  })
  .strict();
export type ComparisonSettings = z.infer<typeof comparisonSettingsSchema>;

export const comparedGroupSchema = z
  .object({
    name: z.string(),
    /** All streams of the group, failed included. */
    streams: z.number(),
    /** Failed streams: left out of every statistic, counted here. */
    failed: z.number(),
    hooks: z.number(),
    legacy: z.number(),
  })
  .strict();
export type ComparedGroup = z.infer<typeof comparedGroupSchema>;

export const relativeDiffSchema = z
  .object({
    /** group − baseline, in the metric's unit. */
    abs: z.number().nullable(),
    /** abs as a percentage of the baseline value; null when the baseline is 0 or missing. */
    pct: z.number().nullable(),
  })
  .strict();
export type RelativeDiff = z.infer<typeof relativeDiffSchema>;

/** How a group relates to the baseline on one metric, decided by the test and the CI together. */
export const compareOutcomeSchema = z.enum([
  'higher',
  'lower',
  'no-clear-difference',
  'too-small',
  'no-data',
]);
export type CompareOutcome = z.infer<typeof compareOutcomeSchema>;

export const compareWarningSchema = z
  .object({
    /** small-sample: a group has fewer than minCount values; mixed-timing: legacy and hooks numbers mixed unevenly. */
    kind: z.enum(['small-sample', 'mixed-timing']),
    text: z.string(),
  })
  .strict();
export type CompareWarning = z.infer<typeof compareWarningSchema>;

export const groupDiffSchema = z
  .object({
    group: z.string(),
    baseline: z.string(),
    p50: relativeDiffSchema,
    mean: relativeDiffSchema,
    /** Two-sided test of the group (x, so `u` counts group > baseline pairs) against the baseline. */
    mannWhitney: mannWhitneyResultSchema,
    /** Bootstrap CI of median(group) − median(baseline). */
    medianCI: medianDiffCISchema,
    outcome: compareOutcomeSchema,
    /** One sentence for people: "slow's TTFT p50 is 210 ms slower than fast's (CI 160–260 ms), p < 0.001". */
    verdict: z.string(),
    /** Why the verdict should be read with care; empty when nothing calls for it. */
    warnings: z.array(compareWarningSchema),
  })
  .strict();
export type GroupDiff = z.infer<typeof groupDiffSchema>;

export const metricGroupStatsSchema = z
  .object({
    name: z.string(),
    stats: statsSchema,
    /** How many of the values are legacy-derived. */
    legacy: z.number(),
  })
  .strict();
export type MetricGroupStats = z.infer<typeof metricGroupStatsSchema>;

export const metricComparisonSchema = z
  .object({
    metric: z.enum(STAT_METRICS),
    label: z.string(),
    /** Stats per group, in input order. */
    groups: z.array(metricGroupStatsSchema),
    /** Each group after the first against the first. */
    diffs: z.array(groupDiffSchema),
  })
  .strict();
export type MetricComparison = z.infer<typeof metricComparisonSchema>;

export const goodputDiffSchema = z
  .object({
    group: z.string(),
    baseline: z.string(),
    /** group share − baseline share (0..1 scale); null when a group is empty. */
    diff: z.number().nullable(),
    z: z.number().nullable(),
    /** Two-sided two-proportion z-test p-value. */
    p: z.number().nullable(),
  })
  .strict();
export type GoodputDiff = z.infer<typeof goodputDiffSchema>;

/** Each group's goodput against the SLOs, each after the first tested against the first. */
export const goodputComparisonSchema = z
  .object({
    slo: sloSchema,
    baseline: z.string(),
    groups: z.array(z.object({ name: z.string(), goodput: goodputSchema }).strict()),
    diffs: z.array(goodputDiffSchema),
  })
  .strict();
export type GoodputComparison = z.infer<typeof goodputComparisonSchema>;

export const comparisonSchema = z
  .object({
    baseline: z.string(),
    groups: z.array(comparedGroupSchema),
    metrics: z.array(metricComparisonSchema),
    settings: comparisonSettingsSchema,
    /** Caveats that apply to the whole comparison, for a footnote. */
    notes: z.array(z.string()),
    /** Present when the comparison was asked with SLOs. */
    goodput: goodputComparisonSchema.optional(),
  })
  .strict();
export type Comparison = z.infer<typeof comparisonSchema>;

/** What the compare view draws for one group: overlaid TTFT CDFs and side-by-side bars. */
export const compareGroupChartsSchema = z
  .object({
    name: z.string(),
    streams: z.number(),
    failed: z.number(),
    ttftCdf: cdfSchema,
    ttftHistogram: histogramSchema,
    generation: statsSchema,
    consumer: statsSchema,
    itemsPerS: statsSchema,
  })
  .strict();
export type CompareGroupCharts = z.infer<typeof compareGroupChartsSchema>;
