import { parentPort, workerData } from 'node:worker_threads';
import { S3SyncError } from '../s3/s3-errors';
import type { S3SourceConfig } from '../s3/s3-source-config';
import { openStore, type StoreDatabase } from '../store/open-store';
import type { ImportProgress, ImportSummary } from './import-types';
import { runImportJob } from './run-import-job';

/**
 * Worker-thread entry: runs imports (folders, or one S3 source's sync) off the
 * caller's thread, on its own connection (WAL lets the UI keep reading). A
 * shared cancel flag per job is checked between chunks, so Cancel works while
 * the import loop is busy.
 * - persistent: stays alive and takes jobs as messages, one at a time (live
 *   folders import every few hundred ms; a thread start costs far more);
 * - one-shot: runs `workerData` and ends (S3 syncs: a fresh thread gives the
 *   AWS SDK a fresh read of ~/.aws, which it caches for a thread's life).
 */
export interface ImportJobData {
  databasePath: string;
  roots: string[];
  /** Sync this S3 source instead of importing `roots`. */
  s3?: { config: S3SourceConfig; cacheDir: string };
  sourceKind?: 'folder' | 's3';
  sourceLocations?: string[];
  nativeBinding?: string;
  /** The reader worker's script when the host bundles it (Electron); else found next to the importer. */
  readerWorkerFile?: string;
  maxLineBytes?: number;
  countProjects?: boolean;
  cancelFlag: SharedArrayBuffer;
}

export interface ImportWorkerData extends ImportJobData {
  persistent?: boolean;
}

export type ImportWorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'error'; message: string; kind: string | null };

const post = (message: ImportWorkerMessage): void => parentPort?.postMessage(message);

async function runJob(db: StoreDatabase, job: ImportJobData): Promise<void> {
  const flag = new Int32Array(job.cancelFlag);
  const shouldCancel = (): boolean => Atomics.load(flag, 0) === 1;
  try {
    const summary = await runImportJob(db, job, {
      onProgress: (progress) => post({ type: 'progress', progress }),
      shouldCancel,
    });
    post({ type: 'done', summary });
  } catch (error) {
    post({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
      kind: error instanceof S3SyncError ? error.kind : null,
    });
  }
}

const data = workerData as ImportWorkerData;
const open = (): StoreDatabase =>
  openStore(data.databasePath, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});

if (data.persistent) {
  let db: StoreDatabase | null = null;
  let chain = Promise.resolve();
  parentPort?.on('message', (job: ImportJobData) => {
    chain = chain.then(async () => {
      try {
        db ??= open();
      } catch (error) {
        post({ type: 'error', message: error instanceof Error ? error.message : String(error), kind: null });
        return;
      }
      await runJob(db, job);
    });
  });
} else {
  try {
    const db = open();
    try {
      await runJob(db, data);
    } finally {
      db.close();
    }
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error), kind: null });
  }
}
