// electron-vite bundles the worker as its own file next to the main bundle and gives us its path.
import importWorkerFile from '../core/importer/import-worker?modulePath';
import { type ImportRunner, workerImportRunner } from '../core/importer/run-import-in-worker';
import { unpackedPath } from './app-paths';

/**
 * Imports run in a worker thread so the main process (menus, IPC, window)
 * never blocks on parsing. The worker opens its own SQLite connection, so it
 * needs the same Electron-ABI build of better-sqlite3 as main.
 */
export function electronImportRunner(nativeBinding: string | undefined): ImportRunner {
  return workerImportRunner({
    workerFile: unpackedPath(importWorkerFile),
    ...(nativeBinding ? { nativeBinding } : {}),
  });
}
