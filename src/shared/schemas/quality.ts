import { z } from 'zod';

/** Where one stream stands in its selection, and which streams have suspicious timing (issue 14). */

/** metrics/percentile-rank: 100 · (below + equal / 2) / n. */
export const percentileRankSchema = z.strictObject({
  rank: z.number(),
  below: z.number().int(),
  equal: z.number().int(),
  n: z.number().int(),
});
export type PercentileRankAnswer = z.infer<typeof percentileRankSchema>;

export const timingFlagSchema = z.enum([
  'ttft-over-duration',
  'ttft-equals-generation',
  'first-item-before-start',
  'non-positive-duration',
  'zero-items-with-first-item',
  'partial-timing-fields',
]);

export const flaggedAppSchema = z.strictObject({
  /** The app's database id, to open its run. */
  appRef: z.number().int(),
  project: z.string(),
  partitionKey: z.string().nullable(),
  appId: z.string(),
  count: z.number().int(),
  /** Sequence ids of the first flagged streams (at most 20), to point at steps in the run. */
  sequenceIds: z.array(z.number().int()),
});

export const timingFlagRowSchema = z.strictObject({
  flag: timingFlagSchema,
  label: z.string(),
  description: z.string(),
  /** Flagged streams over every app. */
  count: z.number().int(),
  /** Apps with flagged streams, most flagged first (at most 200; `appsTotal` counts them all). */
  apps: z.array(flaggedAppSchema),
  appsTotal: z.number().int(),
});
export type TimingFlagRow = z.infer<typeof timingFlagRowSchema>;

export const timingFlagsAnswerSchema = z.strictObject({
  /** Streams checked (the whole selection, failed included). */
  streams: z.number().int(),
  flags: z.array(timingFlagRowSchema),
});
export type TimingFlagsAnswer = z.infer<typeof timingFlagsAnswerSchema>;
