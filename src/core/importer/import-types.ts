import type { ImportProgress } from '../../shared/schemas/import';

/** What an import reports and returns: defined once, by the contract's schemas (src/shared/schemas/import.ts). */
export type { ImportProgress, ImportSummary, ProjectCounts } from '../../shared/schemas/import';

export interface ImportOptions {
  /** Lines longer than this are quarantined without being held in memory. Default 64 MiB. */
  maxLineBytes?: number;
  /** Commit (rows + checkpoint) after this many lines or bytes. */
  batchLines?: number;
  batchBytes?: number;
  sourceKind?: 'folder' | 's3';
  /**
   * The sources the files belong to, when `roots` are only parts of them (a watcher
   * re-importing one changed app folder of an open `~/.burr`). Default: the roots themselves.
   */
  sourceLocations?: readonly string[];
  onProgress?: (progress: ImportProgress) => void;
  /**
   * New bytes from which reading and parsing move to a worker thread (default 16 MiB, or 256 files to read,
   * whichever comes first; Infinity = never).
   */
  parallelThresholdBytes?: number;
  /**
   * Wait for the reader worker to start instead of reading files in this thread meanwhile (tests use it
   * so the worker surely takes part, whatever the machine's speed).
   */
  waitForReader?: boolean;
  /** How many files may be planned ahead of the reading (default 50,000; tests make it small). */
  maxPlannedFiles?: number;
  /** The reader worker's script when it is not next to this module (the Electron build passes its bundled file). */
  readerWorkerFile?: string | URL;
  /** Checked between chunks; returning true stops after committing what was read. */
  shouldCancel?: () => boolean;
  /**
   * Count the totals of the projects imported into (the summary's `projects`); default true. The
   * app's live re-imports do not (nothing reads their summary; at 1M streams counting took longer
   * than the import itself, before its data:changed), nor an S3 sync's pages (it counts once).
   */
  countProjects?: boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
