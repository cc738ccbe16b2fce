import { z } from 'zod';
import { STAT_METRICS, statsSchema } from '../stream-row';
import { cdfSchema, histogramSchema } from './chart-data';

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
  })
  .strict();
export type Dashboard = z.infer<typeof dashboardSchema>;
