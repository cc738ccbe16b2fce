import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportProgress, ImportSummary } from './import-types';
import type { ImportJobData, ImportWorkerMessage } from './import-worker';

export interface WorkerImportRequest {
  databasePath: string;
  roots: string[];
  /** Sync this S3 source instead of importing `roots`. */
  s3?: ImportJobData['s3'];
  sourceKind?: 'folder' | 's3';
  sourceLocations?: string[];
  /** As ImportOptions' (a live re-import leaves its summary's project totals out). */
  countProjects?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

export interface WorkerImportJob {
  done: Promise<ImportSummary>;
  cancel(): void;
}

export interface WorkerImportRunnerOptions {
  /** The built worker script (Electron passes its bundled file); default: the TypeScript source run through tsx. */
  workerFile?: string;
  /** The built reader worker (the import worker's helper for big imports), passed along the same way. */
  readerWorkerFile?: string;
  nativeBinding?: string;
  /** An idle persistent worker stops after this long (it never keeps the process alive). Default 60 s. */
  idleMs?: number;
}

/** Runs one job at a time (the caller queues them). */
export type ImportRunner = (request: WorkerImportRequest) => WorkerImportJob;

type JobError = Error & { kind?: string | null };

const RUN_AGAIN = 'Run the import again: it continues where it stopped.';

/**
 * Imports in a worker thread so the host's event loop (UI, HTTP) never blocks.
 * Folder imports share one worker kept alive between jobs: a live re-import
 * of a few appended lines then costs milliseconds, not a thread start (about
 * a second when run from source through tsx). Each S3 sync gets a fresh one.
 */
export function workerImportRunner(options: WorkerImportRunnerOptions = {}): ImportRunner {
  let shared: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  const spawn = (data: ImportJobData & { persistent?: boolean }): Worker => {
    const file = options.workerFile ?? defaultImportWorker();
    const worker = new Worker(file, { workerData: data, execArgv: [] });
    // A shared worker can also die between jobs; a job posted to a dead thread would wait forever.
    worker.once('exit', () => {
      if (shared === worker) shared = null;
    });
    return worker;
  };

  return (request) => {
    const cancelFlag = new SharedArrayBuffer(4);
    const job: ImportJobData = {
      databasePath: request.databasePath,
      roots: request.roots,
      s3: request.s3,
      sourceKind: request.sourceKind,
      sourceLocations: request.sourceLocations,
      countProjects: request.countProjects,
      nativeBinding: options.nativeBinding,
      readerWorkerFile: options.readerWorkerFile,
      cancelFlag,
    };
    const oneShot = request.s3 !== undefined;
    if (idleTimer) clearTimeout(idleTimer);
    let worker: Worker;
    if (oneShot) worker = spawn(job);
    else {
      shared ??= spawn({ ...job, persistent: true });
      worker = shared;
      worker.ref();
    }
    const done = new Promise<ImportSummary>((resolve, reject) => {
      const finish = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (oneShot) return;
        worker.unref();
        const idle = worker;
        idleTimer = setTimeout(() => {
          if (shared === idle) shared = null;
          void idle.terminate();
        }, options.idleMs ?? 60_000);
        idleTimer.unref();
      };
      const forget = (): void => {
        if (shared === worker) shared = null;
      };
      const onMessage = (message: ImportWorkerMessage): void => {
        if (message.type === 'progress') {
          request.onProgress?.(message.progress);
          return;
        }
        finish();
        if (message.type === 'done') resolve(message.summary);
        else reject(Object.assign(new Error(message.message), { kind: message.kind }) satisfies JobError);
      };
      // A dead worker's open transaction is rolled back with its connection: only whole batches stay, each
      // with its files' checkpoints, so the next import (in a fresh worker) reads from where they stop.
      const onError = (error: Error): void => {
        forget();
        finish();
        reject(new Error(`The import worker failed: ${error.message.replace(/\.$/, '')}. ${RUN_AGAIN}`));
      };
      const onExit = (code: number): void => {
        forget();
        finish();
        reject(new Error(`The import worker stopped unexpectedly (exit code ${code}). ${RUN_AGAIN}`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
    if (!oneShot) worker.postMessage(job);
    return { done, cancel: () => Atomics.store(new Int32Array(cancelFlag), 0, 1) };
  };
}

/** The built worker beside this module (the CLI's JavaScript build), else the tsx wrapper of the sources. */
function defaultImportWorker(): URL {
  const built = new URL('./import-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : new URL('./import-worker-tsx.mjs', import.meta.url);
}
