import { z } from 'zod';

/** What could not be imported, and why: quarantined lines, notices and file errors. */

export const quarantineRowSchema = z
  .object({
    id: z.number(),
    /** The file, for `shell:show-in-folder` (the desktop app). */
    fileRef: z.number(),
    path: z.string(),
    lineNo: z.number(),
    byteOffset: z.number(),
    byteLength: z.number(),
    reason: z.string(),
    excerpt: z.string().nullable(),
    imported: z.boolean(),
    createdAt: z.string(),
  })
  .strict();
export type QuarantineRow = z.infer<typeof quarantineRowSchema>;

export const noticeLevelSchema = z.enum(['info', 'warning', 'error']);
export type NoticeLevel = z.infer<typeof noticeLevelSchema>;

export const noticeSchema = z
  .object({
    id: z.number(),
    path: z.string(),
    level: noticeLevelSchema,
    message: z.string(),
    createdAt: z.string(),
  })
  .strict();
export type Notice = z.infer<typeof noticeSchema>;

export const problemsSchema = z
  .object({
    quarantineTotal: z.number(),
    quarantine: z.array(quarantineRowSchema),
    notices: z.array(noticeSchema),
    fileErrors: z.array(z.object({ path: z.string(), error: z.string() }).strict()),
  })
  .strict();
export type Problems = z.infer<typeof problemsSchema>;
