/** What an import reports while it runs, and what it returns. Shared by the CLI, the worker and the service. */
export interface ImportProgress {
  phase: 'scanning' | 'importing' | 'done';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  lines: number;
  quarantined: number;
  elapsedMs: number;
  bytesPerSecond: number;
  currentFile: string | null;
}

export interface ProjectCounts {
  apps: number;
  steps: number;
  streams: number;
  failed_streams: number;
  timed_streams: number;
  spans: number;
  attributes: number;
}

export interface ImportSummary {
  files: number;
  files_read: number;
  files_unchanged: number;
  file_errors: number;
  bytes: number;
  lines: number;
  quarantined: number;
  invalid_utf8_lines: number;
  seconds: number;
  cancelled: boolean;
  /** Files that had to be re-read from the start, and why. */
  rereads: { path: string; reason: string }[];
  errors: { path: string; message: string }[];
  projects: Record<string, ProjectCounts>;
  /** Database ids of the apps whose rows changed (open views refresh just those). */
  changed_apps?: number[];
  /** Files read by the reader worker (0 when the import was small enough to read in one thread). */
  files_read_by_worker?: number;
}

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
  /** The reader worker's script when it is not next to this module (the Electron build passes its bundled file). */
  readerWorkerFile?: string | URL;
  /** Checked between chunks; returning true stops after committing what was read. */
  shouldCancel?: () => boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
