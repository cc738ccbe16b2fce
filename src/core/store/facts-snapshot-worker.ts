import { parentPort, workerData } from 'node:worker_threads';
import { loadSnapshotSavedOrSql } from './facts-snapshot-start';
import { openStore } from './open-store';

/**
 * Worker entry: reads the whole dashboard snapshot off the host's thread (from the saved file when
 * it matches the database, else from SQL, which takes seconds at 1M streams) and hands its typed
 * arrays over without copying them.
 */
const { databasePath, nativeBinding } = workerData as { databasePath: string; nativeBinding?: string };
try {
  const db = openStore(databasePath, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    const { snapshot, origin } = loadSnapshotSavedOrSql(db, databasePath);
    // Columns read from the file share one buffer: list each buffer once.
    const buffers = new Set(
      Object.values(snapshot)
        .filter((v): v is Float64Array | Int32Array | Uint8Array => ArrayBuffer.isView(v))
        .map((v) => v.buffer as ArrayBuffer),
    );
    parentPort?.postMessage({ snapshot, origin }, [...buffers]);
  } finally {
    db.close();
  }
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
