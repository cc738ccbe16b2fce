import { Worker } from 'node:worker_threads';
import type { ImportProgress, ImportSummary } from './import-types';
import type { ImportWorkerData, ImportWorkerMessage } from './import-worker';

export interface WorkerImportRequest {
  databasePath: string;
  roots: string[];
  /** Sync this S3 source instead of importing `roots`. */
  s3?: ImportWorkerData['s3'];
  sourceKind?: 'folder' | 's3';
  sourceLocations?: string[];
  onProgress?: (progress: ImportProgress) => void;
}

export interface WorkerImportJob {
  done: Promise<ImportSummary>;
  cancel(): void;
}

export interface WorkerImportRunnerOptions {
  /** The built worker script (Electron passes its bundled file); default: the TypeScript source run through tsx. */
  workerFile?: string;
  nativeBinding?: string;
}

export type ImportRunner = (request: WorkerImportRequest) => WorkerImportJob;

/** Runs imports in a worker thread so the host's event loop (UI, HTTP) never blocks. */
export function workerImportRunner(options: WorkerImportRunnerOptions = {}): ImportRunner {
  return (request) => {
    const cancelFlag = new SharedArrayBuffer(4);
    const data: ImportWorkerData = {
      databasePath: request.databasePath,
      roots: request.roots,
      s3: request.s3,
      sourceKind: request.sourceKind,
      sourceLocations: request.sourceLocations,
      nativeBinding: options.nativeBinding,
      cancelFlag,
    };
    const { file, execArgv } = options.workerFile
      ? { file: options.workerFile, execArgv: [] as string[] }
      : tsSourceWorker();
    const worker = new Worker(file, { workerData: data, execArgv });
    const done = new Promise<ImportSummary>((resolve, reject) => {
      let settled = false;
      worker.on('message', (message: ImportWorkerMessage) => {
        if (message.type === 'progress') request.onProgress?.(message.progress);
        else if (message.type === 'done') {
          settled = true;
          resolve(message.summary);
        } else {
          settled = true;
          reject(Object.assign(new Error(message.message), { kind: message.kind }));
        }
      });
      worker.on('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.on('exit', (code) => {
        if (!settled)
          reject(
            new Error(
              `The import worker stopped unexpectedly (exit code ${code}). Run the import again: it continues where it stopped.`,
            ),
          );
      });
    });
    return { done, cancel: () => Atomics.store(new Int32Array(cancelFlag), 0, 1) };
  };
}

function tsSourceWorker(): { file: URL; execArgv: string[] } {
  return { file: new URL('./import-worker-tsx.mjs', import.meta.url), execArgv: [] };
}
