import { z } from 'zod';

/**
 * Zod shapes of what a sync reports, for the contract. Zod only (no Node
 * imports), so src/shared can use them. The contract extends its own
 * import schemas with them:
 *   importSummarySchema.extend(s3SyncCountsSchema.shape)
 *   s3SyncProgressSchema.extend({ import: importProgressSchema.nullable() })
 */

export const s3SyncCountsSchema = z.object({
  listed: z.number(),
  downloaded: z.number(),
  skipped: z.number(),
  downloadBytes: z.number(),
  ignored: z.number(),
  retries: z.number(),
  sourceId: z.number().nullable(),
  location: z.string(),
});

export const s3SyncProgressSchema = z.object({
  phase: z.enum(['listing', 'downloading', 'importing', 'done']),
  project: z.string().nullable(),
  projectsDone: z.number(),
  projectsTotal: z.number(),
  listed: z.number(),
  downloaded: z.number(),
  skipped: z.number(),
  downloadBytes: z.number(),
  elapsedMs: z.number(),
  downloadBytesPerSecond: z.number(),
});

export const s3SyncErrorKindSchema = z.enum([
  'credentials',
  'no-bucket',
  'access-denied',
  'network',
  'other',
]);
