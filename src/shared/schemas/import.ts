import { z } from 'zod';

/**
 * What an import reports while it runs and what it returns: the one definition the importer, the
 * import worker, the service, the CLI and the renderer share.
 */

/** Where an import reads from: a folder tree, or a bucket being synced (with the sync's own phase). */
export const importOriginSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder') }).strict(),
  z
    .object({
      kind: z.literal('s3'),
      /** The source's location, `s3://bucket/prefix/`. */
      location: z.string(),
      /** The project the sync is at, when it has reached one. */
      project: z.string().nullable(),
      phase: z.enum(['listing', 'downloading', 'importing', 'done']),
    })
    .strict(),
]);
export type ImportOrigin = z.infer<typeof importOriginSchema>;

export const importProgressSchema = z
  .object({
    phase: z.enum(['scanning', 'importing', 'done']),
    filesDone: z.number(),
    filesTotal: z.number(),
    bytesDone: z.number(),
    bytesTotal: z.number(),
    lines: z.number(),
    quarantined: z.number(),
    elapsedMs: z.number(),
    bytesPerSecond: z.number(),
    /** The file being read (a folder import) or the place a sync is at (an S3 sync). */
    currentFile: z.string().nullable(),
    origin: importOriginSchema,
  })
  .strict();
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const projectCountsSchema = z
  .object({
    apps: z.number(),
    steps: z.number(),
    streams: z.number(),
    failed_streams: z.number(),
    timed_streams: z.number(),
    spans: z.number(),
    attributes: z.number(),
  })
  .strict();
export type ProjectCounts = z.infer<typeof projectCountsSchema>;

export const importSummarySchema = z
  .object({
    files: z.number(),
    files_read: z.number(),
    files_unchanged: z.number(),
    file_errors: z.number(),
    bytes: z.number(),
    lines: z.number(),
    quarantined: z.number(),
    invalid_utf8_lines: z.number(),
    seconds: z.number(),
    cancelled: z.boolean(),
    /** Files that had to be re-read from the start, and why. */
    rereads: z.array(z.object({ path: z.string(), reason: z.string() }).strict()),
    errors: z.array(z.object({ path: z.string(), message: z.string() }).strict()),
    projects: z.record(z.string(), projectCountsSchema),
    /** Database ids of the apps whose rows changed (open views refresh just those). */
    changed_apps: z.array(z.number()).optional(),
    /** Files read by the reader worker (0 when the import was small enough to read in one thread). */
    files_read_by_worker: z.number().optional(),
    /** An S3 sync's own counts: objects listed, downloaded, skipped (already imported) and ignored. */
    s3: z
      .object({
        location: z.string(),
        listed: z.number(),
        downloaded: z.number(),
        skipped: z.number(),
        download_bytes: z.number(),
        ignored: z.number(),
        retries: z.number(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ImportSummary = z.infer<typeof importSummarySchema>;
