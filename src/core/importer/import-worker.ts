import { parentPort, workerData } from 'node:worker_threads';
import { S3SyncError } from '../s3/s3-errors';
import type { S3SourceConfig } from '../s3/s3-source-config';
import { type S3SyncProgress, syncS3Source } from '../s3/s3-sync';
import { openStore } from '../store/open-store';
import { importPaths } from './import-paths';
import type { ImportProgress, ImportSummary } from './import-types';

/**
 * Worker-thread entry: runs one import (folders, or one S3 source's sync) off
 * the caller's thread. It opens its own connection (WAL lets the UI keep
 * reading) and checks a shared cancel flag between chunks, so Cancel works
 * while the import loop is busy. A fresh worker per sync also gives the AWS
 * SDK a fresh read of ~/.aws (it caches those files for a process's life).
 */
export interface ImportWorkerData {
  databasePath: string;
  roots: string[];
  /** Sync this S3 source instead of importing `roots`. */
  s3?: { config: S3SourceConfig; cacheDir: string };
  sourceKind?: 'folder' | 's3';
  sourceLocations?: string[];
  nativeBinding?: string;
  maxLineBytes?: number;
  cancelFlag: SharedArrayBuffer;
}

export type ImportWorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'error'; message: string; kind: string | null };

const data = workerData as ImportWorkerData;
const flag = new Int32Array(data.cancelFlag);
const post = (message: ImportWorkerMessage): void => parentPort?.postMessage(message);
const shouldCancel = (): boolean => Atomics.load(flag, 0) === 1;

try {
  const db = openStore(data.databasePath, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
  try {
    const summary = data.s3
      ? await syncS3Source(db, data.s3.config, {
          cacheDir: data.s3.cacheDir,
          shouldCancel,
          onProgress: (p) =>
            post({
              type: 'progress',
              progress: s3AsImportProgress(p, `s3://${data.s3?.config.bucket}/${data.s3?.config.prefix}`),
            }),
        })
      : importPaths(db, data.roots, {
          sourceKind: data.sourceKind,
          sourceLocations: data.sourceLocations,
          maxLineBytes: data.maxLineBytes,
          onProgress: (progress) => post({ type: 'progress', progress }),
          shouldCancel,
        });
    post({ type: 'done', summary });
  } finally {
    db.close();
  }
} catch (error) {
  post({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
    kind: error instanceof S3SyncError ? error.kind : null,
  });
}

/** A sync's progress in the shape every import reports: objects as files, downloaded bytes as bytes. */
function s3AsImportProgress(p: S3SyncProgress, location: string): ImportProgress {
  const what =
    p.phase === 'listing'
      ? 'listing'
      : p.phase === 'downloading'
        ? 'downloading'
        : p.phase === 'importing'
          ? 'importing'
          : 'done';
  return {
    phase: p.phase === 'done' ? 'done' : p.phase === 'listing' ? 'scanning' : 'importing',
    filesDone: p.downloaded + p.skipped,
    filesTotal: p.listed,
    bytesDone: p.downloadBytes,
    bytesTotal: 0,
    lines: p.import?.lines ?? 0,
    quarantined: p.import?.quarantined ?? 0,
    elapsedMs: p.elapsedMs,
    bytesPerSecond: p.downloadBytesPerSecond,
    currentFile: `${location}${p.project ? `${p.project}/` : ''} (${what})`,
  };
}
