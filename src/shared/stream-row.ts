import { z } from 'zod';

/**
 * One stream with every derived number of BURR-FORMAT §3. The names are the
 * public names used by the CLI's JSON report, the CSV export and the UI.
 */
export const timingSourceSchema = z.enum(['hooks', 'legacy']);
export type TimingSource = z.infer<typeof timingSourceSchema>;

export const streamRowSchema = z.strictObject({
  stream_id: z.number().int(),
  project: z.string(),
  app_id: z.string(),
  partition_key: z.string().nullable(),
  sequence_id: z.number().int(),
  action: z.string().nullable(),
  /** Step start/end as written by Burr: naive local time of the writing machine (ISO, no offset). */
  step_start: z.string().nullable(),
  step_end: z.string().nullable(),
  /** Stream start in UTC (ISO with Z). */
  stream_start: z.string().nullable(),
  failed: z.boolean(),
  timing_source: timingSourceSchema,
  items: z.number().int().nullable(),
  ttft_ms: z.number().nullable(),
  generation_ms: z.number().nullable(),
  consumer_ms: z.number().nullable(),
  gen_share: z.number().nullable(),
  stream_ms: z.number().nullable(),
  legacy_ms_per_item: z.number().nullable(),
  inter_item_ms: z.number().nullable(),
  items_per_s: z.number().nullable(),
});
export type StreamRow = z.infer<typeof streamRowSchema>;

/** The metrics that get statistics in reports and comparisons, in display order. */
export const STAT_METRICS = [
  'ttft_ms',
  'generation_ms',
  'consumer_ms',
  'gen_share',
  'inter_item_ms',
  'items_per_s',
  'legacy_ms_per_item',
] as const;
export type StatMetric = (typeof STAT_METRICS)[number];

export const statsSchema = z.strictObject({
  count: z.number().int(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  min: z.number().nullable(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
});
/** count, mean, population std, min, linear-interpolated percentiles, max. Nulls when count = 0. */
export type Stats = z.infer<typeof statsSchema>;

/** Stated in the UI and in every report. */
export const STATS_CONVENTION = {
  percentiles: 'linear interpolation between closest ranks (numpy default: rank = (n - 1) * p / 100)',
  std: 'population standard deviation',
  failed: 'failed streams excluded from timing statistics, counted separately',
  clocks:
    'step times are naive local time of the writing machine; stream times are UTC; durations never mix the two',
} as const;
