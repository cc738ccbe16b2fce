import { z } from 'zod';
import { timingSourceSchema } from './stream-row';

/**
 * A selection of streams: what the filter bar, a compare group and the CLI's
 * `report` flags all describe. Every field narrows; an empty filter is everything.
 */
export const streamFilterSchema = z.strictObject({
  project: z.string().optional(),
  /** App-id glob (`fast-model-*`) or, without wildcards, a substring. */
  app: z.string().max(500).optional(),
  /** Apps picked by hand (database ids of apps). */
  appRefs: z.array(z.number().int()).max(10_000).optional(),
  partitionKey: z.string().optional(),
  action: z.string().optional(),
  /** Stream start, inclusive, ISO 8601 UTC. */
  from: z.string().optional(),
  to: z.string().optional(),
  timingSource: timingSourceSchema.optional(),
  /** Which streams to list. Statistics always exclude failed streams and count them apart. */
  failed: z.enum(['any', 'only', 'none']).optional(),
  sourceId: z.number().int().optional(),
});
export type StreamFilter = z.infer<typeof streamFilterSchema>;

export const groupBySchema = z.enum(['project', 'app', 'partition', 'action']);
export type GroupBy = z.infer<typeof groupBySchema>;
