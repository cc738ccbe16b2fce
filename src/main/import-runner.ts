// electron-vite bundles the worker as its own file next to the main bundle and gives us its path.
import importWorkerFile from '../core/importer/import-worker?modulePath';
import readerWorkerFile from '../core/importer/reader-worker?modulePath';
import { type ImportRunner, workerImportRunner } from '../core/importer/run-import-in-worker';
import changePointsWorkerFile from '../core/metrics/change-points-worker?modulePath';
import momentsWorkerFile from '../core/metrics/moments-worker?modulePath';
import snapshotWorkerFile from '../core/store/facts-snapshot-worker?modulePath';
import { unpackedPath } from './app-paths';

/**
 * Imports run in a worker thread so the main process (menus, IPC, window)
 * never blocks on parsing. The worker opens its own SQLite connection, so it
 * needs the same Electron-ABI build of better-sqlite3 as main.
 */
/** The dashboard snapshot is read in a worker too (100k streams take most of a second). */
export function electronSnapshotWorkerFile(): string {
  return unpackedPath(snapshotWorkerFile);
}

/** The dashboard's change points are tested in a worker (permutation tests), off the main process's thread. */
export function electronChangePointsWorkerFile(): string {
  return unpackedPath(changePointsWorkerFile);
}

/** The dashboard's passes in row order run in a worker while the main process walks sorted columns. */
export function electronMomentsWorkerFile(): string {
  return unpackedPath(momentsWorkerFile);
}

export function electronImportRunner(nativeBinding: string | undefined): ImportRunner {
  return workerImportRunner({
    workerFile: unpackedPath(importWorkerFile),
    readerWorkerFile: unpackedPath(readerWorkerFile),
    ...(nativeBinding ? { nativeBinding } : {}),
  });
}
