import { z } from 'zod';
import { goodputSchema } from '../slo';
import { STAT_METRICS, statsSchema } from '../stream-row';
import { cdfSchema, histogramSchema } from './chart-data';
import { percentileRankSchema } from './quality';

/** The dashboard of one selection: counts, statistics and the data of every chart on it. */

/** Statistics of every metric (all of STAT_METRICS, no other key). */
const metricStatsSchema = z.record(z.enum(STAT_METRICS), statsSchema);

export const splitBarSchema = z
  .object({
    streamId: z.number(),
    appRef: z.number(),
    appId: z.string(),
    sequenceId: z.number(),
    action: z.string().nullable(),
    generationMs: z.number(),
    consumerMs: z.number(),
    ttftMs: z.number().nullable(),
    /** The stream's TTFT percentile rank in the selection ("p97 of 4,210"). */
    ttftRank: percentileRankSchema.nullable(),
  })
  .strict();
export type SplitBar = z.infer<typeof splitBarSchema>;

export const breakdownRowSchema = z
  .object({
    key: z.string().nullable(),
    streams: z.number(),
    failed: z.number(),
    ttft: statsSchema,
    generation: statsSchema,
    itemsPerS: statsSchema,
  })
  .strict();
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;

export const trendPointSchema = z
  .object({
    /** Bucket start, epoch ms UTC. */
    t: z.number(),
    n: z.number(),
    ttftP50: z.number().nullable(),
    ttftP90: z.number().nullable(),
    itemsPerSP50: z.number().nullable(),
    itemsPerSP90: z.number().nullable(),
  })
  .strict();
export type TrendPoint = z.infer<typeof trendPointSchema>;

const segmentSchema = z.strictObject({
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  n: z.number(),
});

/** A change point in one of the trend card's series (metrics/regressions: E-divisive means). */
export const dashboardChangePointSchema = z.strictObject({
  metric: z.enum(['ttft_ms', 'items_per_s']),
  stat: z.enum(['p50', 'p90']),
  /** Stream start of the first stream after the change, epoch ms UTC (and as ISO text). */
  t: z.number(),
  at: z.string(),
  before: segmentSchema,
  after: segmentSchema,
  /** after vs before of `stat`, in percent; null when before is 0. */
  changePct: z.number().nullable(),
  direction: z.enum(['worse', 'better', 'changed']),
  /** Permutation p-value. */
  p: z.number(),
});
export type DashboardChangePoint = z.infer<typeof dashboardChangePointSchema>;

export const dashboardSchema = z
  .object({
    counts: z
      .object({
        streams: z.number(),
        failed: z.number(),
        hooks: z.number(),
        legacy: z.number(),
        apps: z.number(),
      })
      .strict(),
    stats: metricStatsSchema,
    ttft: z.object({ histogram: histogramSchema, cdf: cdfSchema, legacyCount: z.number() }).strict(),
    split: z.object({ bars: z.array(splitBarSchema), total: z.number() }).strict(),
    scatter: z.array(splitBarSchema),
    throughput: z
      .object({
        itemsPerS: histogramSchema,
        interItemMs: histogramSchema,
        legacyMsPerItem: histogramSchema,
        legacyCount: z.number(),
      })
      .strict(),
    trend: z.object({ bucketMs: z.number(), points: z.array(trendPointSchema) }).strict(),
    byAction: z.array(breakdownRowSchema),
    byPartition: z.array(breakdownRowSchema),
    /** Share of the selection's streams meeting the request's SLOs; null when none were given. */
    goodput: goodputSchema.nullable(),
    /** Null unless the request asked for them (`changePoints: true`). */
    changePoints: z.array(dashboardChangePointSchema).nullable(),
  })
  .strict();
export type Dashboard = z.infer<typeof dashboardSchema>;
