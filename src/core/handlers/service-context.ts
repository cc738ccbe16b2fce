import type { ImportRunner } from '../importer/run-import-in-worker';
import type { EventHub } from '../runtime/event-hub';
import type { FactsCache } from '../runtime/facts-cache';
import type { ImportJobs } from '../runtime/import-jobs';
import type { LiveWatching } from '../runtime/live-watching';
import type { S3Syncs } from '../runtime/s3-syncs';
import type { StoreDatabase } from '../store/open-store';

export interface ServiceOptions {
  databasePath: string;
  host: 'electron' | 'serve';
  version?: string;
  nativeBinding?: string;
  importRunner?: ImportRunner;
  /** Sync every S3 source this often, in minutes (0 = never). Default 5. */
  s3AutoSyncMinutes?: number;
  /** Watch every folder source and import what is appended (default true). */
  watch?: boolean;
  /** The built dashboard-snapshot worker (Electron passes its bundled file); default: found next to the source. */
  snapshotWorkerFile?: string;
  /** The built change-point worker (E-divisive's permutation tests; Electron passes its bundled file). */
  changePointsWorkerFile?: string;
  /** The built worker of the dashboard's passes in row order (Electron passes its bundled file). */
  momentsWorkerFile?: string;
  /** The host's log file, reported by app:info (the desktop app keeps one). */
  logPath?: string;
  /** Opens the system's file manager on a path (the desktop app); without it, Show in folder says why not. */
  showInFolder?: (path: string) => void;
}

/** What the domain handlers share: the library, the event hub and the background services. */
export interface ServiceContext {
  options: ServiceOptions;
  db: StoreDatabase;
  hub: EventHub;
  jobs: ImportJobs;
  /** Null when watching is off (`watch: false`). */
  live: LiveWatching | null;
  s3: S3Syncs;
  facts: FactsCache;
}
