import { z } from 'zod';

/** Sources (opened folders, S3 buckets), projects and apps: what the sidebar and the Runs list show. */

export const sourceSchema = z
  .object({
    id: z.number(),
    kind: z.enum(['folder', 's3']),
    location: z.string(),
    addedAt: z.string(),
    lastImportAt: z.string().nullable(),
    files: z.number(),
    apps: z.number(),
    quarantined: z.number(),
    fileErrors: z.number(),
  })
  .strict();
export type SourceSummary = z.infer<typeof sourceSchema>;

export const projectSummarySchema = z
  .object({
    name: z.string(),
    apps: z.number(),
    streams: z.number(),
    failedStreams: z.number(),
    lastWrittenMs: z.number().nullable(),
  })
  .strict();
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const appSummarySchema = z
  .object({
    appRef: z.number(),
    project: z.string(),
    appId: z.string(),
    partitionKey: z.string().nullable(),
    layout: z.enum(['local', 's3']),
    steps: z.number(),
    streams: z.number(),
    failedSteps: z.number(),
    lastWrittenMs: z.number().nullable(),
  })
  .strict();
export type AppSummary = z.infer<typeof appSummarySchema>;

export const filterOptionsSchema = z
  .object({
    partitionKeys: z.array(z.string()),
    actions: z.array(z.string()),
    firstStreamMs: z.number().nullable(),
    lastStreamMs: z.number().nullable(),
  })
  .strict();
export type FilterOptions = z.infer<typeof filterOptionsSchema>;
