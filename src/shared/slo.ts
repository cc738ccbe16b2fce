import { z } from 'zod';

/*
 * Latency SLOs for goodput (issue 14): "a stream meets the SLOs when every named metric is
 * non-null and within its bound". The zod schema is the contract's, so the CLI, the app and the
 * renderer agree on one shape.
 */

/** Every numeric field of the stream row (BURR-FORMAT §3) an SLO may bound. */
export const SLO_METRICS = [
  'ttft_ms',
  'generation_ms',
  'consumer_ms',
  'gen_share',
  'stream_ms',
  'legacy_ms_per_item',
  'inter_item_ms',
  'items_per_s',
  'items',
] as const;
export const sloMetricSchema = z.enum(SLO_METRICS);
export type SloMetric = z.infer<typeof sloMetricSchema>;

/** Only upper bounds: an SLO says how slow a stream may be ("ttft_ms<=500"). */
export const sloOpSchema = z.enum(['<=', '<']);
export type SloOp = z.infer<typeof sloOpSchema>;

export const sloBoundSchema = z.strictObject({ op: sloOpSchema, value: z.number().finite() });
export type SloBound = z.infer<typeof sloBoundSchema>;

/**
 * The SLOs as metric → bound, e.g. { ttft_ms: { op: '<=', value: 500 } }: exactly what
 * `report --format json` prints as `goodput.slo`. At least one bound.
 */
export const sloSchema = z
  .partialRecord(sloMetricSchema, sloBoundSchema)
  .refine((slo) => Object.keys(slo).length > 0, { message: 'an SLO needs at least one bound' });
export type Slo = z.infer<typeof sloSchema>;

export const goodputSchema = z.strictObject({
  slo: sloSchema,
  /** Streams that meet every bound (failed streams never do). */
  met: z.number().int(),
  /** Every stream of the group, failed included. */
  of: z.number().int(),
  /** met / of; null for an empty group. */
  share: z.number().nullable(),
});
export type Goodput = z.infer<typeof goodputSchema>;
