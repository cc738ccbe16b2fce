import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open-store';
import { importPaths } from './import-paths';
import type { ImportProgress, ImportSummary } from './import-types';

/**
 * Worker-thread entry: runs one import off the caller's thread. It opens its
 * own connection (WAL lets the UI keep reading) and checks a shared cancel
 * flag between chunks, so Cancel works while the import loop is busy.
 */
export interface ImportWorkerData {
  databasePath: string;
  roots: string[];
  sourceKind?: 'folder' | 's3';
  nativeBinding?: string;
  maxLineBytes?: number;
  cancelFlag: SharedArrayBuffer;
}

export type ImportWorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'error'; message: string };

const data = workerData as ImportWorkerData;
const flag = new Int32Array(data.cancelFlag);
const post = (message: ImportWorkerMessage): void => parentPort?.postMessage(message);

try {
  const db = openStore(data.databasePath, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
  try {
    const summary = importPaths(db, data.roots, {
      sourceKind: data.sourceKind,
      maxLineBytes: data.maxLineBytes,
      onProgress: (progress) => post({ type: 'progress', progress }),
      shouldCancel: () => Atomics.load(flag, 0) === 1,
    });
    post({ type: 'done', summary });
  } finally {
    db.close();
  }
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
