import { s3AsImportProgress, s3AsImportSummary } from '../s3/s3-progress';
import type { S3SourceConfig } from '../s3/s3-source-config';
import { syncS3Source } from '../s3/s3-sync';
import type { StoreDatabase } from '../store/open-store';
import { importPaths } from './import-paths';
import type { ImportProgress, ImportSummary } from './import-types';

/** One import job as the job queue describes it: folders (or parts of them), or one S3 source's sync. */
export interface ImportJobSpec {
  roots: string[];
  /** Sync this S3 source instead of importing `roots`. */
  s3?: { config: S3SourceConfig; cacheDir: string };
  sourceKind?: 'folder' | 's3';
  sourceLocations?: string[];
  /** The reader worker's script when the host bundles it (Electron); else found next to the importer. */
  readerWorkerFile?: string;
  maxLineBytes?: number;
  /** As ImportOptions' (a live re-import leaves its summary's project totals out). */
  countProjects?: boolean;
}

/**
 * Runs one job: what the import worker does in its thread and the CLI in its process, so both
 * import the same way and report the same shapes (an S3 sync's progress and summary as the
 * contract's).
 */
export async function runImportJob(
  db: StoreDatabase,
  job: ImportJobSpec,
  { onProgress, shouldCancel }: { onProgress?: (p: ImportProgress) => void; shouldCancel?: () => boolean },
): Promise<ImportSummary> {
  const s3 = job.s3;
  if (s3) {
    const location = `s3://${s3.config.bucket}/${s3.config.prefix}`;
    return s3AsImportSummary(
      await syncS3Source(db, s3.config, {
        cacheDir: s3.cacheDir,
        ...(shouldCancel ? { shouldCancel } : {}),
        ...(job.readerWorkerFile ? { readerWorkerFile: job.readerWorkerFile } : {}),
        ...(onProgress ? { onProgress: (p) => onProgress(s3AsImportProgress(p, location)) } : {}),
      }),
    );
  }
  return importPaths(db, job.roots, {
    sourceKind: job.sourceKind,
    sourceLocations: job.sourceLocations,
    maxLineBytes: job.maxLineBytes,
    ...(job.countProjects === false ? { countProjects: false } : {}),
    ...(job.readerWorkerFile ? { readerWorkerFile: job.readerWorkerFile } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(shouldCancel ? { shouldCancel } : {}),
  });
}
