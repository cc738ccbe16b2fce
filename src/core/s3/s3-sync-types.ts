import type { ImportProgress, ImportSummary } from '../importer/import-types';
import type { S3ClientTuning } from './s3-client';
import type { RetryPolicy } from './s3-retry';

/** What a sync of one S3 source takes, reports while it runs, and returns. */

export interface S3SyncProgress {
  phase: 'listing' | 'downloading' | 'importing' | 'done';
  project: string | null;
  projectsDone: number;
  projectsTotal: number;
  /** Burr objects listed so far (new ones, plus those re-listed by the lookback). */
  listed: number;
  downloaded: number;
  skipped: number;
  downloadBytes: number;
  elapsedMs: number;
  downloadBytesPerSecond: number;
  /** The importer's own progress while a page of objects is imported, else null. */
  import: ImportProgress | null;
}

export interface S3SyncOptions {
  /** The local cache: objects land in `<cacheDir>/<bucket>/<key>` and stay there (the library reads lines back from them). */
  cacheDir: string;
  /** Parallel downloads. Default 8. */
  concurrency?: number;
  onProgress?: (progress: S3SyncProgress) => void;
  /** Checked between objects, between chunks of a download and by the importer; true stops after committing what is complete. */
  shouldCancel?: () => boolean;
  /** How far before a project's high-water mark the listing restarts, for late uploads (see lookbackStartAfter). Default 5 minutes. */
  lookbackMs?: number;
  /** List every key again: catches uploads older than the lookback, and fetches files lost from the cache. Imported objects are not downloaded or imported again. */
  rescan?: boolean;
  /** Keys per listing page, 1..1000; each page is downloaded and imported before the next. Default 1000. */
  pageSize?: number;
  retry?: Partial<RetryPolicy>;
  timeouts?: Partial<Pick<S3ClientTuning, 'connectTimeoutMs' | 'idleTimeoutMs'>>;
  /** Passed to the importer. */
  maxLineBytes?: number;
  /** Passed to the importer: its reader worker's script, when the host bundles it (Electron). */
  readerWorkerFile?: string;
}

export interface S3SyncSummary extends ImportSummary {
  /** Burr objects the listing returned. */
  listed: number;
  downloaded: number;
  /** Listed but not downloaded: already imported, or already complete in the cache. */
  skipped: number;
  downloadBytes: number;
  /** Keys that are no Burr tracker file, or not safe as a local path. */
  ignored: number;
  /** Retried S3 calls (throttling, 5xx, dropped connections). */
  retries: number;
  sourceId: number | null;
  location: string;
}

export const DEFAULT_LOOKBACK_MS = 5 * 60_000;
